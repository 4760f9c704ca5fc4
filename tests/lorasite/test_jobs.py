"""The job pattern: state and heartbeat in the database, idempotent tasks, a sweep for stale jobs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from adapters_app.models import DemoRun
from adapters_app.tasks import demo_run
from lorasite.jobs import JobState, sweep_stale_jobs
from newsletter.models import OutboundEmail
from newsletter.outbox import queue_email
from newsletter.tasks import deliver_email
from tests.factories import MemoryPlanRunFactory, OutboundEmailFactory

pytestmark = pytest.mark.django_db

REFUSING = "tests.support.mail.RefusingEmailBackend"


def stale_running_job(factory=MemoryPlanRunFactory, **kwargs):
    long_ago = timezone.now() - timedelta(minutes=30)
    return factory(state=JobState.RUNNING, attempts=1, started_at=long_ago, heartbeat_at=long_ago, **kwargs)


def test_queued_email_is_sent_once_however_often_its_message_arrives(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = queue_email("reader@example.com", "Welcome", "Confirm your address.")
    assert len(callbacks) == 1, "the message is sent only after the transaction commits"

    assert deliver_email(email.pk) == JobState.SUCCEEDED
    assert deliver_email(email.pk) == JobState.SUCCEEDED  # a redelivered message does nothing

    assert [m.subject for m in mail.outbox] == ["Welcome"]
    email.refresh_from_db()
    assert email.state == JobState.SUCCEEDED and email.attempts == 1 and email.sent_at


def test_sweep_requeues_job_whose_worker_died_and_it_completes_once(django_capture_on_commit_callbacks):
    run = stale_running_job()

    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_stale_jobs()

    assert report["adapters_app.DemoRun"]["requeued"] == 1
    run.refresh_from_db()
    assert run.state == JobState.QUEUED and not run.lost_in_flight
    assert "Worker lost" in run.last_error

    demo_run(run.pk)
    demo_run(run.pk)
    run.refresh_from_db()
    assert run.state == JobState.SUCCEEDED and run.attempts == 2 and run.metrics["rows"]


def test_mail_lost_while_being_handed_over_is_never_sent_again_unasked(django_capture_on_commit_callbacks):
    """The worker may have handed the message to the mail server before it died: sending it again could
    deliver it twice, so the sweep fails it and marks it for a person to decide."""
    email = stale_running_job(OutboundEmailFactory)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = sweep_stale_jobs()

    assert report["newsletter.OutboundEmail"] == {"requeued": 0, "failed": 1, "resent": 0}
    email.refresh_from_db()
    assert email.state == JobState.FAILED and email.lost_in_flight and "Worker lost" in email.last_error
    assert callbacks == [] and deliver_email(email.pk) == JobState.FAILED and mail.outbox == []


def test_sweep_leaves_a_job_with_a_fresh_heartbeat_alone():
    email = OutboundEmailFactory(state=JobState.RUNNING, attempts=1, heartbeat_at=timezone.now())
    report = sweep_stale_jobs()
    email.refresh_from_db()
    assert email.state == JobState.RUNNING
    assert report["newsletter.OutboundEmail"] == {"requeued": 0, "failed": 0, "resent": 0}


def test_sweep_fails_a_lost_job_that_has_used_its_attempts():
    run = stale_running_job(max_attempts=1)
    sweep_stale_jobs()
    run = DemoRun.objects.get(pk=run.pk)
    assert run.state == JobState.FAILED and not run.lost_in_flight
    assert run.finished_at and "Worker lost" in run.last_error


def test_sweep_resends_a_queued_job_whose_message_was_lost(django_capture_on_commit_callbacks):
    email = OutboundEmailFactory(enqueued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as callbacks:
        report = sweep_stale_jobs()
    assert report["newsletter.OutboundEmail"]["resent"] == 1
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.enqueued_at > timezone.now() - timedelta(minutes=1)


@override_settings(OUTBOX_DELIVERY_BACKEND=REFUSING)
def test_job_that_keeps_failing_ends_failed_with_its_last_error():
    email = OutboundEmailFactory(max_attempts=3)

    states = [deliver_email(email.pk) for _ in range(3)]

    assert states == [JobState.QUEUED, JobState.QUEUED, JobState.FAILED]
    email.refresh_from_db()
    assert email.state == JobState.FAILED
    assert email.attempts == 3
    assert email.last_error == "ConnectionRefusedError: SMTP server refused the connection"
    assert email.finished_at is not None
    assert deliver_email(email.pk) == JobState.FAILED  # a late duplicate changes nothing
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 3


def test_heartbeat_moves_only_while_running():
    email = OutboundEmailFactory(state=JobState.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=3))
    email.beat()
    assert OutboundEmail.objects.get(pk=email.pk).heartbeat_at > timezone.now() - timedelta(seconds=5)

    done = OutboundEmailFactory(state=JobState.SUCCEEDED, heartbeat_at=None)
    done.beat()
    assert OutboundEmail.objects.get(pk=done.pk).heartbeat_at is None
