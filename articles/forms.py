"""The image edit form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): alt text a person types is approved by them."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            approve_hand_written_alt_text(image, self.changed_data, self.user)
        return image


def approve_hand_written_alt_text(image, changed_fields, user):
    """Editing a language's alt text by hand makes it approved by that person (a machine draft
    included: whoever changes it has read it). Returns the languages approved."""
    approved = []
    for code, _name in settings.LANGUAGES:
        if build_localized_fieldname("alt_text", code) in changed_fields and image.alt_text_for(code).strip():
            image.approve_alt_text(code, user)
            approved.append(code)
    return approved
