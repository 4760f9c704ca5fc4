"""The outbox: the one way the site sends mail. Other apps call :func:`queue_email`."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutboundEmail


def queue_email(to, subject, body, html_body="", language="en"):
    """Store a message and hand it to the `mail` queue once the current transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            to=recipients, subject=subject, body=body, html_body=html_body, language=language
        )
        email.enqueue()
    return email


def send_outbound_email(email):
    """Deliver one stored message through Django's configured email backend."""
    message = EmailMultiAlternatives(email.subject, email.body, to=email.to)
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send(fail_silently=False)
    OutboundEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now())
