"""The newsletter's public views: sign-up (the footer form, the home page's call to action and the
newsletter page all post here), confirmation, unsubscribe and preferences. None of them carries ads.

Pages are cached for everyone (a coming full-page cache), so the footer form holds no CSRF token: its
script fetches one from :func:`form_token` when the form is used. Without scripts the footer form is a
GET to the newsletter page, which is never cached and carries its own token. Unsubscribe accepts the
one-click POST mail providers send (RFC 8058: no cookies, no token) and only shows a page on GET.
"""

import functools
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from governance.gate import non_monetizable
from lorasite.http import rate_limit_key

from . import subscriptions
from .forms import CONSENT_TEXT, PreferencesForm, SignupForm
from .models import SubscriberState
from .tokens import InvalidLink


def client_key(group, request):
    return rate_limit_key(request, group)


def address_key(email):
    return lambda group, request: f"{group}:{subscriptions.email_sha256(email)}"


def signup_form(request, data=None):
    """The form; on the newsletter page, filled in from the footer form's GET (which changes nothing)."""
    initial = {"language": get_language(), "page": request.GET.get("newsletter-page", "")[:500],
               "email": request.GET.get("newsletter-email", "")[:320],
               "consent": request.GET.get("newsletter-consent") == "on"}
    return SignupForm(data, initial=initial, prefix="newsletter")


@never_cache
@non_monetizable
def signup_page(request):
    return TemplateResponse(request, "newsletter/signup.html", {"form": signup_form(request)})


@never_cache
@require_POST
@non_monetizable
def subscribe(request):
    """Every valid sign-up gets the same answer, whatever the address's state."""
    form = signup_form(request, request.POST)
    if is_ratelimited(request, group="newsletter-signup", key=client_key, rate=settings.NEWSLETTER_SIGNUP_RATE,
                      increment=True):
        return TemplateResponse(request, "newsletter/signup.html", {"form": form, "rate_limited": True}, status=429)
    if form.is_bot:
        return redirect("newsletter_check_inbox")
    if not form.is_valid():
        return TemplateResponse(request, "newsletter/signup.html", {"form": form}, status=400)
    data = form.cleaned_data
    mail_allowed = not is_ratelimited(request, group="newsletter-address", key=address_key(data["email"]),
                                      rate=settings.NEWSLETTER_ADDRESS_RATE, increment=True)
    subscriptions.sign_up(data["email"], data["language"], data["topics"], data["frequency"], (str(CONSENT_TEXT), get_language()),
                          subscriptions.Visit.of(request, data["page"]), mail_allowed=mail_allowed)
    return redirect("newsletter_check_inbox")


@require_GET
@non_monetizable
def check_inbox(request):
    return TemplateResponse(request, "newsletter/check_inbox.html", {})


@never_cache
@require_GET
def form_token(request):
    """A CSRF token for the cached footer form, fetched by its script when the form is used."""
    return JsonResponse({"token": get_token(request)})


def invalid_link(request, error):
    return TemplateResponse(request, "newsletter/invalid_link.html", {"reason": str(error)}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@non_monetizable
def confirm(request, token):
    """GET shows a button (link scanners that open mail do not confirm anyone); its POST confirms."""
    try:
        subscriber = subscriptions.subscriber_for_confirmation(token)
        if request.method == "POST":
            subscriber = subscriptions.confirm(token, subscriptions.Visit.of(request))
            return TemplateResponse(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    except InvalidLink as error:
        return invalid_link(request, error)
    return TemplateResponse(request, "newsletter/confirm.html", {"subscriber": subscriber})


def with_linked_subscriber(view):
    """For views behind a subscriber's own link: the subscriber it names, or the invalid-link page."""

    @functools.wraps(view)
    def wrapped(request, token):
        try:
            subscriber = subscriptions.subscriber_for_link(token)
        except InvalidLink as error:
            return invalid_link(request, error)
        return view(request, token, subscriber)

    return wrapped


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
@non_monetizable
@with_linked_subscriber
def unsubscribe(request, token, subscriber):
    """POST unsubscribes at once (one click from the mail client, no login, no cookies); GET asks first."""
    if request.method == "POST":
        subscriber = subscriptions.unsubscribe(subscriber, subscriptions.Visit.of(request))
        return TemplateResponse(request, "newsletter/unsubscribed.html", {"subscriber": subscriber, "token": token})
    return TemplateResponse(request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "token": token})


@never_cache
@require_http_methods(["GET", "POST"])
@non_monetizable
@with_linked_subscriber
def preferences(request, token, subscriber):
    """Language, topics and frequency; a copy of the data kept; erasure."""
    action = request.POST.get("action")
    if action == "export":
        response = HttpResponse(json.dumps(subscriptions.export(subscriber), indent=2, ensure_ascii=False),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lora-delivery-newsletter-data.json"'
        return response
    if action == "erase":
        subscriptions.erase(subscriber.email)
        return TemplateResponse(request, "newsletter/erased.html", {})
    initial = {"language": subscriber.language, "topics": subscriber.topics.all(), "frequency": subscriber.frequency}
    form = PreferencesForm(request.POST if action == "save" else None, initial=initial)
    saved = False
    if action == "save" and form.is_valid():
        subscriptions.update_preferences(subscriber, form.cleaned_data["language"], form.cleaned_data["topics"],
                                         form.cleaned_data["frequency"], subscriptions.Visit.of(request))
        saved = True
    return TemplateResponse(request, "newsletter/preferences.html", {
        "subscriber": subscriber, "form": form, "saved": saved, "token": token,
        "subscribed": subscriber.state == SubscriberState.SUBSCRIBED,
        "unsubscribe_url": reverse("newsletter_unsubscribe", args=[token])})
