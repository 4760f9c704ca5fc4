"""The subscriber mails, in the subscriber's language, from per-language templates
(``templates/newsletter/mail/<name>.txt`` and ``.html``), queued in the outbox.

Mail that comes from the newsletter (everything but the confirmation request) carries
``List-Unsubscribe`` with the HTTPS one-click URL (plus a mailto where ``NEWSLETTER_UNSUBSCRIBE_MAILTO``
is set) and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .outbox import queue_message
from .tokens import confirm_token, manage_token


def absolute(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def links(subscriber):
    """The subscriber's own links, in their language."""
    token = manage_token(subscriber)
    return {
        "unsubscribe_url": absolute(reverse("newsletter_unsubscribe", args=[token])),
        "preferences_url": absolute(reverse("newsletter_preferences", args=[token])),
    }


def unsubscribe_headers(subscriber):
    targets = [f"<{links(subscriber)['unsubscribe_url']}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def compose(subscriber, name, subject, context=None, list_mail=True):
    """Render ``name`` for ``subscriber`` and queue it in the outbox; returns the outbox row."""
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, "site_url": absolute("/"), **(context or {})}
        if list_mail:
            context.update(links(subscriber))
        message = EmailMultiAlternatives(
            str(subject), render_to_string(f"newsletter/mail/{name}.txt", context), to=[subscriber.email],
            headers=unsubscribe_headers(subscriber) if list_mail else None)
        message.attach_alternative(render_to_string(f"newsletter/mail/{name}.html", context), "text/html")
        return queue_message(message)


def confirmation(subscriber):
    with translation.override(subscriber.language):
        url = absolute(reverse("newsletter_confirm", args=[confirm_token(subscriber)]))
        return compose(subscriber, "confirm", _("Confirm your subscription to LoRA Delivery"),
                       {"confirm_url": url, "days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400}, list_mail=False)


def already_subscribed(subscriber):
    with translation.override(subscriber.language):
        return compose(subscriber, "already_subscribed", _("You are already subscribed to LoRA Delivery"))


def welcome(subscriber):
    with translation.override(subscriber.language):
        return compose(subscriber, "welcome", _("Welcome to the LoRA Delivery newsletter"))
