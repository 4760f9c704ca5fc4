import csv

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import checks, report

REPORT_PERMISSION = "governance.view_governance_report"


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
            writer.writerow(row)
        return response
    return render(request, "governance/report.html", {
        "report": data,
        "states": report.STATES,
        "rules": checks.RULES.values(),
        "selected_locale": locale,
        "selected_rule": rule_id,
        "header_title": _("Governance report"),
    })
