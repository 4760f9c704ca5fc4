"""The ad-slot gate: the one function every template tag and view asks before an ad may render.

A slot renders only when all of these hold:
- ``ADSENSE_CLIENT_ID`` is a publisher id (``ca-pub-`` and 16 digits);
- the request is not a preview;
- the page or view has not declared itself non-monetizable (a page type's ``monetizable = False``,
  the :func:`non_monetizable` view decorator, or :func:`declare_non_monetizable` inside a view);
- the reader is not logged in (everyone who logs in here is an admin user);
- the page is live and its placement was approved for exactly the revision live now, with that slot
  enabled.

The decision is made once per request and kept on it; :class:`AdCacheHeadersMiddleware` then makes
sure no shared cache serves it to a request that would be decided differently.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from . import content
from .conf import governance_settings

CLIENT_ID_PATTERN = re.compile(r"^ca-pub-\d{16}$")


@dataclass(frozen=True)
class AdDecision:
    slots: frozenset
    reason: str = ""
    # True when the refusal depends on who is asking (logged in, previewing): such a response must
    # never reach a shared cache.
    viewer_specific: bool = False

    @property
    def allowed(self):
        return bool(self.slots)

    def allows(self, slot):
        return slot in self.slots


def refuse(reason, viewer_specific=False):
    return AdDecision(frozenset(), str(reason), viewer_specific)


def client_id():
    """The configured AdSense publisher id, or "" when unset or malformed."""
    value = (governance_settings.ADSENSE_CLIENT_ID or "").strip()
    return value if CLIENT_ID_PATTERN.match(value) else ""


def declare_non_monetizable(request, reason):
    """Called inside a view: nothing this request renders may carry an ad."""
    request.ads_declined = str(reason)


def non_monetizable(view=None, *, reason=_("This view carries no ads.")):
    """View decorator (with or without a reason): the view never carries ads."""

    def decorate(view_function):
        @functools.wraps(view_function)
        def wrapper(request, *args, **kwargs):
            declare_non_monetizable(request, reason)
            return view_function(request, *args, **kwargs)

        wrapper.non_monetizable = True
        return wrapper

    return decorate(view) if view is not None else decorate


def ad_decision(request, page=None):
    """Whether, and which, ad slots may render for ``request`` on ``page``; decided once per
    request and page."""
    key = getattr(page, "pk", None)
    cached = getattr(request, "_ad_decisions", None)
    if cached is None:
        cached = request._ad_decisions = {}
    if key not in cached:
        cached[key] = decide(request, page)
    return cached[key]


def decide(request, page):
    if not client_id():
        return refuse(_("No AdSense publisher id is configured."))
    if getattr(request, "is_preview", False):
        return refuse(_("Previews never carry ads."), viewer_specific=True)
    if getattr(request, "ads_declined", ""):
        return refuse(request.ads_declined)
    if page is None:
        return refuse(_("Only pages carry ads."))
    if not content.is_monetizable(page):
        return refuse(_("This page type carries no ads."))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return refuse(_("Signed-in editors never see ads."), viewer_specific=True)
    if not page.live or page.live_revision_id is None:
        return refuse(_("The page is not live."))
    from .models import AdPlacement
    from .models.monetization import SLOTS

    placement = (
        AdPlacement.objects.filter(page_id=page.pk, live=True, approved_revision_id=page.live_revision_id)
        .only(*SLOTS)
        .first()
    )
    if placement is None:
        return refuse(_("No placement is approved for the revision live now."))
    return AdDecision(frozenset(placement.enabled_slots))


class AdCacheHeadersMiddleware:
    """Keeps shared caches (a proxy, a CDN) from serving one reader's ad decision to another: a
    response decided by who is asking (signed in, previewing) is private and never stored, and one to a
    request with a session varies on the cookie; an anonymous reader's page varies on nothing. (Every response to a signed-in user or a
    preview is private, ads or not: ``lorasite.middleware.ViewerCacheHeadersMiddleware``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        decisions = getattr(request, "_ad_decisions", None)
        if decisions:
            if any(decision.viewer_specific for decision in decisions.values()):
                patch_cache_control(response, private=True, no_store=True)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Only a session can make the decision depend on who is asking; an anonymous reader's
                # page is the same for everyone, whatever other cookies (consent, analytics) say.
                patch_vary_headers(response, ["Cookie"])
        return response


def adsense_settings_check(app_configs=None, **kwargs):
    """System check: say at start-up what would silently keep ads off, or show test units live."""
    from django.core.checks import Warning

    configured = (governance_settings.ADSENSE_CLIENT_ID or "").strip()
    if not configured:
        return []
    if not client_id():
        return [Warning("ADSENSE_CLIENT_ID is not a publisher id (ca-pub- and 16 digits): no ad will render.",
                        id="governance.W001")]
    problems = [
        Warning(f"Ad slot {slot!r} has no ad unit id (ADSENSE_SLOT_{slot.upper()}): it never renders.",
                id="governance.W002")
        for slot, unit_id in governance_settings.ADSENSE_SLOTS.items() if not unit_id
    ]
    if governance_settings.ADSENSE_TEST_MODE and not settings.DEBUG:
        problems.append(Warning("ADSENSE_TEST_MODE is on outside development: every unit is a test unit.",
                                id="governance.W003"))
    return problems
