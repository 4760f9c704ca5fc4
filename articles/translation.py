"""django-modeltranslation registrations: rows shared across languages, with per-language columns."""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, LoraImage, Topic


@register(LoraImage)
class LoraImageTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption", "ai_disclosure")


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("role", "bio")
