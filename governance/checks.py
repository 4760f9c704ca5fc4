"""The check registry: every automated content rule in one place.

A rule has an id, a translated label, a severity, a remediation (what fixes it, and which group
owns that fix) and a function that returns the reasons a page fails it (nothing when it passes).
The editor's checks panel calls :func:`run_checks`; the publication workflow's first step calls
:func:`record_checks`, which also stores the results (``governance.models.CheckRun``), and the
governance report reads those stored results, running :func:`record_outdated_checks` first so they
are never behind the pages. Other apps add rules with :func:`register`.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext as translate_plural
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

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


class Reason(str):
    """A reason a page fails a rule. It is a ``str``, in the language active when it was made, and
    it keeps its untranslated message and parameters, so a stored reason is shown later in the
    language of whoever reads it. Rules may yield plain strings too; those are stored as written.

    ``Reason(gettext_noop("… %(name)s …"), name=value)``, or :meth:`Reason.ngettext` for a message
    with a plural (named so that makemessages extracts both forms). Parameters are numbers or text.
    """

    def __new__(cls, message, plural=None, plural_by=None, **params):
        reason = super().__new__(cls, cls.render(message, plural, plural_by, params))
        reason.message, reason.plural, reason.count, reason.params = message, plural, plural_by, params
        return reason

    @classmethod
    def ngettext(cls, singular, plural, plural_by, **params):
        """A reason whose wording depends on the number ``params[plural_by]``."""
        return cls(singular, plural, plural_by, **params)

    @staticmethod
    def render(message, plural, plural_by, params):
        text = translate_plural(message, plural, params[plural_by]) if plural else gettext(message)
        return text % params if params else text

    def as_data(self):
        params = {name: value if isinstance(value, (int, float)) else str(value) for name, value in self.params.items()}
        return {"message": str(self.message), "plural": self.plural and str(self.plural), "count": self.count,
                "params": params}

    @classmethod
    def from_data(cls, data):
        return cls(data["message"], data.get("plural"), data.get("count"), **data.get("params", {}))

    def __reduce__(self):
        return (Reason.from_data, (self.as_data(),))


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


# --- Stored results ----------------------------------------------------------------------------

def ruleset():
    """Names the registered rules; a run stored under another set of rules is outdated."""
    return hashlib.sha256(",".join(sorted(RULES)).encode()).hexdigest()[:16]


def record_checks(page, revision=None):
    """Run the checks on ``revision`` of ``page`` and store the results as the page's latest run
    (``governance.models.CheckRun``); returns the results, as :func:`run_checks` does.

    Without ``revision``, what would be published next is checked: the page's latest revision, or
    the page itself while it has no unpublished changes (or no revision at all).
    """
    from .models import CheckRun, CheckRunResult

    page = page.specific
    if revision is None:
        checked, revision_id = page.get_latest_revision_as_object(), page.latest_revision_id
    else:
        checked, revision_id = revision.as_object(), revision.pk
    results = run_checks(checked)
    with transaction.atomic():
        # One run at a time becomes a page's latest (the page row's lock; SQLite serialises writes anyway).
        list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
        CheckRun.objects.filter(page_id=page.pk, latest=True).update(latest=False)
        run = CheckRun.objects.create(
            page_id=page.pk, revision_id=revision_id, checked_at=timezone.now(),
            passed=not blocking_failures(results), ruleset=ruleset(), latest=True,
        )
        CheckRunResult.objects.bulk_create(result_rows(run, results))
    return results


def result_rows(run, results):
    from .models import CheckRunResult

    for result in results:
        rule = result.rule
        fields = {"run": run, "rule_id": rule.id, "severity": rule.severity, "remediation": rule.remediation,
                  "owner_group": rule.owner_group}
        if result.passed:
            yield CheckRunResult(outcome=CheckRunResult.PASSED, **fields)
        for reason in result.failures:
            yield CheckRunResult(
                outcome=CheckRunResult.FAILED, reason=str(reason),
                reason_data=reason.as_data() if isinstance(reason, Reason) else None, **fields,
            )


def record_outdated_checks(pages):
    """Bring the stored results of ``pages`` (a page queryset) up to date: run and store the checks
    for each page whose latest run is missing (pages made before runs were stored, or by code that
    skipped the workflow), for another revision than the page's latest, made under another rule
    set, or marked stale. Returns how many pages were checked."""
    from .models import CheckRun

    current = ruleset()
    fresh = {
        page_id: revision_id
        for page_id, revision_id in CheckRun.objects.filter(latest=True, stale=False, ruleset=current, page__in=pages)
        .values_list("page_id", "revision_id")
    }
    outdated = [page_id for page_id, revision_id in pages.values_list("pk", "latest_revision_id")
                if page_id not in fresh or fresh[page_id] != revision_id]
    for page in Page.objects.filter(pk__in=outdated).specific():
        record_checks(page)
    return len(outdated)


def mark_runs_stale(pages=None):
    """The checks' results for ``pages`` (a page queryset; every page when None) may have changed
    without a new revision: their latest runs are run again when next read."""
    from .models import CheckRun

    runs = CheckRun.objects.filter(latest=True, stale=False)
    return (runs if pages is None else runs.filter(page__in=pages)).update(stale=True)


def original_published(page):
    """A page went live: a translation's "not stale" check compares against it."""
    mark_runs_stale(Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk))


