"""The adapter lab's results in templates: charts, their summaries and number formats in the reader's
locale. Numbers are rounded (Django's number_format truncates)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from ..charts import chart_summary, render_run_chart

register = template.Library()


@register.simple_tag
def run_chart(run):
    """The run's chart as inline SVG in the active language (nothing for demos without one)."""
    return render_run_chart(run, get_language()) or ""


@register.simple_tag
def run_summary(run):
    return chart_summary(run, get_language())


@register.filter
def percent(value, decimals=1):
    """0.765 → "76.5 %" (digits and separators as the language writes them)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(round(float(value) * 100, int(decimals)), int(decimals))} %"


@register.filter
def decimal(value, decimals=1):
    if value is None or value == "":
        return "–"
    return number_format(round(float(value), int(decimals)), int(decimals), use_l10n=True, force_grouping=True)
