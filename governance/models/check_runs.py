"""Stored results of the automated checks: every run on a page revision, kept as history.

A :class:`CheckRun` is one run of the check registry on one page revision; its
:class:`CheckRunResult` rows are what each rule found (one row for a rule that passed, one per
reason for a rule that failed). ``CheckRun.latest`` marks each page's most recent run (a partial
unique index keeps it to one per page), so "the latest run of every page" is one indexed filter
and older runs stay behind as the history that dashboards chart. ``governance.checks`` writes
them (:func:`~governance.checks.record_checks`); the report reads them.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import checks


class CheckRun(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="check_runs", db_index=False,
        verbose_name=_("page"),
    )
    # The revision checked; null for a page without revisions (or one whose revision was purged,
    # which makes the run outdated: it no longer matches the page's latest revision).
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    checked_at = models.DateTimeField(default=timezone.now)
    # No blocking failure: the workflow's checks step approved (or would approve) this revision.
    passed = models.BooleanField()
    # The page's most recent run.
    latest = models.BooleanField(default=True)
    # Something the checks read besides the revision changed since this run (a banned claim, the
    # original of a translation): the report runs the checks again before showing it.
    stale = models.BooleanField(default=False)
    # Which rules were registered (``governance.checks.ruleset``): a run made under another rule
    # set is outdated too.
    ruleset = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        constraints = [
            models.UniqueConstraint(fields=["page"], condition=Q(latest=True), name="governance_one_latest_check_run"),
        ]
        indexes = [
            models.Index(fields=["page", "checked_at"], name="governance_checkrun_page_time"),
            models.Index(fields=["checked_at"], name="governance_checkrun_time"),
        ]

    def __str__(self):
        return f"Checks on page {self.page_id}, revision {self.revision_id}, {self.checked_at:%Y-%m-%d %H:%M}"


class CheckRunResult(models.Model):
    PASSED = "passed"
    FAILED = "failed"

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="results", db_index=False)
    rule_id = models.CharField(max_length=100)
    outcome = models.CharField(max_length=6, choices=[(PASSED, _("passed")), (FAILED, _("failed"))])
    # The rule's severity, remediation and owner when it ran (rules may change later).
    severity = models.CharField(max_length=10)
    remediation = models.CharField(max_length=50)
    owner_group = models.CharField(max_length=150)
    # The reason as written in the language active when the check ran, and, for the registry's
    # own reasons, its message and parameters, so it is shown in the reader's language.
    reason = models.TextField(blank=True)
    reason_data = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        indexes = [
            models.Index(fields=["run", "outcome"], name="governance_result_run_outcome"),
            models.Index(fields=["rule_id", "outcome"], name="governance_result_rule"),
            models.Index(fields=["remediation", "owner_group"], name="governance_result_queue"),
        ]

    def __str__(self):
        return f"{self.rule_id}: {self.outcome}"

    @property
    def page(self):
        return self.run.page

    @property
    def rule(self):
        return checks.RULES.get(self.rule_id)

    @property
    def rule_label(self):
        rule = self.rule
        return rule.label if rule else self.rule_id

    @property
    def remediation_label(self):
        return checks.Remediation.labels.get(self.remediation, self.remediation)

    @property
    def reason_text(self):
        """The reason in the language active now."""
        return str(checks.Reason.from_data(self.reason_data)) if self.reason_data else self.reason
