"""The subscriber side: sign-up with double opt-in, confirmation, preferences, unsubscribe, export
and erasure. Plain functions that the views, the admin and the tests call.

Sign-up never reveals whether an address is known: every request gets the same answer and queues one
mail (a confirmation link for a new or pending address, a note with a preferences link for a
subscribed one); a suppressed address gets nothing, silently. Nothing here sends mail directly: it goes
through the outbox, so a broker that is down delays the mail and loses nothing.
"""

import hashlib
import ipaddress
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lorasite.http import client_ip

from . import mails
from .models import ConsentRecord, ConsentText, Subscriber, SubscriberState, Suppression
from .tokens import InvalidLink, read_confirm_token, read_manage_token

MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class Visit:
    """What the consent record keeps of the request a step was taken in."""

    ip_prefix: str = ""
    user_agent: str = ""
    page: str = ""

    @classmethod
    def of(cls, request, page=""):
        return cls(ip_prefix=truncated_ip(client_ip(request)), user_agent=request.headers.get("User-Agent", "")[:300],
                   page=(page or request.path)[:500])


def truncated_ip(address):
    """The network, not the host: IPv4 to /24, IPv6 to /48."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 48}", strict=False))


def normalise_email(raw):
    """The address as stored: Unicode NFKC, trimmed, lower case, at most 254 characters, one line.
    ValidationError with a message for the reader otherwise."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip().lower()
    if not text:
        raise ValidationError(_("Enter your email address."))
    if any(char in text for char in "\r\n\0") or len(text) > MAX_EMAIL_LENGTH:
        raise ValidationError(_("Enter a valid email address."))
    validate_email(text)
    return text


def email_sha256(email):
    return hashlib.sha256(email.encode()).hexdigest()


def is_suppressed(email):
    return Suppression.objects.filter(email_sha256=email_sha256(email)).exists()


def consent_text(text, language):
    digest = hashlib.sha256(text.encode()).hexdigest()
    stored, _created = ConsentText.objects.get_or_create(sha256=digest, defaults={"language": language, "text": text})
    return stored


def record(subscriber, action, visit, language, shown=None):
    return ConsentRecord.objects.create(subscriber=subscriber, action=action, ip_prefix=visit.ip_prefix,
                                        user_agent=visit.user_agent, page=visit.page, language=language,
                                        consent_text=shown)


def sign_up(email, language, topics, frequency, shown_consent, visit, mail_allowed=True):
    """Sign ``email`` up (already normalised). ``shown_consent`` is (text, language) as the form showed it.
    ``mail_allowed`` is False when the address has asked for too many mails lately: the answer is the
    same, and no mail is queued."""
    if is_suppressed(email):
        return
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None and subscriber.state == SubscriberState.SUBSCRIBED:
            if mail_allowed:
                mails.already_subscribed(subscriber)
            return
        if subscriber is None:
            subscriber = Subscriber.objects.create(email=email, language=language, frequency=frequency)
        else:  # pending, or unsubscribed and signing up again: the new choices count once confirmed
            subscriber.language, subscriber.frequency = language, frequency
        subscriber.state = SubscriberState.PENDING
        subscriber.confirm_nonce = secrets.token_urlsafe(16)
        subscriber.save()
        subscriber.topics.set(topics)
        record(subscriber, ConsentRecord.Action.SIGNUP, visit, language, consent_text(*shown_consent))
        if mail_allowed:
            mails.confirmation(subscriber)


def subscriber_for_confirmation(token):
    """The subscriber a confirmation link is for, or InvalidLink: tampered, expired, or already used."""
    pk, nonce = read_confirm_token(token)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not subscriber.confirm_nonce or not secrets.compare_digest(subscriber.confirm_nonce, nonce):
        raise InvalidLink("used")
    return subscriber


def confirm(token, visit):
    """Confirm the subscription the link is for; the link then stops working. Returns the subscriber."""
    with transaction.atomic():
        subscriber = subscriber_for_confirmation(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscriber_for_confirmation(token)  # again under the lock: two clicks confirm once
        subscriber.state = SubscriberState.SUBSCRIBED
        subscriber.confirm_nonce = ""
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        record(subscriber, ConsentRecord.Action.CONFIRM, visit, subscriber.language)
        mails.welcome(subscriber)
    return subscriber


def subscriber_for_link(token):
    """The subscriber an unsubscribe or preferences link is for, or InvalidLink."""
    pk, key = read_manage_token(token)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not secrets.compare_digest(subscriber.manage_key, key):
        raise InvalidLink("invalid")
    return subscriber


def unsubscribe(subscriber, visit):
    """Stop all mail to ``subscriber`` (idempotent: a second click changes nothing)."""
    with transaction.atomic():
        changed = Subscriber.objects.filter(pk=subscriber.pk).exclude(state=SubscriberState.UNSUBSCRIBED).update(
            state=SubscriberState.UNSUBSCRIBED, unsubscribed_at=timezone.now(), confirm_nonce="")
        if changed:
            record(subscriber, ConsentRecord.Action.UNSUBSCRIBE, visit, subscriber.language)
    subscriber.refresh_from_db()
    return subscriber


def update_preferences(subscriber, language, topics, frequency, visit):
    with transaction.atomic():
        subscriber.language, subscriber.frequency = language, frequency
        subscriber.save(update_fields=["language", "frequency"])
        subscriber.topics.set(topics)
        record(subscriber, ConsentRecord.Action.PREFERENCES, visit, language)
    return subscriber


def export(subscriber):
    """Everything stored about ``subscriber``, as a JSON-ready dict (the reader's copy of their data)."""
    return {
        "email": subscriber.email,
        "state": subscriber.state,
        "language": subscriber.language,
        "topics": sorted(topic.slug for topic in subscriber.topics.all()),
        "frequency": subscriber.frequency,
        "signed_up": subscriber.created_at.isoformat(),
        "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
        "consent_records": [
            {"action": consent.action, "at": consent.at.isoformat(), "address": consent.ip_prefix,
             "user_agent": consent.user_agent, "page": consent.page, "language": consent.language,
             "consent_text": consent.consent_text.text if consent.consent_text else None,
             "consent_text_sha256": consent.consent_text.sha256 if consent.consent_text else None}
            for consent in subscriber.consents.select_related("consent_text")
        ],
    }


def suppress(email, reason):
    """Never mail ``email`` again (a hard bounce, a spam complaint): its subscription ends and a hash of the
    address joins the suppression list. Addresses that are not valid are ignored."""
    try:
        email = normalise_email(email)
    except ValidationError:
        return
    with transaction.atomic():
        Suppression.objects.get_or_create(email_sha256=email_sha256(email), defaults={"reason": reason})
        Subscriber.objects.filter(email=email).exclude(state=SubscriberState.UNSUBSCRIBED).update(
            state=SubscriberState.UNSUBSCRIBED, unsubscribed_at=timezone.now(), confirm_nonce="")


def erase(email):
    """Delete the subscriber of ``email`` and every record about them; keep only a hash of the address so
    it is never mailed again. Returns whether a subscriber was found."""
    email = normalise_email(email)
    with transaction.atomic():
        deleted, _detail = Subscriber.objects.filter(email=email).delete()
        Suppression.objects.get_or_create(email_sha256=email_sha256(email),
                                          defaults={"reason": Suppression.Reason.ERASED})
    return bool(deleted)

