"""What happens when a workflow finishes (Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION), and later, when
an approved revision's go-live date arrives.

Wagtail imports this module while it loads its own models (the finish action is a class attribute
of WorkflowState), so models are imported inside the functions."""

import io
import logging

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)

SCHEDULED_PUBLISHING_LOCK = "governance:publish-scheduled"
SCHEDULED_PUBLISHING_LOCK_SECONDS = 10 * 60


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the workflow approved.

    No role holds publish permission: finishing every step is what authorises publication, so the
    permission check is skipped here, and the log records the final approver as the publisher. An
    ad placement's approval also records the page revision it was given for.
    """
    from .models import AdPlacement
    from .monetization import record_approval

    content_object = workflow_state.content_object
    content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
    if isinstance(content_object, AdPlacement):
        record_approval(content_object, user=user)


def publish_scheduled():
    """Make approved revisions whose go-live date has passed live (and take down content whose
    expiry date has passed): Wagtail's own ``publish_scheduled`` command, for pages and governed
    snippets alike.

    A workflow that finishes with a go-live date in the future only *schedules* its revision
    (``approved_go_live_at``); nothing publishes it until this runs. Celery beat runs it every minute.
    Idempotent: a revision, once published, is no longer scheduled, so a second run finds nothing to
    do. Runs never overlap (a cache lock), so a slow run and the next minute's cannot publish the
    same revision twice. Returns how many revisions were due, or None when another run holds the lock.
    """
    from wagtail.models import Revision

    if not cache.add(SCHEDULED_PUBLISHING_LOCK, True, SCHEDULED_PUBLISHING_LOCK_SECONDS):
        logger.info("Scheduled publishing is already running; skipped.")
        return None
    try:
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).count()
        call_command("publish_scheduled", stdout=io.StringIO())
        if due:
            logger.info("Scheduled publishing: %d revision(s) went live.", due)
        return due
    finally:
        cache.delete(SCHEDULED_PUBLISHING_LOCK)
