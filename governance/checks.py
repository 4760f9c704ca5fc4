"""The check registry: every automated content rule in one place.

A rule has an id, a translated label, a severity, a remediation (what fixes it, and which group
owns that fix) and a function that returns the reasons a page fails it (nothing when it passes).
The publication workflow's first step, the editor's checks panel and the governance report all call
:func:`run_checks`. Other apps add rules with :func:`register`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from . import content
from .conf import governance_settings
from .roles import EDITORS, POLICY_REVIEWERS, TRANSLATORS, WRITERS

ERROR = "error"
WARNING = "warning"
# Search engines show about this many characters of a meta description.
META_DESCRIPTION_LENGTH = 155


class Remediation:
    """What kind of work fixes a failure; the report groups open failures by it."""

    CONTENT_FIX = "content-fix"
    TRANSLATION_UPDATE = "translation-update"
    RE_REVIEW = "re-review"
    MONETIZATION_ADJUSTMENT = "monetization-adjustment"
    ADAPTER_RETRAINING = "adapter-retraining"

    labels = {
        CONTENT_FIX: _("Content fix"),
        TRANSLATION_UPDATE: _("Translation update"),
        RE_REVIEW: _("Re-review"),
        MONETIZATION_ADJUSTMENT: _("Monetization adjustment"),
        ADAPTER_RETRAINING: _("Adapter retraining"),
    }


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    severity: str
    remediation: str
    owner_group: str
    check: Callable = field(compare=False)
    applies_to: Callable = field(default=lambda page: True, compare=False)


@dataclass
class CheckResult:
    rule: Rule
    failures: list

    @property
    def passed(self):
        return not self.failures

    @property
    def blocking(self):
        return bool(self.failures) and self.rule.severity == ERROR


RULES: dict[str, Rule] = {}


def register(rule):
    """Add a rule (an app's own rules register when the app loads); ids are unique."""
    if rule.id in RULES and RULES[rule.id] != rule:
        raise ValueError(f"A different check rule is already registered as {rule.id!r}.")
    RULES[rule.id] = rule
    return rule


def rule(id, label, remediation, owner_group, severity=ERROR, applies_to=None):
    """Decorator form of :func:`register` for a check function ``page -> [reasons]``."""

    def wrap(function):
        register(Rule(id, label, severity, remediation, owner_group, function, applies_to or (lambda page: True)))
        return function

    return wrap


def run_checks(page):
    """Every applicable rule's result for ``page`` (a page object, e.g. a revision being reviewed)."""
    page = page.specific if hasattr(page, "specific_class") and type(page) is not page.specific_class else page
    return [CheckResult(rule, list(rule.check(page))) for rule in RULES.values() if rule.applies_to(page)]


def blocking_failures(results):
    return [(result.rule, reason) for result in results if result.blocking for reason in result.failures]


def failure_summary(results):
    """The readable list of failures that a rejected check step records as its comment."""
    lines = [f"• {result.rule.label}: {reason}" for result in results if result.blocking for reason in result.failures]
    return "\n".join(lines)


# --- The rules governance ships (pages are read only through governance.content) ----------------

@rule("meta-description", _("Meta description present"), Remediation.CONTENT_FIX, WRITERS)
def meta_description_present(page):
    if not (page.search_description or "").strip():
        yield _("Write a meta description (about %(limit)d characters) in the Promote tab.") % {
            "limit": META_DESCRIPTION_LENGTH}


@rule("banned-claims", _("No banned claims"), Remediation.CONTENT_FIX, POLICY_REVIEWERS)
def no_banned_claims(page):
    from .models import BannedClaim

    text = content.plain_text(page).casefold()
    for claim in BannedClaim.objects.filter(active=True):
        if claim.phrase.casefold() in text:
            yield _("Remove the banned claim “%(phrase)s”.") % {"phrase": claim.phrase}


@rule("article-length", _("Long enough to be a real article"), Remediation.CONTENT_FIX, WRITERS,
      applies_to=content.is_long_form)
def long_enough(page):
    minimum = governance_settings.GOVERNANCE_MIN_ARTICLE_WORDS
    length = content.prose_length(page)
    if length < minimum:
        yield ngettext(
            "The body has %(length)d word of prose; articles need at least %(minimum)d.",
            "The body has %(length)d words of prose; articles need at least %(minimum)d.",
            length,
        ) % {"length": length, "minimum": minimum}


@rule("news-source", _("News cites a primary source"), Remediation.CONTENT_FIX, EDITORS,
      applies_to=content.cites_sources)
def cites_primary_source(page):
    if not content.primary_sources(page):
        yield _("Add at least one primary source: the paper, release notes or announcement.")


url_is_valid = URLValidator(schemes=["http", "https"])


@rule("outbound-links", _("Outbound links well formed"), Remediation.CONTENT_FIX, WRITERS)
def links_well_formed(page):
    for url in content.outbound_links(page):
        try:
            url_is_valid(url)
        except ValidationError:
            yield _("Fix the link “%(url)s”: it is not a complete http(s) address.") % {"url": url[:120]}


def is_translation(page):
    return page.locale.language_code != get_supported_content_language_variant(settings.LANGUAGE_CODE)


@rule("translation-fresh", _("Translation not stale"), Remediation.TRANSLATION_UPDATE, TRANSLATORS,
      applies_to=is_translation)
def translation_not_stale(page):
    source = page_source(page)
    if source is None or source.last_published_at is None:
        return
    translated_at = page.latest_revision_created_at or page.last_published_at
    if translated_at and source.last_published_at > translated_at:
        yield _("The original was updated on %(date)s, after this translation was last edited.") % {
            "date": source.last_published_at.date().isoformat()
        }


def page_source(page):
    """The page in the default language that this page translates, if it exists."""
    return page.get_translation_or_none(Locale.get_default())
