from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


def translated_panels(field, heading):
    """One panel per language for a modeltranslation field (``name_en``, ``name_de`` …)."""
    return MultiFieldPanel(
        [FieldPanel(build_localized_fieldname(field, code), heading=name) for code, name in settings.LANGUAGES],
        heading=heading,
    )


class NamedSnippet(index.Indexed, models.Model):
    """A topic or an author: found in choosers by its name, shown by its name, with a page per
    language at the home page's route for its slug (``HomePage.render_articles_of``)."""

    slug = models.SlugField(_("slug"), unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Topic(NamedSnippet):
    """A subject such as quantization or serving. Names are translated with modeltranslation; each
    topic has a page per language at /<lang>/topics/<slug>/."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("slug"),
        translated_panels("name", _("Name")),
        translated_panels("description", _("Description")),
    ]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Author(NamedSnippet):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "articles.LoraImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        translated_panels("role", _("Role")),
        translated_panels("bio", _("Biography")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
