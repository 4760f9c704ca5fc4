"""The adapter lab's results in templates: charts, their summaries and numbers in the reader's locale
(the same formats as the site's figures)."""

from django import template
from django.utils.translation import get_language, gettext

from articles.demo.figures import number

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
    """0.765 → "76.5%" ("76,5 %" in German): digits, separators and the sign as the language writes them."""
    if value is None or value == "":
        return "–"
    return gettext("%(number)s%%") % {"number": number(float(value) * 100, int(decimals))}


@register.filter
def decimal(value, decimals=1):
    if value is None or value == "":
        return "–"
    return number(float(value), int(decimals))
