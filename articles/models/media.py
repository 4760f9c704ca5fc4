"""Custom image and document models. Image alt text and captions are translated per language with
django-modeltranslation (``alt_text_en``, ``alt_text_de`` …; see ``articles/translation.py``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    OWN_WORK = "own-work", _("Own work (all rights reserved)")
    LICENSED = "licensed", _("Licensed from a third party")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")


class LoraImage(AbstractImage):
    alt_text = models.CharField(
        _("alt text"),
        max_length=400,
        blank=True,
        help_text=_("What the image shows and why it matters, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=400, blank=True)
    licence = models.CharField(_("licence"), max_length=32, choices=Licence.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the image comes from: a URL or a description.")
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    ai_generated = models.BooleanField(_("AI-generated"), default=False)
    # Set for figures the site draws (articles/demo/figures.py): strings the image's language has no
    # translation for, drawn in English instead. The checks panel warns about them.
    untranslated_text = models.JSONField(default=list, blank=True, editable=False)

    admin_form_fields = (
        Image.admin_form_fields
        + tuple(
            build_localized_fieldname(field, code)
            for field in ("alt_text", "caption")
            for code, _name in settings.LANGUAGES
        )
        + ("licence", "source", "credit", "ai_generated")
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self):
        """The alt text in the active language (modeltranslation falls back to English)."""
        return self.alt_text or self.title

    def alt_text_for(self, language_code):
        """This language's own alt text, without falling back: what completeness checks read."""
        return getattr(self, build_localized_fieldname("alt_text", language_code), "") or ""

    def __str__(self):
        return self.title


class LoraRendition(AbstractRendition):
    image = models.ForeignKey(LoraImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class LoraDocument(AbstractDocument):
    """A downloadable file, in one language."""

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")

    admin_form_fields = Document.admin_form_fields + ("language",)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)

    @property
    def extension(self):
        return self.file_extension.upper()

