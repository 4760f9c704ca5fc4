"""``{% alt_text_panel image %}``: the image editor's "Generate alt text" panel with its live progress."""

from django import template

from ..forms import AltTextLanguagesForm
from ..views import status_context

register = template.Library()


@register.inclusion_tag("adapters_app/includes/alt_text_panel.html")
def alt_text_panel(image):
    return {**status_context(image), "form": AltTextLanguagesForm()}
