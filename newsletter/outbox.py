"""The outbox: every mail the site sends goes through here, whoever sends it.

``settings.EMAIL_BACKEND`` is :class:`newsletter.backends.OutboxEmailBackend`, so Django's
``send_mail``, Wagtail's workflow notifications and our own code all store the message and hand it
to the ``mail`` queue once the transaction commits; a worker delivers it through the real backend
(``OUTBOX_DELIVERY_BACKEND``). A request never waits on SMTP and a crashed worker loses no message.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from .models import OutboundEmail


def recipient_language(addresses):
    """The language a message to ``addresses`` is written in: a single recipient who is a user gets
    their admin language (Wagtail renders their notifications in it); otherwise the active one."""
    if len(addresses) == 1:
        from django.contrib.auth import get_user_model
        from wagtail.users.models import UserProfile

        user = get_user_model().objects.filter(email__iexact=addresses[0]).first()
        if user is not None:
            return UserProfile.get_for_user(user).get_preferred_language()
    return get_language() or settings.LANGUAGE_CODE


def queue_message(message, language=None):
    """Store a Django ``EmailMessage`` in the outbox and queue its delivery. ``language`` is what it is
    written in, when the caller knows (otherwise worked out from the recipient)."""
    html_body = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            subject=str(message.subject),
            body=str(message.body),
            html_body=str(html_body),
            headers={str(name): str(value) for name, value in (message.extra_headers or {}).items()},
            language=language or recipient_language(message.to),
            enqueued_at=timezone.now(),
        )
        email.send_message_on_commit()
    return email


def queue_email(to, subject, body, html_body=""):
    """Queue a message built from its parts."""
    message = EmailMultiAlternatives(subject, body, to=[to] if isinstance(to, str) else list(to))
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return queue_message(message)


def send_outbound_email(email):
    """Deliver one stored message through the real backend."""
    message = EmailMultiAlternatives(
        email.subject,
        email.body,
        from_email=email.from_email or None,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers or None,
        connection=get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False),
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send(fail_silently=False)
    OutboundEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now())
