"""Site search within the reader's language.

Latin-script queries use Wagtail's database search backend (PostgreSQL full-text in production,
SQLite FTS otherwise). Chinese and Japanese have no spaces between words, which stock full-text
search cannot segment, so a query containing CJK characters matches by substring (every term must
occur in the page's plain text) — n-gram matching at its simplest, and exact for these scripts.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .text import contains_cjk

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
EXCERPT_RADIUS = 110
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class SearchOutcome:
    query: str = ""
    results: list | None = None
    error: str = ""
    terms: list = field(default_factory=list)


def clean_query(raw):
    """Return ``(query, error)``: the query stripped of control characters and extra spaces, or a
    reader-facing reason it cannot be searched."""
    if len(raw) > MAX_QUERY_LENGTH * 4:
        return "", _("That search is too long. Please use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
    query = " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())
    if len(query) > MAX_QUERY_LENGTH:
        return "", _("That search is too long. Please use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
    if query and not re.search(r"\w", query):
        return "", _("Please search for words, not only punctuation or symbols.")
    return query, ""


def search_pages(raw_query, locale):
    query, error = clean_query(raw_query or "")
    outcome = SearchOutcome(query=query, error=error)
    if error or not query:
        return outcome
    terms = [term for term in query.split(" ") if re.search(r"\w", term)][:MAX_TERMS]
    outcome.terms = terms
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)
    if contains_cjk(query):
        matches = _substring_matches(pages, terms)
    else:
        matches = list(pages.specific().search(query, operator="and"))
    outcome.results = [SearchResult(page, highlight_excerpt(page, terms)) for page in matches]
    return outcome


def _substring_matches(pages, terms):
    """Pages whose title or plain text contains every term, one query per page type."""
    from .models.pages import searchable_page_models

    condition = Q()
    for term in terms:
        condition &= Q(search_text__icontains=term) | Q(title__icontains=term)
    found = []
    for model in searchable_page_models():
        found.extend(model.objects.filter(pk__in=pages.values("pk")).filter(condition))
    # Title matches first, then newest.
    return sorted(found, key=lambda page: (not any(term.lower() in page.title.lower() for term in terms), -page.pk))


@dataclass
class SearchResult:
    page: Page
    excerpt: str


def highlight_excerpt(page, terms):
    """A snippet of the page's text around the first match, every match wrapped in <mark>."""
    text = " ".join((getattr(page, "search_text", "") or page.search_description or "").split())
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - EXCERPT_RADIUS) if first else 0
    end = start + 2 * EXCERPT_RADIUS
    snippet = text[start:end]
    pieces, position = [], 0
    for match in pattern.finditer(snippet):
        pieces.append(escape(snippet[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(escape(snippet[position:]))
    return mark_safe(("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else ""))
