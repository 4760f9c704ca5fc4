"""The admin's image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE):
Wagtail's own, with the upload checks of ``articles.uploads``. Every upload path uses them: the add
and edit views, the multiple upload and the choosers' upload forms. Alt text a person types in the
image form is approved by them (the media checklist)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from modeltranslation.utils import build_localized_fieldname
from wagtail.images.forms import BaseImageForm

from . import uploads


class CheckedImageField(WagtailImageField):
    """Wagtail's image field decodes the whole image (through Willow) to count its pixels, and lets a
    truncated file's error through as a 500: check the header first, and turn a decoding failure
    into a form error."""

    def to_python(self, data):
        if data and hasattr(data, "read"):
            uploads.check_image_header(data)
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # whatever the image library raises on bad data
            raise uploads.damaged_image_error(getattr(data, "name", "")) from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedImageField):
            checked = CheckedImageField(label=field.label, required=field.required, max_length=field.max_length)
            checked.widget = field.widget
            self.fields["file"] = checked

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return uploads.clean_image_upload(file)
        return file

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            approve_hand_written_alt_text(image, self.changed_data, self.user)
        return image

    class Meta(BaseImageForm.Meta):
        pass


def approve_hand_written_alt_text(image, changed_fields, user):
    """Editing a language's alt text by hand makes it approved by that person (a machine draft
    included: whoever changes it has read it). Returns the languages approved."""
    approved = []
    for code, _name in settings.LANGUAGES:
        if build_localized_fieldname("alt_text", code) in changed_fields and image.alt_text_for(code).strip():
            image.approve_alt_text(code, user)
            approved.append(code)
    return approved


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            uploads.check_document_upload(file)
        return file

    class Meta(BaseDocumentForm.Meta):
        pass
