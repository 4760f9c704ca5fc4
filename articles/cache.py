"""The shared page cache: what anonymous readers get is stored once and served to all of them, and
purged the moment anything it shows changes. Cache policy lives here, in one place.

Stored: 200 responses to cookie-less GET and HEAD requests for the public site (``/<lang>/…`` and the
root files: sitemap, robots.txt, ads.txt) that set no cookie and are not ``private``, ``no-store`` or
``no-cache``. Not even looked up: a request with a session or messages cookie (a signed-in user, a
message waiting), a preview, the admin, documents and media. Other cookies (consent, analytics) change
nothing here, so they neither miss nor bypass.

Keys are the host, the path and only the query parameters pages read (:data:`KEY_PARAMETERS`,
normalised), so ``?utm_…`` or random parameters neither miss nor fill the cache. Responses to a search
(``q``) go to a cache of their own (``PAGE_CACHE_QUERIES_ALIAS``), so a flood of distinct searches can
only evict other searches, never the home page.

Purging is by generation: every key carries the path's generation and the site's (the time each was
last purged), and purging a path (or the whole site) moves its generation on, so every variant of it (``?page=2``, ``?topic=…``) is gone
at once without being listed. The same URLs go to Wagtail's frontend cache module, which purges a CDN
when ``WAGTAILFRONTENDCACHE`` names one.

A cache that fails (Redis down, a locked database table) never fails a page: the page is served
uncached and the failure logged.
"""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

logger = logging.getLogger(__name__)

KEY_PARAMETERS = ("page", "q", "topic", "type")
QUERY_PARAMETERS = ("q",)
ROOT_FILES = frozenset({"/sitemap.xml", "/robots.txt", "/ads.txt"})
BYPASS_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, "messages"})
SITE_GENERATION = "pagecache:generation:site"
MAX_PARAMETER_LENGTH = 200


def pages_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def queries_cache():
    return caches[settings.PAGE_CACHE_QUERIES_ALIAS]


def languages():
    return {code for code, _name in settings.LANGUAGES}


def is_public_path(path):
    if path in ROOT_FILES:
        return True
    first = path.strip("/").split("/", 1)[0]
    return first in languages()


def bypasses(request):
    """Whether ``request`` is not served from, nor stored in, the shared cache."""
    return (
        request.method not in ("GET", "HEAD")
        or bool(BYPASS_COOKIES & set(request.COOKIES))
        or getattr(request, "is_preview", False)
        or not is_public_path(request.path)
    )


def normalised_query(request):
    """Only the parameters pages read, each once (the last value, as ``request.GET.get`` reads it), trimmed."""
    pairs = []
    for name in KEY_PARAMETERS:
        value = request.GET.get(name)
        if value is not None and value.strip():
            pairs.append((name, value.strip()[:MAX_PARAMETER_LENGTH]))
    return urlencode(pairs)


def path_generation_key(path):
    return "pagecache:generation:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def generations(path):
    """(site generation, path generation), read in one round trip. A generation is the time it was
    last purged; one missing (never purged, or evicted) starts afresh from now, so a page stored under
    an evicted generation can never come back."""
    keys = (SITE_GENERATION, path_generation_key(path))
    cache = pages_cache()
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    return found[keys[0]], found[keys[1]]


def store_for(request):
    """The cache alias this request's response belongs in."""
    return queries_cache() if any(request.GET.get(name) for name in QUERY_PARAMETERS) else pages_cache()


def cache_key(request):
    host, path = request.get_host(), request.path
    site, page = generations(path)
    digest = hashlib.sha256(f"{host}{path}?{normalised_query(request)}".encode()).hexdigest()[:40]
    return f"pagecache:{site}:{page}:{digest}"  # GET and HEAD share it: the server drops a HEAD's body


def is_storable(response):
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache", "max-age=0"))


def add_shared_cache_headers(response):
    """Let a CDN keep the page too, and serve it a little stale while it fetches a fresh one. The page
    was made for a request without a session (a template that looks at ``request.user`` makes Django
    add ``Vary: Cookie`` all the same): it varies on no cookie, and saying so keeps consent and
    analytics cookies from splitting a CDN's cache. (A CDN should pass requests with a session cookie
    through, as this cache does.)"""
    patch_cache_control(response, public=True, s_maxage=settings.PAGE_CACHE_SECONDS,
                        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS)
    vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
    if any(value.lower() == "cookie" for value in vary):
        remaining = [value for value in vary if value.lower() != "cookie"]
        if remaining:
            response["Vary"] = ", ".join(remaining)
        else:
            del response["Vary"]


class PageCacheMiddleware:
    """Serve anonymous readers from the shared cache, and fill it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or bypasses(request):
            return self.get_response(request)
        try:
            key = cache_key(request)
            cached = store_for(request).get(key)
        except Exception:  # noqa: BLE001 — any cache failure: serve the page uncached
            logger.exception("Page cache unavailable; serving %s uncached", request.path)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if is_storable(response):
            add_shared_cache_headers(response)
            response["X-Page-Cache"] = "miss"
            try:
                store_for(request).set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001 — the page is served all the same
                logger.exception("Page cache unavailable; %s not stored", request.path)
        return response


# --- Purging ------------------------------------------------------------------------------------

def bump(key):
    pages_cache().set(key, time.time_ns(), None)


def purge_paths(paths):
    """Drop every cached variant of each path (``?page=2`` and the rest), and ask the CDN to."""
    from wagtail.models import Site

    paths = sorted(set(paths))
    try:
        for path in paths:
            bump(path_generation_key(path))
    except Exception:  # noqa: BLE001 — pages would be stale until their timeout: say so loudly
        logger.exception("Page cache purge failed for %s", paths)
    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache([site.root_url.rstrip("/") + path for site in Site.objects.all() for path in paths])
    return paths


def purge_site():
    """Every cached page at once (site-wide changes: settings, navigation), on the CDN too."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    try:
        bump(SITE_GENERATION)
    except Exception:  # noqa: BLE001
        logger.exception("Page cache site-wide purge failed")
    if settings.WAGTAILFRONTENDCACHE:
        batch = PurgeBatch()
        batch.add_pages(Page.objects.live().filter(depth__gt=1))
        batch.purge()
