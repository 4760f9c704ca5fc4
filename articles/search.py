"""Site search within the reader's language.

Latin-script queries use Wagtail's database search backend (PostgreSQL full-text in production,
SQLite FTS5 otherwise). Whatever a reader types is first reduced to words — runs of letters, digits
and combining marks — and handed to the backend as Wagtail query objects (``PlainText`` for loose
words, ``Phrase`` for words the reader put in double quotes, joined by ``And``), never as a raw
string: the backends pass quotes and punctuation through to the database's own query syntax
unescaped (wagtail/wagtail#13227), so a stray ``"`` or ``NEAR(`` would otherwise be a syntax error.
A query the backend still cannot run is logged and shown as "nothing matched".

Chinese and Japanese have no spaces between words, which stock full-text search cannot segment, so a
query containing CJK characters matches by substring (every word must occur in the page's plain
text) — n-gram matching at its simplest, and exact for these scripts.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from .text import contains_cjk

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
EXCERPT_RADIUS = 110
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _is_word_character(character):
    return character.isalnum() or unicodedata.category(character).startswith("M")


def words(text):
    """The words of ``text``: runs of letters, digits and combining marks (so accented and Arabic
    or Indic words with their marks stay whole), each holding at least one letter or digit. Quotes,
    operators (``AND`` stays a word, ``NEAR(`` becomes ``NEAR``), punctuation, symbols, emoji and
    underscores separate words and never reach a search backend."""
    found, current = [], []
    for character in unicodedata.normalize("NFC", text) + " ":
        if _is_word_character(character):
            current.append(character)
        elif current:
            if any(c.isalnum() for c in current):
                found.append("".join(current))
            current = []
    return found


def parse_query(query):
    """Return ``(loose_words, phrases)``: the words outside double quotes, and each quoted part that
    holds two words or more as a list of its words (a quoted single word is a loose word). An
    unbalanced quote quotes nothing: the words after it are loose. At most ``MAX_TERMS`` words."""
    parts = query.split('"')
    closed = len(parts) if len(parts) % 2 else len(parts) - 1  # the last part after a lone quote is loose
    loose, phrases, budget = [], [], MAX_TERMS
    for position, part in enumerate(parts):
        part_words = words(part)[:budget]
        budget -= len(part_words)
        if position % 2 and position < closed and len(part_words) > 1:
            phrases.append(part_words)
        else:
            loose.extend(part_words)
    return loose, phrases


def build_search_query(loose, phrases):
    """The Wagtail query object for the parsed words: every loose word and every phrase must match."""
    queries = ([PlainText(" ".join(loose), operator="and")] if loose else []) + [
        Phrase(" ".join(phrase)) for phrase in phrases
    ]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else And(queries)


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
    if query and not words(query):
        return "", _("Please search for words, not only punctuation or symbols.")
    return query, ""


def search_pages(raw_query, locale):
    query, error = clean_query(raw_query or "")
    outcome = SearchOutcome(query=query, error=error)
    if error or not query:
        return outcome
    loose, phrases = parse_query(query)
    terms = loose + [word for phrase in phrases for word in phrase]
    outcome.terms = terms
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)
    if contains_cjk(query):
        matches = _substring_matches(pages, terms)
    else:
        matches = _full_text_matches(pages, build_search_query(loose, phrases), query)
    outcome.results = [SearchResult(page, highlight_excerpt(page, terms)) for page in matches]
    return outcome


def _full_text_matches(pages, search_query, query):
    """Pages matching ``search_query`` in the search backend, best first. A query the backend
    cannot run is logged and matches nothing: the reader sees "nothing matched", not an error page.
    The savepoint keeps a failed statement from breaking the request's transaction on PostgreSQL."""
    try:
        with transaction.atomic():
            return list(pages.specific().search(search_query))
    except Exception:
        logger.exception("Search backend could not run the query %r (reader typed %r)", search_query, query)
        return []


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
