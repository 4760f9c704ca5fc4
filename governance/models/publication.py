from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask, Page, Task

from .. import checks
from ..conf import governance_settings


class BannedClaim(models.Model):
    """A phrase no published page may contain, such as "guaranteed earnings"."""

    phrase = models.CharField(_("phrase"), max_length=200, unique=True)
    reason = models.CharField(_("why it is banned"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("phrase"), FieldPanel("reason"), FieldPanel("active")]

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("banned claim")
        verbose_name_plural = _("banned claims")

    def __str__(self):
        return self.phrase


class SelfCheckingTask:
    """A workflow step that decides itself the moment it starts. Subclasses define
    ``failures(obj)``: the readable reasons the submitted revision (as an object) fails, or
    ``revision_failures(content_object, revision)`` to see the revision itself. The step approves
    when there are none, else rejects with them as its comment. Nobody acts on it, so it offers no
    actions."""

    passed_comment = _("All automated checks passed.")

    def revision_failures(self, content_object, revision):
        return self.failures(revision.as_object())

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        failures = self.revision_failures(workflow_state.content_object, task_state.revision)
        if failures:
            task_state.reject(update=False, comment="\n".join(failures))
        else:
            task_state.approve(update=False, comment=str(self.passed_comment))
        return task_state

    def get_actions(self, obj, user):
        return []


class AutomatedChecksTask(SelfCheckingTask, Task):
    """The publication workflow's first step: every check in the registry, on the submitted page.
    Each run's results are stored (``checks.record_checks``): the governance report reads them."""

    def revision_failures(self, content_object, revision):
        if isinstance(content_object, Page):
            results = checks.record_checks(content_object, revision)
        else:
            results = checks.run_checks(revision.as_object())
        return checks.failure_summary(results).splitlines() if checks.blocking_failures(results) else []

    @classmethod
    def get_description(cls):
        return _("Runs the automated content checks; passes or sends the page back with the failures.")

    class Meta:
        verbose_name = _("automated checks task")
        verbose_name_plural = _("automated checks tasks")


def segregation_of_duties_relaxed():
    return governance_settings.GOVERNANCE_ALLOW_SELF_APPROVAL


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval step that nobody may approve for content they submitted or last edited
    (segregation of duties), unless GOVERNANCE_ALLOW_SELF_APPROVAL relaxes it for one-person sites."""

    def is_own_work(self, obj, user):
        if segregation_of_duties_relaxed():
            return False
        workflow_state = obj.current_workflow_state
        if workflow_state is None:
            return False
        if workflow_state.requested_by_id == user.pk:
            return True
        revision = obj.get_latest_revision()
        return revision is not None and revision.user_id == user.pk

    def get_actions(self, obj, user):
        if self.is_own_work(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin only offers actions from get_actions; a forged request must not get further.
        obj = task_state.revision.content_object
        if action_name not in {name for name, _label, _modal in self.get_actions(obj, user)}:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("You cannot take this action on this step."))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except for content they submitted or last edited.")

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")



class GovernanceReport(models.Model):
    """No table: carries the permission to view the governance report."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_governance_report", "Can view the governance report")]
