"""Site-wide discovery views outside the page tree: the sitemap and robots.txt."""

from collections import defaultdict

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .seo import hreflang


@require_GET
@cache_control(max_age=3600)
def sitemap(request):
    """Every live public page in every language, each with its translations as hreflang alternates
    and, as in the page's head, the default locale's translation as x-default."""
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .select_related("locale")
        .only("pk", "url_path", "path", "depth", "translation_key", "last_published_at", "locale__language_code")
        .order_by("path")
    )
    entries = [
        {
            "url": request.build_absolute_uri(page.get_url(request)),
            "language": hreflang(page.locale.language_code),
            "language_code": page.locale.language_code,
            "key": page.translation_key,
            "lastmod": page.last_published_at,
        }
        for page in pages
    ]
    by_key = defaultdict(list)
    for entry in entries:
        by_key[entry["key"]].append(entry)
    default_language = Locale.get_default().language_code
    for entry in entries:
        entry["alternates"] = by_key[entry["key"]]
        entry["x_default"] = next(
            (alt["url"] for alt in entry["alternates"] if alt["language_code"] == default_language), None
        )
    return TemplateResponse(request, "articles/sitemap.xml", {"entries": entries}, content_type="application/xml")


@require_GET
@cache_control(max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
