import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField

from .override import PublishOutsideWorkflowAction, is_direct_publish


def override_reason_field(help_text):
    """The reason a superuser gives for publishing outside the review workflow."""
    return forms.CharField(
        label=_("Reason for publishing without review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


# Draftail tags each rich-text block with a random data-block-key; HTML saved from code has none,
# and the editor posts new ones back. They are editor bookkeeping, not content.
BLOCK_KEY = re.compile(r' data-block-key=\\"[^"\\]*\\"')


def stream_content_changed(block):
    """A StreamField ``has_changed`` that ignores Draftail's block keys."""

    def has_changed(initial_value, data_value):
        def content(value):
            return BLOCK_KEY.sub("", json.dumps(block.get_prep_value(value), sort_keys=True))

        return content(initial_value) != content(data_value)

    return has_changed


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
        # Only a real change may count as an edit: approving from the editor posts the whole form,
        # and a change makes the reviewer the page's last editor (who may not approve) and restarts
        # the review. A field with a callable default (published_date) would compare against a
        # hidden initial input Wagtail never renders; rich text differs by Draftail's block keys.
        for form_field in self.fields.values():
            form_field.show_hidden_initial = False
            if isinstance(form_field, BlockField):
                form_field.has_changed = stream_content_changed(form_field.block)

    def clean(self):
        cleaned_data = super().clean()
        if (
            "override_reason" in self.fields
            and is_direct_publish(self.data)
            and PublishOutsideWorkflowAction(self.instance, self.for_user, cleaned_data.get("override_reason")).reason_missing
        ):
            self.add_error(
                "override_reason",
                _("Publishing outside the review workflow needs a reason (Settings tab). Or submit it for review."),
            )
        return cleaned_data
