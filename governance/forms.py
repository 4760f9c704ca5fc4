from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PageLogEntry

PUBLISH_ACTION = "action-publish"
OVERRIDE_ACTION = "governance.override"


def override_reason_field(help_text):
    """The reason a superuser gives for publishing outside the review workflow."""
    return forms.CharField(
        label=_("Reason for publishing without review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


def log_override(page, user, reason):
    """Record a publication outside the workflow: who, when and why (the governance report lists it)."""
    PageLogEntry.objects.log_action(page, OVERRIDE_ACTION, user=user, data={"reason": reason})


def is_direct_publish(data):
    return PUBLISH_ACTION in data


class GovernedPageForm(WagtailAdminPageForm):
    """The page edit form, plus the reason a superuser must give to publish outside the review
    workflow. Nobody else can publish directly: no role holds publish permission."""

    override_reason = override_reason_field(
        _("Superusers only. Publishing skips the review workflow; the reason is logged and shown on the governance "
          "report.")
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if not (for_user and for_user.is_superuser):
            self.fields.pop("override_reason", None)

    def clean(self):
        cleaned_data = super().clean()
        if (
            "override_reason" in self.fields
            and is_direct_publish(self.data)
            and self.instance.get_workflow() is not None
            and not (cleaned_data.get("override_reason") or "").strip()
        ):
            self.add_error(
                "override_reason",
                _("Publishing outside the review workflow needs a reason (Settings tab). Or submit it for review."),
            )
        return cleaned_data
