"""Background jobs that survive crashed workers and lost messages.

A job is a database row that holds its own state and heartbeat; the Celery message only says "work
on job N". Running a job first *claims* it with a conditional UPDATE, so a duplicate or redelivered
message finds nothing to do. The beat-scheduled :func:`sweep_stale_jobs` re-queues a job whose
worker stopped beating (killed, out of memory, machine lost) or whose message never arrived, and
fails it with its last error once it has used up its attempts. A job is never left "running".

Concrete jobs subclass :class:`Job`, name the Celery task that runs them in ``task_name`` and
implement nothing else here; the task body calls :func:`run_job` with the work to do.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import current_app
from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Failed because its worker vanished in the middle of work that must not run twice (see
    # ``retry_when_lost``): a person decides what happens to it.
    lost_in_flight = models.BooleanField(default=False)

    #: Dotted name of the Celery task that takes the job's primary key.
    task_name: str = ""
    #: A running job whose heartbeat is older than this is presumed lost with its worker; a queued
    #: job not picked up within this time is presumed to have lost its message.
    stale_after = timedelta(minutes=5)
    #: Whether a job whose worker was lost mid-way may simply run again. Handing a message to a mail
    #: server is not such work: the message may have gone out, so a lost one is failed, marked
    #: ``lost_in_flight``, and left for a person to decide.
    retry_when_lost = True

    class Meta:
        abstract = True

    @property
    def is_finished(self):
        return self.state in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)

    def enqueue(self, countdown=0):
        """Send the job's message once the surrounding transaction commits. A broker that cannot be reached
        is logged, not raised: the job is stored, and the sweep sends its message again later."""
        type(self).objects.filter(pk=self.pk).update(enqueued_at=timezone.now())
        self.send_message_on_commit(countdown)

    def send_message_on_commit(self, countdown=0):
        """Only the message, for a job created with its ``enqueued_at`` already set."""
        pk, task_name = self.pk, self.task_name
        transaction.on_commit(lambda: current_app.send_task(task_name, args=[pk], countdown=countdown), robust=True)

    def beat(self):
        """Record that the worker is still alive; long jobs call this as they make progress."""
        self.heartbeat_at = timezone.now()
        type(self).objects.filter(pk=self.pk, state=JobState.RUNNING).update(heartbeat_at=self.heartbeat_at)


def job_models():
    """Every concrete job model in the project; the sweep covers them all."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def claim(model, pk):
    """Move a queued job to running and return it, or return None if someone else has it."""
    now = timezone.now()
    claimed = model.objects.filter(pk=pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
    )
    return model.objects.get(pk=pk) if claimed else None


def retry_delay(attempts):
    """Back off 10 s, 40 s, 90 s … between attempts."""
    return 10 * attempts * attempts


class PermanentJobError(Exception):
    """Raised by a job's work when trying again cannot help (a corrupt file, a missing model folder):
    the job fails at once with this message, which the admin shows as it is."""


def run_job(model, pk, work: Callable[[Job], None]):
    """Claim job ``pk`` and do ``work(job)``; record success, a retry, or the final failure.

    Safe to call any number of times for the same job: only the call that claims it works on it.
    Returns the job's state after this call.
    """
    job = claim(model, pk)
    if job is None:
        return not_claimed(model, pk)
    try:
        work(job)
    except Exception as exc:  # noqa: BLE001 — any failure of the work is recorded on the job
        return settle(job, exc) or current_state(model, pk)
    # None when the work settled the job itself (a cancelled run, say).
    return settle(job) or current_state(model, pk)


def run_jobs_together(model, pk, work: Callable[[list[Job]], dict], batch_size, extra_queued=None):
    """Claim job ``pk`` and, to work on them in one batch, up to ``batch_size - 1`` more of
    ``extra_queued`` (queued jobs of ``model`` on their first attempt, so that none waiting out a
    retry's back-off is taken early). ``work(jobs)`` returns ``{job.pk: None or the exception}`` and
    may settle jobs itself as it goes (:func:`settle`); an exception from ``work`` counts for every
    job not settled yet. The messages of the jobs taken along find them claimed and do nothing.

    Returns the state of job ``pk`` after this call.
    """
    first = claim(model, pk)
    if first is None:
        return not_claimed(model, pk)
    batch = [first]
    candidates = model.objects.filter(state=JobState.QUEUED, attempts=0) if extra_queued is None else extra_queued
    for other_pk in candidates.exclude(pk=pk).order_by("pk").values_list("pk", flat=True)[: batch_size - 1]:
        if (other := claim(model, other_pk)) is not None:
            batch.append(other)
    try:
        outcomes = work(batch)
    except Exception as exc:  # noqa: BLE001 — the batch as a whole failed: every job records it
        outcomes = {job.pk: exc for job in batch}
    for job in batch:
        if job.pk in outcomes:
            settle(job, outcomes[job.pk])
    return current_state(model, pk)


