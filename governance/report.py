"""The governance report: where every page stands, what is waiting on whom, and which check
failures each team has to fix. Plain functions; the admin view and the CSV export call them."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Locale, Page, TaskState, WorkflowState

from . import checks
from .conf import governance_settings
from .models import AdPlacement, ReviewTask
from .monetization import PLACEMENT_STATES, with_state
from .override import override_entries

STATES = ["live", "live-with-changes", "in-review", "needs-changes", "draft"]


@dataclass
class Failure:
    page: Page
    rule: checks.Rule
    reason: str


@dataclass
class Report:
    locales: list
    states_by_locale: dict
    pending_steps: list
    failures: list = field(default_factory=list)
    self_approval_allowed: bool = False
    overrides: list = field(default_factory=list)
    placements: list = field(default_factory=list)

    @property
    def placements_by_state(self):
        counts = Counter(placement.state for placement in self.placements)
        return [{"code": code, "label": label, "count": counts[code]} for code, label in PLACEMENT_STATES.items()]

    @property
    def failures_by_rule(self):
        return Counter(failure.rule.label for failure in self.failures).most_common()

    @property
    def stale_translations(self):
        return [failure for failure in self.failures if failure.rule.id == "translation-fresh"]

    @property
    def remediation_queues(self):
        """Open failures grouped by the kind of fix and the group that owns it."""
        queues = defaultdict(list)
        for failure in self.failures:
            queues[(failure.rule.remediation, failure.rule.owner_group)].append(failure)
        return [
            {"remediation": checks.Remediation.labels[remediation], "owner": owner, "failures": items}
            for (remediation, owner), items in sorted(queues.items())
        ]


def content_pages(locale=None):
    pages = Page.objects.filter(depth__gt=2).select_related("locale").order_by("locale__language_code", "path")
    return pages.filter(locale=locale) if locale else pages


def open_workflow_states():
    """{page id: workflow status} for pages in review or sent back."""
    states = WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    )
    return {int(state.object_id): state.status for state in states}


def page_state(page, workflow_statuses):
    status = workflow_statuses.get(page.pk)
    if status == WorkflowState.STATUS_IN_PROGRESS:
        return "in-review"
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "needs-changes"
    if page.live:
        return "live-with-changes" if page.has_unpublished_changes else "live"
    return "draft"


def pending_review_steps(locale=None):
    """Review steps waiting for a group, oldest first, with how long they have waited."""
    task_states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__in=ReviewTask.objects.all())
        .select_related("workflow_state", "task", "revision")
        .order_by("started_at")
    )
    now = timezone.now()
    groups_by_task = defaultdict(list)
    for task_id, name in ReviewTask.groups.through.objects.values_list("reviewtask_id", "group__name"):
        groups_by_task[task_id].append(name)
    rows = []
    for task_state in task_states:
        page = task_state.workflow_state.content_object
        if locale and page.locale_id != locale.pk:
            continue
        rows.append({
            "page": page,
            "step": task_state.task.name,
            "groups": ", ".join(sorted(groups_by_task[task_state.task_id])),
            "since": task_state.started_at,
            "age_hours": round((now - task_state.started_at).total_seconds() / 3600, 1),
        })
    return rows


def build_report(locale=None, rule_id=None):
    locales = list(Locale.objects.order_by("pk"))
    workflow_statuses = open_workflow_states()
    states_by_locale = {loc.language_code: dict.fromkeys(STATES, 0) for loc in locales}
    failures = []
    for page in content_pages(locale):
        states_by_locale[page.locale.language_code][page_state(page, workflow_statuses)] += 1
        # Check what would be published next: the latest revision, draft or live.
        draft = page.specific.get_latest_revision_as_object() if page.latest_revision_id else page.specific
        for result in checks.run_checks(draft):
            if rule_id and result.rule.id != rule_id:
                continue
            failures.extend(Failure(page, result.rule, str(reason)) for reason in result.failures)
    if locale:
        states_by_locale = {locale.language_code: states_by_locale[locale.language_code]}
    return Report(
        locales=locales,
        states_by_locale=states_by_locale,
        pending_steps=pending_review_steps(locale),
        failures=failures,
        self_approval_allowed=governance_settings.GOVERNANCE_ALLOW_SELF_APPROVAL,
        overrides=override_entries(locale),
        placements=ad_placements(locale),
    )


def ad_placements(locale=None):
    """Every ad placement with its state (approved, pending, rejected, suspended, draft); a
    suspended one carries the reason it was suspended."""
    placements = with_state(AdPlacement.objects.order_by("page__path"))
    return list(placements.filter(page__locale=locale) if locale else placements)




CSV_HEADER = ["page_id", "title", "language", "state", "rule", "reason", "remediation", "owner_group"]


def csv_rows(report):
    workflow_statuses = open_workflow_states()
    yield CSV_HEADER
    for failure in report.failures:
        yield [
            failure.page.pk,
            failure.page.title,
            failure.page.locale.language_code,
            page_state(failure.page, workflow_statuses),
            failure.rule.id,
            failure.reason,
            failure.rule.remediation,
            failure.rule.owner_group,
        ]
