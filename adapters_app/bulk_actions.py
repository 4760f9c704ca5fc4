from django.utils.translation import gettext_lazy as _
from wagtail.images.views.bulk_actions.image_bulk_action import ImageBulkAction

from .alttext import drafts
from .forms import AltTextLanguagesForm
from .views import queued_message


class GenerateAltTextBulkAction(ImageBulkAction):
    """The image library's bulk action: queue alt-text drafts for the selected images."""

    display_name = _("Generate alt text")
    action_type = "generate_alt_text"
    aria_label = _("Queue alt-text drafts for the selected images")
    template_name = "adapters_app/confirm_bulk_generate_alt_text.html"
    action_priority = 30
    form_class = AltTextLanguagesForm

    def check_perm(self, image):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", image)

    def get_execution_context(self):
        return {"languages": self.cleaned_form.cleaned_data["languages"], "user": self.request.user}

    def execute_action(self, images, languages=None, user=None, **kwargs):
        # An instance method (Wagtail's is a class method), so that the message can tell apart the images
        # queued, those already under way and those with nothing to draft.
        self.outcome = drafts.request_alt_text(list(images), languages, user)
        queued, under_way, nothing_to_do = self.outcome
        return len(queued), len(under_way) + len(nothing_to_do)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return queued_message(*self.outcome)
