"""A frontend-cache (CDN) backend for tests: it records the URLs Wagtail's frontend cache module would
purge instead of calling a CDN."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)
