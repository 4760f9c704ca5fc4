"""Number formats for the adapter lab's results, in the reader's locale."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, decimals=1):
    """0.765 → "76.5 %" (digits and separators as the language writes them)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(float(value) * 100, int(decimals))} %"


@register.filter
def decimal(value, decimals=1):
    if value is None or value == "":
        return "–"
    return number_format(float(value), int(decimals), use_l10n=True, force_grouping=True)
