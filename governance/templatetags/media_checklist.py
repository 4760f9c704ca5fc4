"""``{% media_checklist_panel image %}``: the image editor's media checklist, one line per language."""

from django import template
from django.conf import settings

from ..media_checks import image_checklist

register = template.Library()


@register.inclusion_tag("governance/panels/media_checklist_panel.html")
def media_checklist_panel(image):
    names = dict(settings.LANGUAGES)
    return {"rows": [(code, names[code], problems) for code, problems in image_checklist(image, names)]}
