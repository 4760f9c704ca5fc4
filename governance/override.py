"""Publishing outside the review workflow: one operation that every entry point calls.

Modelled on Wagtail's own actions (``wagtail/actions/publish_revision.py``): a permission check, the
operation, and its log entry. No role holds publish permission, so only superusers get past the
check. When a workflow covers the page, publishing it here skips that workflow: that needs a
reason, and each page published so is logged as ``governance.override`` (the governance report
lists them). The page editor's form and its after-publish hook, the bulk "Publish" action and the
report all go through :class:`PublishOutsideWorkflowAction`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry

OVERRIDE_ACTION = "governance.override"
PUBLISH_ACTION = "action-publish"  # the page editor's "Publish" button


def is_direct_publish(data):
    return PUBLISH_ACTION in data


class OverridePermissionError(PermissionDenied):
    """The user may not publish this page at all."""


class OverrideReasonMissing(ValidationError):
    """A workflow covers the page, and no reason was given for skipping it."""


class PublishOutsideWorkflowAction:
    def __init__(self, page, user, reason="", revision=None):
        self.page = page.specific
        self.user = user
        self.reason = (reason or "").strip()
        self.revision = revision

    @property
    def skips_workflow(self):
        return self.page.get_workflow() is not None

    @property
    def reason_missing(self):
        return self.skips_workflow and not self.reason

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not self.page.permissions_for_user(self.user).can_publish():
            raise OverridePermissionError(_("You do not have permission to publish this page."))
        if self.reason_missing:
            raise OverrideReasonMissing(_("Publishing outside the review workflow needs a reason."))

    def log(self):
        """Record the override (for a page that Wagtail's own view has just published, say)."""
        if self.skips_workflow:
            PageLogEntry.objects.log_action(self.page, OVERRIDE_ACTION, user=self.user, data={"reason": self.reason})

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        revision = self.revision or self.page.get_latest_revision() or self.page.save_revision(user=self.user)
        revision.publish(user=self.user)
        self.log()
        return revision


def override_entries(locale=None, limit=200):
    """Publications outside the workflow, newest first, with who did it and why."""
    entries = PageLogEntry.objects.filter(action=OVERRIDE_ACTION).select_related("user", "page__locale")
    if locale:
        entries = entries.filter(page__locale=locale)
    return list(entries.order_by("-timestamp")[:limit])


def log_direct_publication(request, page):
    """after_publish_page hook: a publication from the page editor's own "Publish" is an override
    when a workflow covers the page (the editor form has already required the reason)."""
    if is_direct_publish(request.POST):
        PublishOutsideWorkflowAction(page, request.user, request.POST.get("override_reason", "")).log()
