"""A real Celery worker executes tasks through the configured broker and result backend
(the embedded filesystem broker locally, Redis when REDIS_URL is set)."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from adapters_app.models import DemoRun
from lorasite.celery import app as celery_app
from lorasite.jobs import JobState
from lorasite.tasks import sweep_stale_jobs
from newsletter.models import OutboundEmail
from newsletter.outbox import queue_email
from tests.factories import MemoryPlanRunFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def worker():
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        queues=["default", "mail", "media", "gpu"],
        shutdown_timeout=30,
    ) as running:
        yield running


def wait_for(predicate, timeout=20.0, interval=0.1):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def test_worker_runs_a_task_and_returns_its_result(worker):
    result = sweep_stale_jobs.delay()
    nothing = {"requeued": 0, "failed": 0, "resent": 0}
    assert result.get(timeout=20) == {"newsletter.OutboundEmail": nothing, "newsletter.Send": nothing,
                                      "adapters_app.AltTextJob": nothing, "adapters_app.DemoRun": nothing}


def test_email_queued_in_a_request_is_delivered_by_the_worker(worker):
    email = queue_email("reader@example.com", "Confirm your subscription", "One click to confirm.")

    assert wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).state == JobState.SUCCEEDED)
    assert [m.to for m in mail.outbox] == [["reader@example.com"]]


def test_job_lost_with_its_worker_is_swept_and_completes_once(worker):
    long_ago = timezone.now() - timedelta(minutes=30)
    run = MemoryPlanRunFactory(state=JobState.RUNNING, attempts=1, heartbeat_at=long_ago, started_at=long_ago)

    report = sweep_stale_jobs.delay().get(timeout=20)

    assert report["adapters_app.DemoRun"]["requeued"] == 1
    assert wait_for(lambda: DemoRun.objects.get(pk=run.pk).state == JobState.SUCCEEDED)
    assert DemoRun.objects.get(pk=run.pk).attempts == 2
