import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

LANGUAGE_LIKE = re.compile(r"^/([a-z]{2,3}(?:-[a-z0-9]{2,8})*)(?:/|$)", re.IGNORECASE)
SUPPORTED = {code.lower() for code, _name in settings.LANGUAGES}


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a path starting with an unsupported language code
    (``/pt/…``, ``/zh-hant/…``) is a plain 404 rather than a redirect to ``/en/pt/…``."""

    def process_response(self, request, response):
        match = LANGUAGE_LIKE.match(request.path_info)
        if response.status_code == 404 and match and match.group(1).lower() not in SUPPORTED:
            return response
        return super().process_response(request, response)
