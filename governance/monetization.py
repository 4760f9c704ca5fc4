"""Ad placement approval: the ad-policy checks, the approval stamp, suspension, and each
placement's state. The workflow steps, the signal handlers, the report and the demo loader call
these plain functions."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.actions.unpublish import UnpublishAction
from wagtail.models import TaskState, WorkflowState

from . import checks, content
from .conf import governance_settings
from .models import AdPlacement, ReviewTask
from .models.monetization import SLOTS
from .roles import POLICY_REVIEWERS

PLACEMENT_STATES = {
    "approved": gettext_lazy("approved"),
    "pending": gettext_lazy("pending"),
    "rejected": gettext_lazy("rejected"),
    "suspended": gettext_lazy("suspended"),
    "draft": gettext_lazy("draft"),
}
SUSPEND_ACTION = "governance.ads.suspend"


def allowed_page_types():
    return set(governance_settings.ADS_PAGE_TYPES)


def passed_policy_review(page):
    """Whether the revision live now came through the publication workflow's policy review (a
    page published as an override did not)."""
    return TaskState.objects.filter(
        revision_id=page.live_revision_id,
        status=TaskState.STATUS_APPROVED,
        task__in=ReviewTask.objects.filter(groups__name=POLICY_REVIEWERS),
    ).exists()


def ad_policy_failures(page):
    """The readable reasons ``page``, as live now, may not carry ads (nothing when it may)."""
    page = page.specific
    if not page.live or page.live_revision_id is None:
        return [_("The page is not live: publish it through the review workflow first.")]
    failures = []
    if page._meta.label not in allowed_page_types():
        failures.append(_("Ads are not allowed on this page type (%(type)s).") % {
            "type": page._meta.verbose_name})
    if not content.is_monetizable(page):
        failures.append(_("This page is experiment, demo or playground traffic, which never carries ads."))
    if not passed_policy_review(page):
        failures.append(_("The live revision did not pass policy review (it was published outside the workflow)."))
    minimum = governance_settings.ADS_MIN_PUBLISHER_WORDS
    length = content.prose_length(page)
    if length < minimum:
        failures.append(ngettext(
            "The page has %(length)d word of publisher content; ads need at least %(minimum)d.",
            "The page has %(length)d words of publisher content; ads need at least %(minimum)d.",
            length,
        ) % {"length": length, "minimum": minimum})
    for rule, reason in checks.blocking_failures(checks.run_checks(page)):
        failures.append(_("Failing check “%(rule)s”: %(reason)s") % {"rule": rule.label, "reason": reason})
    return failures


def with_state(placements):
    """``placements`` (a queryset) ready for :func:`placement_state` in a fixed number of queries."""
    return placements.select_related("page__locale", "approved_by").prefetch_related(
        Prefetch(
            "workflow_states",
            queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
            to_attr="_current_workflow_states",
        )
    )


def placement_state(placement):
    """approved / pending / rejected / suspended / draft, for the report and the editor."""
    workflow_state = placement.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "pending"
    if placement.live and placement.approved_revision_id == placement.page.live_revision_id:
        return "approved"
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "rejected"
    if placement.suspended_at:
        return "suspended"
    return "draft"


def request_placement(page, user, slots=("in_article", "end_of_article")):
    """Create (or reuse) ``page``'s placement with ``slots`` and submit it to its workflow as
    ``user``, as the snippet editor's "Submit" button does; returns the workflow state."""
    placement = AdPlacement.objects.filter(page=page).first() or AdPlacement(page=page)
    for name in SLOTS:
        setattr(placement, name, name in slots)
    placement.full_clean()
    if placement.pk is None:
        placement.save()
    placement.save_revision(user=user)
    return placement.get_workflow().start(placement, user)


def record_approval(placement, user=None):
    """The placement's workflow finished: it is approved for the page revision live now."""
    page = placement.page
    AdPlacement.objects.filter(pk=placement.pk).update(
        approved_revision_id=page.live_revision_id,
        approved_at=timezone.now(),
        approved_by=user,
        suspended_at=None,
        suspension_reason="",
    )


def suspend(placement, reason, user=None):
    """Take ``placement`` off the page until it is approved again; a review in progress is
    cancelled, since its checks ran on a revision that is no longer live."""
    with transaction.atomic():
        workflow_state = placement.current_workflow_state
        if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            workflow_state.cancel(user=user)
        # Suspension is not a publishing decision of the user whose edit caused it: no permission check.
        UnpublishAction(placement, user=user, log_action=SUSPEND_ACTION).execute(skip_permission_checks=True)
        AdPlacement.objects.filter(pk=placement.pk).update(
            live=False, suspended_at=timezone.now(), suspension_reason=str(reason)[:300]
        )


def page_revision_published(page, revision, user=None):
    """A new revision of ``page`` went live: its placement no longer covers what readers see."""
    placement = AdPlacement.objects.filter(page_id=page.pk).first()
    if placement is None or placement.approved_revision_id == revision.pk:
        return
    if placement.live or placement.workflow_in_progress:
        suspend(placement, _("Revision %(revision)s of the page was published on %(date)s; approve the placement "
                             "again.") % {"revision": revision.pk, "date": timezone.localdate().isoformat()},
                user=user)


def page_taken_offline(page, user=None):
    placement = AdPlacement.objects.filter(page_id=page.pk).first()
    if placement is not None and (placement.live or placement.workflow_in_progress):
        suspend(placement, _("The page was unpublished."), user=user)
