"""Cache policy for responses made for one viewer.

A signed-in user's response shows the Wagtail userbar, their name in the admin, their drafts; a
preview shows content not yet live. Whatever the view and whatever the ad settings, such a response
is ``Cache-Control: private, no-store``: no shared cache (proxy, CDN, full-page cache) stores it and
hands it to someone else, and the browser keeps no copy on disk. An anonymous reader's response is
left as the view made it, so pages stay cacheable.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def is_viewer_specific(request):
    """Whether the response to ``request`` depends on who is asking: a preview, or a signed-in user.

    Without a session cookie nobody is signed in, and the session is not even loaded (loading it
    would add ``Vary: Cookie`` to every anonymous response)."""
    if getattr(request, "is_preview", False):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ViewerCacheHeadersMiddleware:
    """Marks every response to a signed-in user or a preview ``private, no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_viewer_specific(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
