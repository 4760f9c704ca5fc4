"""Ad tags. Every one asks governance.gate; none decides on its own.

``{% ad_head %}`` in <head>: Consent Mode v2 defaults (all denied), then the site's CMP script.
``{% ad_slot "in_article" %}`` where a slot may go: the AdSense unit, labelled.
``{% ad_script %}`` before </body>: the AdSense library, once, only if a slot rendered.
"""

from django import template
from wagtail.models import Page

from .. import gate
from ..conf import governance_settings
from ..models.monetization import SLOTS

register = template.Library()


def decision(context):
    page = context.get("page")
    return gate.ad_decision(context["request"], page if isinstance(page, Page) else None)


@register.inclusion_tag("includes/ad_head.html", takes_context=True)
def ad_head(context):
    allowed = "request" in context and decision(context).allowed
    return {"allowed": allowed, "cmp_script": governance_settings.CONSENT_MANAGEMENT_SCRIPT_URL}


@register.inclusion_tag("components/ad_slot.html", takes_context=True)
def ad_slot(context, slot):
    if slot not in SLOTS:
        raise template.TemplateSyntaxError(f"Unknown ad slot {slot!r}; the slots are {', '.join(SLOTS)}.")
    unit_id = governance_settings.ADSENSE_SLOTS.get(slot, "")
    if "request" not in context or not unit_id or not decision(context).allows(slot):
        return {"render": False}
    request = context["request"]
    request.ad_slots_rendered = getattr(request, "ad_slots_rendered", 0) + 1
    return {
        "render": True,
        "slot": slot,
        "client_id": gate.client_id(),
        "unit_id": unit_id,
        "test_mode": governance_settings.ADSENSE_TEST_MODE,
    }


@register.inclusion_tag("includes/ad_script.html", takes_context=True)
def ad_script(context):
    request = context.get("request")
    return {"render": bool(getattr(request, "ad_slots_rendered", 0)), "client_id": gate.client_id()}


@register.simple_tag
def in_article_break(body):
    """After which block (1-based) the in-article slot goes: the middle of the body, never right
    after a heading and never at the very end; 0 for bodies too short to split."""
    blocks = list(body)
    if len(blocks) < 4:
        return 0
    position = len(blocks) // 2
    while position < len(blocks) - 1 and blocks[position - 1].block_type == "heading":
        position += 1
    return position if position < len(blocks) else 0