def current_state(model, pk):
    return model.objects.filter(pk=pk).values_list("state", flat=True).first()


def not_claimed(model, pk):
    state = current_state(model, pk)
    logger.info("%s %s not claimed (state %s)", model.__name__, pk, state)
    return state


def settle(job, error=None):
    """Record how one attempt at a running ``job`` ended: success when ``error`` is None, a final
    failure for a :class:`PermanentJobError`, otherwise a retry after a back-off (or the final failure
    once the attempts are used). Returns the new state, or None when the job had moved on."""
    model = type(job)
    if error is None:
        changed = model.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.SUCCEEDED, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
        return JobState.SUCCEEDED if changed else None
    if isinstance(error, PermanentJobError):
        logger.warning("%s %s failed for good: %s", model.__name__, job.pk, error)
        return record_failure(job, str(error), final=True)
    logger.error("%s %s failed on attempt %s", model.__name__, job.pk, job.attempts, exc_info=error)
    return record_failure(job, f"{type(error).__name__}: {error}")


def record_failure(job, error, stale_before=None, countdown=None, final=False, lost_in_flight=False):
    """Re-queue ``job`` (after ``countdown`` seconds, by default a back-off), or fail it for good once
    it has used its attempts (or at once when ``final`` or ``lost_in_flight``, which marks it for a
    person to decide).

    The update is conditional on the job still running (and, for the sweep,
    still stale), so a worker that finishes meanwhile wins. Returns the new state, or None when the
    job had moved on.
    """
    model = type(job)
    conditions = {"pk": job.pk, "state": JobState.RUNNING}
    if stale_before is not None:
        conditions["heartbeat_at__lt"] = stale_before
    now = timezone.now()
    if final or lost_in_flight or job.attempts >= job.max_attempts:
        changed = model.objects.filter(**conditions).update(
            state=JobState.FAILED, last_error=error, finished_at=now, lost_in_flight=lost_in_flight
        )
        return JobState.FAILED if changed else None
    changed = model.objects.filter(**conditions).update(state=JobState.QUEUED, last_error=error)
    if not changed:
        return None
    job.enqueue(countdown=retry_delay(job.attempts) if countdown is None else countdown)
    return JobState.QUEUED


def sweep_stale_jobs(now=None):
    """Recover jobs lost with a worker or a message. Beat runs this every minute.

    Returns counts per model: ``{"newsletter.OutboundEmail": {"requeued": 1, "failed": 0, "resent": 0}}``.
    """
    now = now or timezone.now()
    report = {}
    for model in job_models():
        stale_before = now - model.stale_after
        counts = {"requeued": 0, "failed": 0, "resent": 0}
        for job in model.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale_before):
            error = f"Worker lost: no heartbeat since {job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC."
            # The work itself did not fail, its worker went away: try again straight away, unless the
            # work must not run twice.
            outcome = record_failure(job, error, stale_before=stale_before, countdown=0,
                                     lost_in_flight=not model.retry_when_lost)
            if outcome == JobState.QUEUED:
                counts["requeued"] += 1
            elif outcome == JobState.FAILED:
                counts["failed"] += 1
        # A queued job whose message was lost (the filesystem broker does not redeliver) is sent
        # again; a duplicate message is harmless because only one claim succeeds.
        lost = model.objects.filter(state=JobState.QUEUED, enqueued_at__lt=stale_before)
        for job in lost:
            job.enqueue()
            counts["resent"] += 1
        if any(counts.values()):
            logger.warning("Swept stale %s jobs: %s", model._meta.label, counts)
        report[model._meta.label] = counts
    return report
