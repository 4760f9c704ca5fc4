"""Ad placement: a governed snippet per page translation, approved separately from publication."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, Task, WorkflowMixin

from .publication import SelfCheckingTask

SLOTS = {
    "in_article": _("In the article"),
    "sidebar": _("Beside the article"),
    "end_of_article": _("End of article"),
}


class AdPlacement(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Which ad slots one page translation may show. It goes through its own workflow (ad-policy
    checks, then a Monetization manager); approval records the page revision it was given for, and
    a slot renders only while that revision is the live one (see ``governance.gate``)."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="ad_placement",
        verbose_name=_("page"),
        help_text=_("One page in one language; each translation needs its own placement."),
    )
    in_article = models.BooleanField(SLOTS["in_article"], default=True)
    sidebar = models.BooleanField(SLOTS["sidebar"], default=False)
    end_of_article = models.BooleanField(SLOTS["end_of_article"], default=True)
    # Approval and suspension are stamped by governance.monetization, never edited in a form.
    approved_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    suspended_at = models.DateTimeField(null=True, blank=True, editable=False)
    suspension_reason = models.CharField(max_length=300, blank=True, editable=False)
    # A new placement is not live until its workflow approves it.
    live = models.BooleanField(verbose_name=_("live"), default=False, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="adplacement")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="adplacement",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("page"),
        MultiFieldPanel(
            [FieldPanel("in_article"), FieldPanel("sidebar"), FieldPanel("end_of_article")],
            heading=_("Slots"),
        ),
    ]

    class Meta:
        verbose_name = _("ad placement")
        verbose_name_plural = _("ad placements")

    def __str__(self):
        return _("Ads on “%(title)s” (%(language)s)") % {
            "title": self.page.title,
            "language": self.page.locale.language_code,
        }

    @property
    def revisions(self):
        return self._revisions

    @property
    def state(self):
        """approved / pending / rejected / suspended / draft (see ``governance.monetization``)."""
        from ..monetization import placement_state

        return placement_state(self)

    @property
    def state_label(self):
        from ..monetization import PLACEMENT_STATES

        return PLACEMENT_STATES[self.state]

    @property
    def enabled_slots(self):
        """The enabled slots' names, in SLOTS order."""
        return tuple(name for name in SLOTS if getattr(self, name))

    @property
    def enabled_slot_labels(self):
        return [SLOTS[name] for name in self.enabled_slots]

    def clean(self):
        super().clean()
        if not self.enabled_slots:
            raise ValidationError(_("Enable at least one slot, or delete the placement."))


class AdPolicyChecksTask(SelfCheckingTask, Task):
    """The ad-placement workflow's first step: the automated ad-policy checks on the placement's
    page as it is live now."""

    passed_comment = _("All ad-policy checks passed.")

    def failures(self, obj):
        from ..monetization import ad_policy_failures

        return [f"• {reason}" for reason in ad_policy_failures(obj.page)]

    @classmethod
    def get_description(cls):
        return _("Checks the page may carry ads; passes or sends the placement back with the reasons.")

    class Meta:
        verbose_name = _("ad-policy checks task")
        verbose_name_plural = _("ad-policy checks tasks")
