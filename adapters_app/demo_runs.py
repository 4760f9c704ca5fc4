"""Demo runs as jobs: launch (parameters validated before anything is queued), run on a ``gpu`` worker
with live progress and cancellation, resume after a lost worker, and the figures articles quote.

The demos themselves are plain code in ``adapters_app/lab/demos.py``; this module connects them to the
database: a :class:`~adapters_app.models.DemoRun` row holds the state, progress, heartbeat,
parameters, environment, log and metrics, and a ``progress`` call from the demo writes them (at most
once a second) and notices a cancellation.
"""

import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from lorasite import jobs
from lorasite.jobs import JobState

from .lab import demos
from .lab.common import DemoCancelled, InvalidParameters, environment
from .lab.textmodel import PretrainingPlan, TextModelSpec
from .models import DemoRun

PROGRESS_WRITE_INTERVAL = 1.0


def launch(kind, parameters=None, user=None, title=""):
    """Validate and queue a demo run; InvalidParameters (nothing queued) when the parameters are wrong."""
    checked = demos.validate(kind, parameters)
    with transaction.atomic():
        run_ = DemoRun.objects.create(kind=kind, parameters=checked, requested_by=user, title=title)
        run_.enqueue()
    return run_


def cancel(run_):
    """A queued run is cancelled at once; a running one stops at its next progress report."""
    now = timezone.now()
    if DemoRun.objects.filter(pk=run_.pk, state=JobState.QUEUED).update(state=JobState.CANCELLED, finished_at=now):
        return JobState.CANCELLED
    DemoRun.objects.filter(pk=run_.pk, state=JobState.RUNNING).update(cancel_requested=True)
    return DemoRun.objects.values_list("state", flat=True).get(pk=run_.pk)


def context_for(run_):
    """The demo's context: the models folder, sizes from settings, progress into the row, saved units."""
    last_write = [0.0]

    def progress(fraction, note):
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_WRITE_INTERVAL and fraction < 1.0:
            return
        last_write[0] = now
        DemoRun.objects.filter(pk=run_.pk, state=JobState.RUNNING).update(
            progress=min(1.0, max(0.0, fraction)), progress_note=note[:300], heartbeat_at=timezone.now())
        if DemoRun.objects.filter(pk=run_.pk, cancel_requested=True).exists():
            raise DemoCancelled(note)

    def save(done):
        DemoRun.objects.filter(pk=run_.pk).update(metrics=done, heartbeat_at=timezone.now())

    return demos.RunContext(
        models_dir=Path(settings.ADAPTER_LAB_MODELS_DIR), progress=progress, done=run_.metrics or {}, save=save,
        text_spec=TextModelSpec(**settings.ADAPTER_LAB_TEXT_MODEL),
        pretraining=PretrainingPlan(steps=settings.ADAPTER_LAB_PRETRAIN_STEPS),
        vision_pretraining_steps=settings.ADAPTER_LAB_VISION_PRETRAIN_STEPS,
    )


def log(run_, line):
    DemoRun.objects.filter(pk=run_.pk).update(log=Concat(F("log"), Value(f"{timezone.now():%H:%M:%S} {line}\n")))


def execute(run_):
    """The work of one attempt: record the environment, run the demo, store its metrics. A cancelled run
    ends as cancelled (the job machinery then leaves it alone)."""
    import torch

    torch.set_num_threads(settings.ADAPTER_LAB_THREADS)
    DemoRun.objects.filter(pk=run_.pk).update(environment=environment(), progress_note="starting")
    log(run_, f"attempt {run_.attempts} started" + (" (resuming)" if run_.metrics else ""))
    try:
        metrics = demos.run(run_.kind, run_.parameters, context_for(run_))
    except DemoCancelled:
        DemoRun.objects.filter(pk=run_.pk).update(state=JobState.CANCELLED, finished_at=timezone.now())
        log(run_, "cancelled")
        return
    except InvalidParameters as error:
        raise jobs.PermanentJobError(str(error)) from error
    DemoRun.objects.filter(pk=run_.pk).update(metrics=metrics, progress=1.0, progress_note="done")
    log(run_, "finished")


def run(pk):
    """The Celery task's body."""
    return jobs.run_job(DemoRun, pk, execute)


# The runs the demo content's articles show: each demo once, with its default parameters.
STANDARD_RUNS = ("pretrain", "rank-sweep", "techniques", "vision", "memory")


def standard_run(kind, user=None):
    """The run of ``kind`` with the default parameters that articles show: the latest succeeded one, else
    one queued or running, else a new one queued. Returns (run, queued now), as ``get_or_create`` does;
    InvalidParameters for an unknown kind."""
    parameters = demos.validate(kind)
    same = DemoRun.objects.filter(kind=kind, parameters=parameters).order_by("-pk")
    for states in ((JobState.SUCCEEDED,), (JobState.RUNNING, JobState.QUEUED)):
        found = same.filter(state__in=states).first()
        if found is not None:
            return found, False
    return launch(kind, parameters, user=user), True


def ensure_standard_runs(user=None):
    """Make sure every standard run is done, under way or queued. Returns the runs queued now."""
    runs = [standard_run(kind, user=user) for kind in STANDARD_RUNS]
    return [run_ for run_, queued in runs if queued]


def run_pending(kinds=None, log_line=print):
    """Run queued demo runs in this process, oldest first, until none is left (``manage.py run_demos``)."""
    finished = []
    while True:
        pending = DemoRun.objects.filter(state=JobState.QUEUED).order_by("pk")
        if kinds:
            pending = pending.filter(kind__in=kinds)
        next_run = pending.first()
        if next_run is None:
            return finished
        log_line(f"Running {next_run} …")
        state = run(next_run.pk)
        log_line(f"  {state}")
        finished.append(next_run.pk)
