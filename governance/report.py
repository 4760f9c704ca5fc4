"""The governance report: where every page stands, what is waiting on whom, and which check
failures each team has to fix. Plain functions; the report views (``governance.views``) call them.

Check failures come from the stored check results (``governance.models.CheckRun``): the latest run
of each page, brought up to date first (:func:`refresh`), so the report never shows results older
than the page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, TaskState, WorkflowState

from . import checks
from .conf import governance_settings
from .models import AdPlacement, CheckRunResult, ReviewTask
from .monetization import PLACEMENT_STATES, with_state
from .override import override_entries

STATES = {
    "live": _("live"),
    "live-with-changes": _("live with changes"),
    "in-review": _("in review"),
    "needs-changes": _("needs changes"),
    "draft": _("draft"),
}
TRANSLATION_RULE = "translation-fresh"


def content_pages(locale=None):
    """Every page below the language home pages."""
    pages = Page.objects.filter(depth__gt=2)
    return pages.filter(locale=locale) if locale else pages


def refresh():
    """Store fresh check results for every content page whose latest stored run is outdated."""
    return checks.record_outdated_checks(content_pages())


def open_page_workflows():
    """Workflow states of pages in review or sent back."""
    return WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    )


def check_failures():
    """One row per reason a page's latest check run failed, with its page and the status of the
    page's open workflow (``workflow_status``, for :func:`failure_state`): the report's listing."""
    # WorkflowState.object_id is text: compare it with the page id as text (PostgreSQL casts nothing implicitly).
    open_workflow = open_page_workflows().filter(object_id=Cast(OuterRef("run__page_id"), CharField()))
    return (
        CheckRunResult.objects.filter(outcome=CheckRunResult.FAILED, run__latest=True, run__page__depth__gt=2)
        .select_related("run__page__locale")
        .annotate(workflow_status=Subquery(open_workflow.values("status")[:1]))
        .order_by("run__page__locale__language_code", "run__page__path", "pk")
    )


def failure_state(failure):
    """The state (one of STATES) of the page a row of :func:`check_failures` is about."""
    page = failure.run.page
    return state_of(failure.workflow_status, page.live, page.has_unpublished_changes)


def open_workflow_states():
    """{page id: workflow status} for pages in review or sent back."""
    return {int(object_id): status for object_id, status in open_page_workflows().values_list("object_id", "status")}


def page_state(page, workflow_statuses):
    """One of STATES; ``workflow_statuses`` comes from :func:`open_workflow_states`."""
    return state_of(workflow_statuses.get(page.pk), page.live, page.has_unpublished_changes)


def state_of(workflow_status, live, has_unpublished_changes):
    if workflow_status == WorkflowState.STATUS_IN_PROGRESS:
        return "in-review"
    if workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "needs-changes"
    if live:
        return "live-with-changes" if has_unpublished_changes else "live"
    return "draft"


def states_by_locale(locale=None):
    """{language code: {state: number of pages}}, every language (or only ``locale``'s)."""
    workflow_statuses = open_workflow_states()
    locales = [locale] if locale else Locale.objects.order_by("pk")
    counts = {loc.language_code: dict.fromkeys(STATES, 0) for loc in locales}
    pages = content_pages(locale).values_list("pk", "locale__language_code", "live", "has_unpublished_changes")
    for pk, language_code, live, has_unpublished_changes in pages:
        counts[language_code][state_of(workflow_statuses.get(pk), live, has_unpublished_changes)] += 1
    return counts


def pending_review_steps(locale=None):
    """Review steps waiting for a group, oldest first, with how long they have waited: a page's
    review, or the approval of a page's ad placement."""
    task_states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__in=ReviewTask.objects.all())
        .select_related("workflow_state", "task")
        .prefetch_related(GenericPrefetch("workflow_state__content_object", [
            Page.objects.select_related("locale"), AdPlacement.objects.select_related("page__locale"),
        ]))
        .order_by("started_at")
    )
    now = timezone.now()
    groups_by_task = defaultdict(list)
    for task_id, name in ReviewTask.groups.through.objects.values_list("reviewtask_id", "group__name"):
        groups_by_task[task_id].append(name)
    rows = []
    for task_state in task_states:
        content_object = task_state.workflow_state.content_object
        if isinstance(content_object, AdPlacement):
            page, title = content_object.page, str(content_object)
            edit_url = reverse("wagtailsnippets_governance_adplacement:edit", args=[content_object.pk])
        else:
            page, title = content_object, content_object.title
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        if locale and page.locale_id != locale.pk:
            continue
        rows.append({
            "title": title,
            "language": page.locale.language_code,
            "edit_url": edit_url,
            "step": task_state.task.name,
            "groups": ", ".join(sorted(groups_by_task[task_state.task_id])),
            "since": task_state.started_at,
            "age_hours": round((now - task_state.started_at).total_seconds() / 3600, 1),
        })
    return rows


def failures_by_rule(failures):
    """[(rule label, count)] for the failures in ``failures`` (a check-failure queryset), most first."""
    counts = failures.order_by().values("rule_id").annotate(count=Count("pk")).order_by("-count", "rule_id")
    return [(_rule_label(row["rule_id"]), row["count"]) for row in counts]


def remediation_queues(failures):
    """Open failures grouped by the kind of fix and the group that owns it, with their number."""
    queues = failures.order_by().values("remediation", "owner_group").annotate(count=Count("pk"))
    return [
        {
            "remediation": queue["remediation"],
            "label": checks.Remediation.labels.get(queue["remediation"], queue["remediation"]),
            "owner": queue["owner_group"],
            "count": queue["count"],
        }
        for queue in queues.order_by("remediation", "owner_group")
    ]


def _rule_label(rule_id):
    rule = checks.RULES.get(rule_id)
    return rule.label if rule else rule_id


def ad_placements(locale=None):
    """Every ad placement with its state (approved, pending, rejected, suspended, draft); a
    suspended one carries the reason it was suspended."""
    placements = with_state(AdPlacement.objects.order_by("page__path"))
    return list(placements.filter(page__locale=locale) if locale else placements)


@dataclass
class Summary:
    """What the report shows above its listing of check failures."""

    states_by_locale: dict
    pending_steps: list
    failures_by_rule: list
    remediation_queues: list
    stale_translations: list
    overrides: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    self_approval_allowed: bool = False

    @property
    def placements_by_state(self):
        counts = defaultdict(int)
        for placement in self.placements:
            counts[placement.state] += 1
        return [{"code": code, "label": label, "count": counts[code]} for code, label in PLACEMENT_STATES.items()]


def summary(failures, locale=None):
    """The report's summaries for ``locale`` (every language when None); the failure counts,
    queues and stale translations follow ``failures`` (the listing's filtered queryset)."""
    return Summary(
        states_by_locale=states_by_locale(locale),
        pending_steps=pending_review_steps(locale),
        failures_by_rule=failures_by_rule(failures),
        remediation_queues=remediation_queues(failures),
        stale_translations=list(failures.filter(rule_id=TRANSLATION_RULE)),
        overrides=override_entries(locale),
        placements=ad_placements(locale),
        self_approval_allowed=governance_settings.GOVERNANCE_ALLOW_SELF_APPROVAL,
    )
