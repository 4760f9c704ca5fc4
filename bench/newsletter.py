"""Newsletter fan-out benchmark: from publishing an article to the last of N subscribers' alerts handed
to the mail backend, with the Celery tasks run in this process in the order a worker would take them.

Builds the site's structure in a temporary folder (SQLite, dev settings), signs up N confirmed
subscribers, publishes one article and drains the task queue: the alert's fan-out writes a delivery
and an outbox message per subscriber, and each message's delivery task hands it to Django's locmem
backend. Prints ``name: value`` lines: ``fanout_10k_s`` (goal ≤ 60 s; named for the default N),
messages per second, and ``duplicates`` (must be 0). Run:
    .venv/bin/python bench/newsletter.py [--subscribers 10000]
"""

import argparse
import collections
import time

from sandbox import temporary_site

GOAL_SECONDS = 60


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()

    settings = temporary_site()
    from django.core import mail

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    from articles.demo.loader import DemoLoader, publish
    from articles.models import ArticlePage
    from lorasite.celery import app as celery_app
    from newsletter.models import Delivery, Subscriber

    loader = DemoLoader(log=lambda message: None)
    loader.build_structure()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.com", language="en", state="subscribed", manage_key=f"key-{n}")
        for n in range(args.subscribers))

    # The queue a worker would read, drained in this process in order.
    celery_app.loader.import_default_modules()  # registers every app's tasks, as a worker does
    queue = collections.deque()
    celery_app.send_task = lambda name, args=None, **options: queue.append((name, args or []))

    body = [{"type": "paragraph", "value": "<p>" + "Adapters, measured. " * 200 + "</p>"}]
    article = ArticlePage(title="Fan-out benchmark", intro="One article, many readers.", body=body,
                          search_description="A benchmark article.", published_date="2026-12-01")
    index = loader.indexes[("articles", "en")]
    started = time.perf_counter()
    publish(index.add_child(instance=article))
    tasks = 0
    while queue:
        name, task_args = queue.popleft()
        celery_app.tasks[name](*task_args)
        tasks += 1
    seconds = time.perf_counter() - started

    sent = [message.to[0] for message in mail.outbox]
    duplicates = len(sent) - len(set(sent)) + (Delivery.objects.count() - Delivery.objects.values(
        "subscriber", "key").distinct().count())
    print(f"subscribers: {args.subscribers}")
    print(f"fanout_batch: {settings.NEWSLETTER_FANOUT_BATCH}")
    print(f"tasks_run: {tasks}")
    print(f"messages_handed_over: {len(sent)}")
    print(f"fanout_10k_s: {seconds:.1f}")
    print(f"messages_per_s: {len(sent) / seconds:.0f}")
    print(f"fanout_goal_s: {GOAL_SECONDS}")
    print(f"within_goal: {'yes' if seconds <= GOAL_SECONDS * args.subscribers / 10_000 else 'no'}")
    print(f"duplicates: {duplicates}")


if __name__ == "__main__":
    main()
