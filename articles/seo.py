"""What search engines and social networks read: titles, descriptions, canonical and alternate URLs,
Open Graph and Twitter tags, and JSON-LD. Templates call :func:`page_meta`; nothing here queries
more than the page's own translations and ancestors."""

import json
from datetime import datetime, time

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Locale

from governance.checks import META_DESCRIPTION_LENGTH

SHARE_RENDITION = "fill-1200x630"
# Social networks want a raster image: pages whose share image is an SVG figure get the site card.
SITE_CARD = {"path": "img/site-card.png", "width": 1200, "height": 630}


def description_length_warning(page):
    """A reader-facing warning when the meta description is missing or longer than search engines
    show; empty when it is fine."""
    length = len(page.search_description or "")
    if length > META_DESCRIPTION_LENGTH:
        return _(
            "The meta description of “%(title)s” is %(length)d characters long; search engines show about "
            "%(limit)d. Consider shortening it."
        ) % {"title": page.title, "length": length, "limit": META_DESCRIPTION_LENGTH}
    if length == 0 and page.depth > 2:
        return _("“%(title)s” has no meta description; search engines will pick text from the page.") % {
            "title": page.title
        }
    return ""


def hreflang(language_code):
    """BCP 47 tag for a Django language code: ``zh-hans`` → ``zh-Hans``."""
    language, _sep, script = language_code.partition("-")
    return f"{language}-{script.title()}" if script else language


def og_locale(language_code):
    language, _sep, script = language_code.partition("-")
    return f"{language}_{script.title()}" if script else language


def absolute(request, url):
    return request.build_absolute_uri(url) if url and not url.startswith("http") else url


def describe(page):
    """The meta description: the editor's, else the intro, cut at a word near META_DESCRIPTION_LENGTH characters."""
    text = page.search_description or strip_tags(str(getattr(page, "intro", "") or ""))
    return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


def localized_routes(page, request, route):
    """Alternate URLs of a routed view (topic, author, search) on every locale's live home page;
    ``route`` is the route's name and keyword arguments, ``("topic", {"slug": "serving"})``."""
    name, kwargs = route
    translations = page.get_translations(inclusive=True).live().select_related("locale").order_by("locale__pk")
    return [
        (home.locale.language_code, absolute(request, home.route_url(name, request, **kwargs)))
        for home in translations
    ]


def page_alternates(page, request):
    """(language code, absolute URL) for every live translation of ``page``, itself included."""
    translations = page.get_translations(inclusive=True).live().select_related("locale").order_by("locale__pk")
    return [(t.locale.language_code, absolute(request, t.get_url(request))) for t in translations]


def alternates(page, request, route=None):
    """(language code, absolute URL) of what the reader is looking at in every language: the page's live
    translations, or a routed view's on every home page. Worked out once per request (the head and the
    language switcher both show them)."""
    memo = request.__dict__.setdefault("_lorasite_alternates", {})
    key = (page.pk, repr(route))
    if key not in memo:
        memo[key] = localized_routes(page, request, route) if route else page_alternates(page, request)
    return memo[key]


def trail(page):
    """The pages from the locale's home page down to ``page``, ``page`` included."""
    return list(page.get_ancestors().filter(depth__gt=1).specific(defer=True)) + [page]


def breadcrumbs(page, request, pages=None):
    """(title, absolute URL) from the locale's home page down to ``page``."""
    return [(crumb.title, absolute(request, crumb.get_url(request))) for crumb in pages or trail(page)]


def page_meta(page, request, route_title="", route=None):
    """Everything the <head> of a page needs, as one dict the template renders. ``route`` is set on a
    home page's routed views (see :func:`localized_routes`)."""
    title = route_title or page.seo_title or page.title
    if route:
        name, kwargs = route
        canonical = absolute(request, page.route_url(name, request, **kwargs))
    else:
        canonical = absolute(request, page.get_url(request))
    translations = alternates(page, request, route)
    default_language = Locale.get_default().language_code
    x_default = dict(translations).get(default_language) or canonical

    image = getattr(page, "share_image", None) if not route else None
    share = None
    if image is not None and image.is_svg():
        share = {
            "url": absolute(request, static(SITE_CARD["path"])),
            "width": SITE_CARD["width"],
            "height": SITE_CARD["height"],
            "alt": _("LoRA Delivery: deploying LoRA adapters"),
        }
    elif image is not None:
        rendition = image.get_rendition(SHARE_RENDITION)
        share = {
            "url": absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text,
        }
    language = page.locale.language_code
    pages = trail(page)
    crumbs = breadcrumbs(page, request, pages)
    if route_title:
        crumbs.append((str(route_title), canonical))
    meta = {
        "title": str(title),
        "description": describe(page) if not route_title else "",
        "canonical": canonical,
        "alternates": [(hreflang(code), url) for code, url in translations],
        "x_default": x_default,
        "og_type": "article" if hasattr(page, "published_date") and not route else "website",
        "og_locale": og_locale(language),
        "image": share,
        "json_ld": json_ld(page, request, canonical, crumbs, share, bool(route), home=pages[0]),
    }
    return meta


def organization(request):
    return {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/logo.png"))},
    }


def aware_date(value):
    return timezone.make_aware(datetime.combine(value, time.min), timezone.get_default_timezone())


def json_ld(page, request, canonical, crumbs, share, routed, home):
    """The page's JSON-LD graph: breadcrumbs always; the article itself; the site on the home page.
    ``home`` is the home page of the page's locale, whose routes give author and search URLs."""
    from .models import ArticlePage, HomePage, NewsPage

    graph = [
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(crumbs, start=1)
            ],
        }
    ]
    specific_type = {ArticlePage: "TechArticle", NewsPage: "NewsArticle"}.get(type(page))
    if specific_type and not routed:
        modified = max(filter(None, [aware_date(page.modified_date), page.last_published_at]))
        article = {
            "@type": specific_type,
            "headline": Truncator(page.title).chars(110),
            "description": describe(page),
            "datePublished": aware_date(page.published_date).isoformat(),
            "dateModified": modified.isoformat(),
            "inLanguage": hreflang(page.locale.language_code),
            "mainEntityOfPage": canonical,
            "author": [
                {
                    "@type": "Person",
                    "name": author.name,
                    "url": absolute(request, home.route_url("author", request, slug=author.slug)),
                }
                for author in page.authors.all()
            ],
            "publisher": organization(request),
        }
        if share:
            article["image"] = [share["url"]]
        graph.append(article)
    if isinstance(page, HomePage) and not routed:
        home_url = absolute(request, page.get_url(request))
        search_url = absolute(request, page.route_url("search", request))
        graph.append(organization(request))
        graph.append(
            {
                "@type": "WebSite",
                "name": settings.WAGTAIL_SITE_NAME,
                "url": home_url,
                "inLanguage": hreflang(page.locale.language_code),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
                    "query-input": "required name=search_term_string",
                },
            }
        )
    # "<" escaped so that no text in the graph can close the <script> element it sits in.
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False).replace("<", "\\u003c")


def language_name(code):
    return get_language_info(code)["name_local"]
