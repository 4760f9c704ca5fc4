import csv

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale

from lorasite.http import csv_row

from . import checks, gate, report
from .conf import governance_settings

REPORT_PERMISSION = "governance.view_governance_report"


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@permission_required(REPORT_PERMISSION, raise_exception=True)
def governance_report(request):
    locale = Locale.objects.filter(language_code=request.GET.get("locale", "")).first()
    rule_id = request.GET.get("rule", "")
    rule_id = rule_id if rule_id in checks.RULES else None
    data = report.build_report(locale=locale, rule_id=rule_id)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="governance-report.csv"'
        writer = csv.writer(response)
        for row in report.csv_rows(data):
            writer.writerow(csv_row(row))
        return response
    return render(request, "governance/report.html", {
        "report": data,
        "states": report.STATES,
        "rules": checks.RULES.values(),
        "selected_locale": locale,
        "selected_rule": rule_id,
        "header_title": _("Governance report"),
    })


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
