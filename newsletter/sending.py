"""Alerts, digests and composed issues: who receives what, and the fan-out.

A fan-out (``newsletter.tasks.fan_out``, on the ``mail`` queue) walks the recipients in primary-key
batches. For each batch, in one transaction, it writes a :class:`~newsletter.models.Delivery` row per
subscriber (unique per subscriber and item) and that delivery's outbox message, then moves on. A task
delivered twice or a job resumed after a lost worker finds the rows already there and writes nothing
for them, so nobody receives an item twice; the outbox then hands each message over at most once.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import ArticlePage, NewsPage, ResourcePage

from . import mails
from .models import Delivery, Frequency, Send, SendKind, Subscriber, SubscriberState

ALERT_MODELS = (ArticlePage, NewsPage, ResourcePage)


def queue_send(kind, language, title, **item):
    """The send for one item, created and queued once however often this is called."""
    with transaction.atomic():
        send, created = Send.objects.get_or_create(kind=kind, **item, defaults={"language": language, "title": title[:300]})
        if created:
            send.enqueue()
    return send, created


def alert_for(page):
    """Queue the alert for ``page`` when this publication is its first in its language (the workflow has
    approved it); later publications of the same page alert nobody."""
    if not isinstance(page, ALERT_MODELS) or page.first_published_at is None:
        return None
    if page.first_published_at != page.last_published_at:
        return None
    send, _created = queue_send(SendKind.ALERT, page.locale.language_code, page.title, page=page)
    return send


def send_issue(issue):
    """Queue a composed issue once it is published (the workflow's approval publishes it)."""
    send, _created = queue_send(SendKind.ISSUE, issue.language, issue.subject, issue=issue)
    return send


def digest_pages(language, day):
    """The pages first published in ``language`` on ``day`` (UTC): the alerts of that day."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    alerts = Send.objects.filter(kind=SendKind.ALERT, language=language, created_at__gte=start,
                                 created_at__lt=start + datetime.timedelta(days=1), page__isnull=False)
    return [send.page.specific for send in alerts.select_related("page").order_by("created_at")]


def queue_digests(day=None):
    """Queue the day's digest in every language that had new pages (beat runs this each morning for
    the day before). Returns the sends queued now."""
    day = day or timezone.now().date() - datetime.timedelta(days=1)
    queued = []
    for language, _name in settings.LANGUAGES:
        if digest_pages(language, day):
            send, created = queue_send(SendKind.DIGEST, language, f"Digest {day.isoformat()}", digest_date=day)
            if created:
                queued.append(send)
    return queued


def topics_of(item):
    return list(item.topics.all()) if item is not None else []


def matching(subscribers, topics):
    """Subscribers who chose none of the topics (everything) or at least one of ``topics``."""
    if not topics:
        return subscribers
    return subscribers.filter(Q(topics__isnull=True) | Q(topics__in=topics)).distinct()


def recipients(send):
    subscribers = Subscriber.objects.filter(state=SubscriberState.SUBSCRIBED, language=send.language)
    if send.kind == SendKind.ALERT:
        return matching(subscribers.filter(frequency=Frequency.IMMEDIATE), topics_of(send.page and send.page.specific))
    if send.kind == SendKind.DIGEST:
        return subscribers.filter(frequency=Frequency.DAILY)
    return matching(subscribers, topics_of(send.issue))


def message_maker(send):
    """``make(subscriber)``: queue that subscriber's message for ``send``, or return None when there is
    nothing for them (a digest none of whose pages is on their topics)."""
    if send.kind == SendKind.ALERT:
        page = send.page.specific
        return lambda subscriber: mails.alert(subscriber, page)
    if send.kind == SendKind.ISSUE:
        issue, blocks = send.issue, mails.issue_blocks(send.issue)
        return lambda subscriber: mails.issue(subscriber, issue, blocks)
    pages = [(page, {topic.pk for topic in page.topics.all()}) for page in digest_pages(send.language, send.digest_date)]

    def digest(subscriber):
        chosen = {topic.pk for topic in subscriber.topics.all()}
        wanted = [page for page, topics in pages if not chosen or not topics or chosen & topics]
        return mails.digest(subscriber, wanted, send.digest_date) if wanted else None

    return digest


def fan_out(send):
    """Write every recipient's delivery and outbox message, batch by batch (the Celery task's work)."""
    if (send.kind == SendKind.ALERT and send.page is None) or (send.kind == SendKind.ISSUE and send.issue is None):
        return 0  # the page or issue was deleted before it went out
    make = message_maker(send)
    key, written, last_pk = send.delivery_key, 0, 0
    while True:
        batch = list(recipients(send).filter(pk__gt=last_pk).order_by("pk").prefetch_related("topics")
                     [: settings.NEWSLETTER_FANOUT_BATCH])
        if not batch:
            return written
        with transaction.atomic():
            done = set(Delivery.objects.filter(key=key, subscriber__in=batch).values_list("subscriber_id", flat=True))
            for subscriber in batch:
                if subscriber.pk in done:
                    continue
                email = make(subscriber)
                if email is not None:
                    Delivery.objects.create(send=send, subscriber=subscriber, key=key, email=email)
                    written += 1
        last_pk = batch[-1].pk
        send.beat()
