"""The offline describer: an alt-text draft in each language from what the image itself shows.

Nothing to download and nothing to configure. The facts come from :mod:`.facts` (orientation, size
class, dominant colours, plain area / chart or diagram / flat illustration / photograph, the text an
SVG holds or Tesseract reads); the sentences are catalogue templates (context "alt text draft"), so
translators word each language whole instead of the code gluing words together. Lists of colours
and labels are joined by Babel with each language's own list pattern. The editor's title and tags
close the draft where there is room.

A draft is a starting point for a person, never published unread: the media checklist holds a page
back until someone approves it.
"""

from babel.lists import format_list
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from .engines import Draft, SourceImage
from .facts import analyse

MIN_LENGTH, MAX_LENGTH = 20, 200
LABEL_MAX, TITLE_MAX = 60, 80

COLOUR_NAMES = {
    "black": pgettext_lazy("colour", "black"),
    "white": pgettext_lazy("colour", "white"),
    "grey": pgettext_lazy("colour", "grey"),
    "red": pgettext_lazy("colour", "red"),
    "orange": pgettext_lazy("colour", "orange"),
    "brown": pgettext_lazy("colour", "brown"),
    "yellow": pgettext_lazy("colour", "yellow"),
    "green": pgettext_lazy("colour", "green"),
    "teal": pgettext_lazy("colour", "teal"),
    "blue": pgettext_lazy("colour", "blue"),
    "purple": pgettext_lazy("colour", "purple"),
    "pink": pgettext_lazy("colour", "pink"),
}
FORMATS = {
    ("small", "landscape"): pgettext_lazy("alt text draft", "small landscape"),
    ("medium", "landscape"): pgettext_lazy("alt text draft", "landscape"),
    ("large", "landscape"): pgettext_lazy("alt text draft", "large landscape"),
    ("small", "portrait"): pgettext_lazy("alt text draft", "small portrait"),
    ("medium", "portrait"): pgettext_lazy("alt text draft", "portrait"),
    ("large", "portrait"): pgettext_lazy("alt text draft", "large portrait"),
    ("small", "square"): pgettext_lazy("alt text draft", "small square"),
    ("medium", "square"): pgettext_lazy("alt text draft", "square"),
    ("large", "square"): pgettext_lazy("alt text draft", "large square"),
}
DESCRIPTIONS = {
    "solid": pgettext_lazy("alt text draft", "Plain area of solid %(colours)s in %(format)s format."),
    "diagram": pgettext_lazy("alt text draft", "Chart or diagram in %(colours)s, %(format)s format."),
    "illustration": pgettext_lazy("alt text draft", "Flat-colour illustration in %(colours)s, %(format)s format."),
    "photo": pgettext_lazy("alt text draft", "Photograph in mostly %(colours)s tones, %(format)s format."),
}


class OfflineDescriber:
    name = "offline"
    model_name = ""

    def __init__(self, read_text=True):
        self.read_text = read_text

    def describe(self, images, languages):
        return [self.describe_one(image, languages) for image in images]

    def describe_one(self, image: SourceImage, languages):
        facts = analyse(image.picture, read_text=self.read_text)
        drafts = {}
        for language in languages:
            with translation.override(language):
                drafts[language] = Draft(compose(facts, image.title, image.tags, language), self.name)
        return drafts


def compose(facts, title, tags, language):
    """The draft in the active language: the description, then the image's text, then the editor's
    title and tags, shortened (fewer labels, then no tags, no title) until it fits MAX_LENGTH."""
    locale = translation.to_locale(language)
    colours = format_list([str(COLOUR_NAMES[key]) for key in facts.colours], locale=locale)
    description = str(DESCRIPTIONS[facts.kind]) % {"colours": colours, "format": FORMATS[(facts.size, facts.orientation)]}
    title = shorten(" ".join((title or "").split()), TITLE_MAX)
    tags = [tag for tag in tags if tag.strip()]
    for labels, subject in candidates(facts.text, title, tags):
        text = join_sentences(description, text_sentence(labels, locale), subject_sentence(subject, locale))
        if len(text) <= MAX_LENGTH and text.casefold() != title.casefold():
            return text
    return shorten(description, MAX_LENGTH)


def candidates(labels, title, tags):
    """(labels, (title, tags)) pairs from the fullest draft to the barest."""
    labels = [shorten(label, LABEL_MAX) for label in labels]
    subjects = [(title, tags), (title, [])] if title else [("", [])]
    for subject in subjects:
        for count in range(len(labels), 0, -1):
            yield labels[:count], subject
    for subject in subjects:
        yield [], subject
    yield [], ("", [])


def text_sentence(labels, locale):
    if not labels:
        return ""
    quoted = format_list([pgettext("alt text draft", "“%(text)s”") % {"text": label} for label in labels],
                         locale=locale)
    return pgettext("alt text draft", "Its text reads %(text)s.") % {"text": quoted}


def subject_sentence(subject, locale):
    title, tags = subject
    if not title:
        return ""
    if tags:
        return pgettext("alt text draft", "Subject: %(title)s; tags: %(tags)s.") % {
            "title": title, "tags": format_list(tags, locale=locale)}
    return pgettext("alt text draft", "Subject: %(title)s.") % {"title": title}


def join_sentences(*sentences):
    """Sentences in a row: the catalogue's layout says whether a space separates them (not in Japanese
    or Chinese)."""
    text = ""
    for sentence in filter(None, sentences):
        text = pgettext("alt text draft", "%(sentence)s %(next)s") % {"sentence": text, "next": sentence} if text else sentence
    return text


def shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
