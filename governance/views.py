"""Governance's admin views: the governance report (a Wagtail report view) and /ads.txt.
``wagtail_hooks`` registers them."""

import datetime
from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from lorasite.http import csv_cell

from . import checks, gate, media_checks, report
from .conf import governance_settings
from .models import CheckRunResult

REPORT_PERMISSION = "governance.view_governance_report"


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


class GovernanceReportPermissionMixin:
    """Only the roles holding ``governance.view_governance_report`` open the report."""

    permission_required = "view"

    def user_has_permission(self, permission):
        return self.request.user.has_perm(REPORT_PERMISSION)


class FormulaSafeCSVMixin:
    """For a view with Wagtail's spreadsheet export: its XLSX export already writes cells that look
    like formulas as text, but its CSV export writes them as they are. This passes every CSV cell,
    the heading row included, through ``lorasite.http.csv_cell``."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        })

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        return csv_cell(heading) if self.request.GET.get("export") == self.FORMAT_CSV else heading


def language_choices():
    existing = set(Locale.objects.values_list("language_code", flat=True))
    return [(code, name) for code, name in get_content_languages().items() if code in existing]


def rule_choices():
    return [(rule.id, rule.label) for rule in checks.RULES.values()]


def remediation_choices():
    return list(checks.Remediation.labels.items())


def owner_group_choices():
    return [(name, name) for name in sorted({rule.owner_group for rule in checks.RULES.values()})]


def choice_filter(label, field_name, choices):
    return django_filters.ChoiceFilter(
        label=label, field_name=field_name, choices=choices, empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )


class CheckFailureFilterSet(WagtailFilterSet):
    locale = choice_filter(gettext_lazy("Language"), "run__page__locale__language_code", language_choices)
    rule = choice_filter(gettext_lazy("Check"), "rule_id", rule_choices)
    remediation = choice_filter(gettext_lazy("Remediation"), "remediation", remediation_choices)
    owner_group = choice_filter(gettext_lazy("Owner group"), "owner_group", owner_group_choices)

    class Meta:
        model = CheckRunResult
        fields = []


def page_state(row):
    return report.STATES[report.failure_state(row)]


class GovernanceReportView(GovernanceReportPermissionMixin, FormulaSafeCSVMixin, ReportView):
    """Every open check failure (one row per reason a page's latest stored check run failed), with
    the summaries above it: pages by state, review steps waiting, failures by check and by
    remediation queue, stale translations, publications outside the workflow, ad placements."""

    page_title = gettext_lazy("Governance report")
    header_icon = "tasks"
    results_template_name = "governance/report_results.html"
    index_url_name = "governance_report"
    index_results_url_name = "governance_report_results"
    filterset_class = CheckFailureFilterSet
    model = CheckRunResult
    columns = [
        TitleColumn("page", label=gettext_lazy("Page"), accessor="run.page.title",
                    url_name="wagtailadmin_pages:edit", id_accessor="run.page_id"),
        # Not Wagtail's LocaleColumn: that reads the cache once per row.
        Column("language", label=gettext_lazy("Language"), accessor="run.page.locale.get_display_name"),
        Column("page_state", label=gettext_lazy("Page state"), accessor=page_state),
        Column("rule", label=gettext_lazy("Check"), accessor="rule_label"),
        Column("reason", label=gettext_lazy("Reason"), accessor="reason_text"),
        Column("remediation", label=gettext_lazy("Remediation"), accessor="remediation_label"),
        Column("owner_group", label=gettext_lazy("Owner group")),
        DateColumn("checked_at", label=gettext_lazy("Checked"), accessor="run.checked_at"),
    ]
    list_export = [
        "run.page_id", "run.page.title", "run.page.locale.language_code", "page_state", "rule_id", "reason_text",
        "remediation", "owner_group", "run.checked_at",
    ]
    export_headings = {
        "run.page_id": gettext_lazy("Page ID"),
        "run.page.title": gettext_lazy("Title"),
        "run.page.locale.language_code": gettext_lazy("Language"),
        "page_state": gettext_lazy("Page state"),
        "rule_id": gettext_lazy("Check"),
        "reason_text": gettext_lazy("Reason"),
        "remediation": gettext_lazy("Remediation"),
        "owner_group": gettext_lazy("Owner group"),
        "run.checked_at": gettext_lazy("Checked"),
    }

    def get(self, request, *args, **kwargs):
        # Stored results are read, never recomputed: only pages whose latest run is outdated are checked now.
        report.refresh()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.queryset = report.check_failures()
        return super().get_queryset()

    def get_filename(self):
        return f"governance-report-{datetime.date.today():%Y-%m-%d}"

    def to_row_dict(self, item):
        item.page_state = report.failure_state(item)
        return super().to_row_dict(item)

    @cached_property
    def selected_locale(self):
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("locale"):
            return Locale.objects.filter(language_code=self.filters.form.cleaned_data["locale"]).first()
        return None

    def queue_url(self, queue):
        params = {"remediation": queue["remediation"], "owner_group": queue["owner"]}
        if self.selected_locale:
            params["locale"] = self.selected_locale.language_code
        return f"{self.index_url}?{urlencode(params)}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            summary = report.summary(self.object_list, locale=self.selected_locale)
            for queue in summary.remediation_queues:
                queue["url"] = self.queue_url(queue)
            context["summary"] = summary
            context["states"] = report.STATES
        return context


@require_GET
@cache_control(max_age=3600)
def ads_txt(request):
    """/ads.txt: declares the AdSense publisher authorised to sell this site's inventory; 404 while
    no publisher id is configured."""
    publisher = gate.client_id()
    if not publisher:
        raise Http404(_("No AdSense publisher id is configured."))
    lines = []
    if governance_settings.ADSENSE_TEST_MODE:
        lines.append("# Test publisher id for development: not a real AdSense account.")
    lines.append(f"google.com, {publisher.removeprefix('ca-')}, DIRECT, f08c47fec0942fa0")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def image_policy():
    return policy_registry.get_by_type(get_image_model())


class MediaChecklistView(TemplateView):
    """Every image against the media checklist in one language, filtered by rule; reviewers approve the
    machine-drafted alt text they checked in one go."""

    template_name = "governance/media_checklist.html"

    def dispatch(self, request, *args, **kwargs):
        if not image_policy().user_has_any_permission(request.user, ["change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def selection(self):
        languages = dict(settings.LANGUAGES)
        language = self.request.GET.get("language", "")
        language = language if language in languages else settings.LANGUAGE_CODE
        rule_id = self.request.GET.get("rule", "")
        return language, (rule_id if rule_id in media_checks.PROBLEMS else None)

    def editable_images(self):
        images = image_policy().instances_user_has_any_permission_for(self.request.user, ["change"])
        return images.prefetch_related("alt_text_reviews").order_by("title")

    def get_context_data(self, **kwargs):
        language, rule_id = self.selection()
        rows = media_checks.checklist_rows(self.editable_images(), language, rule_id)
        return super().get_context_data(
            rows=rows, language=language, rule_id=rule_id, languages=settings.LANGUAGES,
            rules=[checks.RULES[key] for key in media_checks.PROBLEMS],
            failing=sum(1 for row in rows if row["problems"]), **kwargs)

    def post(self, request, *args, **kwargs):
        language, rule_id = self.selection()
        ids = [int(value) for value in request.POST.getlist("image") if value.isdigit()]
        approved = media_checks.approve_reviewed_drafts(self.editable_images().filter(pk__in=ids), language, request.user)
        messages.success(request, ngettext(
            "Approved the alt text of %(count)d image.", "Approved the alt text of %(count)d images.", len(approved),
        ) % {"count": len(approved)})
        query = urlencode({key: value for key, value in (("language", language), ("rule", rule_id or "")) if value})
        return redirect(f"{reverse('governance_media_checklist')}?{query}")


class MediaChecklistMenuItem(MenuItem):
    def is_shown(self, request):
        return image_policy().user_has_any_permission(request.user, ["change"])
