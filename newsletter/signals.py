"""Publication triggers sending: a page first published in its language queues its alert, and a
newsletter issue published by its workflow's approval queues the issue. The mail provider's tracking
events (django-anymail) put hard bounces and spam complaints on the suppression list."""

from anymail.signals import tracking
from django.dispatch import receiver
from wagtail.signals import page_published, published

from . import sending, subscriptions
from .models import NewsletterIssue, Suppression

SUPPRESSING_EVENTS = {"bounced": Suppression.Reason.BOUNCED, "complained": Suppression.Reason.COMPLAINED}


@receiver(page_published)
def alert_on_first_publication(sender, instance, **kwargs):
    sending.alert_for(instance)


@receiver(published, sender=NewsletterIssue)
def send_published_issue(sender, instance, **kwargs):
    sending.send_issue(instance)


@receiver(tracking)
def suppress_bounces_and_complaints(sender, event, esp_name, **kwargs):
    if event.event_type in SUPPRESSING_EVENTS and event.recipient:
        subscriptions.suppress(event.recipient, SUPPRESSING_EVENTS[event.event_type])
