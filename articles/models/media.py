"""Custom image and document models. Image alt text and captions are translated per language with
django-modeltranslation (``alt_text_en``, ``alt_text_de`` …; see ``articles/translation.py``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Licence(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown: find out before publishing")
    CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    OWN_WORK = "own-work", _("Own work (all rights reserved)")
    LICENSED = "licensed", _("Licensed from a third party")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    AI_GENERATED = "ai-generated", _("AI-generated (no copyright holder)")


# Licences whose terms require naming the author or rights holder wherever the image appears.
ATTRIBUTION_REQUIRED = {Licence.CC_BY_4, Licence.CC_BY_SA_4, Licence.LICENSED}


class AltTextState(models.TextChoices):
    MISSING = "missing", _("missing")
    DRAFT = "draft", _("draft (machine-written)")
    APPROVED = "approved", _("approved")


class LoraImage(AbstractImage):
    alt_text = models.CharField(
        _("alt text"),
        max_length=400,
        blank=True,
        help_text=_("What the image shows and why it matters, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=400, blank=True)
    # Blank (an upload that did not say) counts as unknown, like the default.
    licence = models.CharField(_("licence"), max_length=32, choices=Licence.choices, default=Licence.UNKNOWN,
                               blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the image comes from: a URL or a description.")
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    ai_generated = models.BooleanField(_("AI-generated"), default=False)
    generator = models.CharField(
        _("generator"), max_length=200, blank=True, help_text=_("The model or tool that generated the image.")
    )
    ai_disclosure = models.CharField(
        _("AI disclosure caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown with an AI-generated image, in each language: what generated it and how it was used."),
    )
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
        + ("licence", "source", "credit", "ai_generated", "generator")
        + tuple(build_localized_fieldname("ai_disclosure", code) for code, _name in settings.LANGUAGES)
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

    # The media interface governance's media checks read (governance/content.py).
    @property
    def licence_known(self):
        return bool(self.licence) and self.licence != Licence.UNKNOWN

    @property
    def own_work(self):
        return self.licence in (Licence.OWN_WORK, Licence.AI_GENERATED)

    @property
    def attribution_required(self):
        return self.licence in ATTRIBUTION_REQUIRED

    @property
    def file_name(self):
        return self.filename

    def disclosure_for(self, language_code):
        return getattr(self, build_localized_fieldname("ai_disclosure", language_code), "") or ""

    def alt_text_state(self, language_code):
        """missing, draft or approved for one language. Text with no review record was written by a
        person (by hand in the admin, in demo content or before reviews were recorded): approved."""
        if not self.alt_text_for(language_code).strip():
            return AltTextState.MISSING
        review = next((row for row in self.alt_text_reviews.all() if row.language == language_code), None)
        return review.state if review else AltTextState.APPROVED

    def draft_alt_text(self, language_code, text, engine, model_name=""):
        """Set a machine-written draft in one language and record it as waiting for review. The caller
        saves the image (all languages in one save)."""
        setattr(self, build_localized_fieldname("alt_text", language_code), text)
        return ImageAltText.objects.update_or_create(
            image=self, language=language_code,
            defaults={"state": AltTextState.DRAFT, "engine": engine, "model_name": model_name,
                      "drafted_at": timezone.now(), "approved_by": None, "approved_at": None},
        )[0]

    def approve_alt_text(self, language_code, user):
        """A person wrote or checked this language's alt text: it is approved, by them, now."""
        return ImageAltText.objects.update_or_create(
            image=self, language=language_code,
            defaults={"state": AltTextState.APPROVED, "approved_by": user, "approved_at": timezone.now()},
        )[0]


class ImageAltText(models.Model):
    """The review state of one image's alt text in one language: a machine-written draft (engine,
    model and time recorded) waits for a person, who approves it (who and when recorded)."""

    image = models.ForeignKey(LoraImage, on_delete=models.CASCADE, related_name="alt_text_reviews")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=10, choices=AltTextState.choices, default=AltTextState.DRAFT)
    engine = models.CharField(_("engine"), max_length=100, blank=True)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("alt text review")
        verbose_name_plural = _("alt text reviews")
        constraints = [models.UniqueConstraint(fields=["image", "language"], name="one_alt_text_review_per_language")]

    def __str__(self):
        return f"{self.image} ({self.language}): {self.state}"


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