# --- The rules governance ships (pages are read only through governance.content) ----------------

@rule("meta-description", _("Meta description present"), Remediation.CONTENT_FIX, WRITERS)
def meta_description_present(page):
    if not (page.search_description or "").strip():
        yield Reason(gettext_noop("Write a meta description (about %(limit)d characters) in the Promote tab."),
                     limit=META_DESCRIPTION_LENGTH)


@rule("banned-claims", _("No banned claims"), Remediation.CONTENT_FIX, POLICY_REVIEWERS)
def no_banned_claims(page):
    from .models import BannedClaim

    text = content.plain_text(page).casefold()
    for claim in BannedClaim.objects.filter(active=True):
        if claim.phrase.casefold() in text:
            yield Reason(gettext_noop("Remove the banned claim “%(phrase)s”."), phrase=claim.phrase)


@rule("article-length", _("Long enough to be a real article"), Remediation.CONTENT_FIX, WRITERS,
      applies_to=content.is_long_form)
def long_enough(page):
    minimum = governance_settings.GOVERNANCE_MIN_ARTICLE_WORDS
    length = content.prose_length(page)
    if length < minimum:
        yield Reason.ngettext(
            "The body has %(length)d word of prose; articles need at least %(minimum)d.",
            "The body has %(length)d words of prose; articles need at least %(minimum)d.",
            "length", length=length, minimum=minimum,
        )


@rule("news-source", _("News cites a primary source"), Remediation.CONTENT_FIX, EDITORS,
      applies_to=content.cites_sources)
def cites_primary_source(page):
    if not content.primary_sources(page):
        yield Reason(gettext_noop("Add at least one primary source: the paper, release notes or announcement."))


url_is_valid = URLValidator(schemes=["http", "https"])


@rule("outbound-links", _("Outbound links well formed"), Remediation.CONTENT_FIX, WRITERS)
def links_well_formed(page):
    for url in content.outbound_links(page):
        try:
            url_is_valid(url)
        except ValidationError:
            yield Reason(gettext_noop("Fix the link “%(url)s”: it is not a complete http(s) address."), url=url[:120])


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
        yield Reason(gettext_noop("The original was updated on %(date)s, after this translation was last edited."),
                     date=source.last_published_at.date().isoformat())


def page_source(page):
    """The page in the default language that this page translates, if it exists."""
    return page.get_translation_or_none(Locale.get_default())
