from django import template
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from .. import seo

register = template.Library()


def current_home(context):
    """The live home page of the active language, looked up once per request."""
    request = context.get("request")
    cache = getattr(request, "_lorasite_home", None) if request else None
    if cache is None:
        from ..models import HomePage

        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            locale = Locale.get_default()
        cache = HomePage.objects.live().filter(locale=locale).first() or HomePage.objects.live().first() or False
        if request is not None:
            request._lorasite_home = cache
    return cache or None


@register.simple_tag(takes_context=True)
def home_page(context):
    return current_home(context)


@register.inclusion_tag("includes/seo_head.html", takes_context=True)
def seo_head(context):
    page = context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"meta": None}
    return {"meta": seo.page_meta(page, request, context.get("route_title", ""), context.get("route"))}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the live translations of what the reader is looking at, and nothing else."""
    page = context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"languages": []}
    alternates = seo.alternates(page, request, context.get("route"))
    current = get_language()
    return {
        "languages": [
            {
                "code": code,
                "hreflang": seo.hreflang(code),
                "name": seo.language_name(code),
                "url": url,
                "current": code == current,
            }
            for code, url in alternates
        ]
    }


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    home = current_home(context)
    request = context["request"]
    items = []
    if home:
        for child in home.get_children().live().in_menu().specific(defer=True):
            items.append({"title": child.title, "url": child.get_url(request)})
    current_path = request.path
    for item in items:
        item["active"] = current_path.startswith(item["url"])
    return {"home": home, "items": items, "request": request}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    from ..models import StandardPage

    home = current_home(context)
    request = context["request"]
    pages = StandardPage.objects.live().child_of(home).order_by("path") if home else []
    return {
        "links": [(p.title, p.get_url(request)) for p in pages],
        "feed_url": home.route_url("feed", request) if home else "",
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context["request"]
    if not isinstance(page, Page) or page.depth <= 2 and not context.get("route_title"):
        return {"crumbs": []}
    crumbs = [(title, url) for title, url in seo.breadcrumbs(page, request)]
    if context.get("route_title"):
        crumbs.append((str(context["route_title"]), ""))
    return {"crumbs": crumbs}


@register.simple_tag(takes_context=True)
def page_query(context, **changes):
    """The current query string with some parameters changed (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def cached_embed(url):
    """The provider's embed HTML if Wagtail fetched it when the editor saved; never a network call
    while a reader waits."""
    from django.utils.safestring import mark_safe
    from wagtail.embeds.models import Embed

    embed = Embed.objects.filter(url=url).only("html").first()
    return mark_safe(embed.html) if embed and embed.html else ""
