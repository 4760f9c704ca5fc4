from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

PUBLISH_ACTION = "action-publish"


def is_direct_publish(data):
    return PUBLISH_ACTION in data


class GovernedPageForm(WagtailAdminPageForm):
    """The page edit form, plus the reason a superuser must give to publish outside the review
    workflow. Nobody else can publish directly: no role holds publish permission."""

    override_reason = forms.CharField(
        label=_("Reason for publishing without review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Superusers only. Publishing skips the review workflow; the reason is logged and shown on the "
                    "governance report."),
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
