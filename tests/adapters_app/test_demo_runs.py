"""Demo runs as jobs: parameters refused before queueing, figures and fairness recorded, live progress,
cancellation, and a run resumed after a lost worker skipping what it already measured. The base
models are the smallest (lorasite/settings/test.py) and every demo runs a few steps."""

from datetime import timedelta

import pytest
from django.utils import timezone

from adapters_app import demo_runs
from adapters_app.lab.common import InvalidParameters
from adapters_app.models import DemoRun
from adapters_app.tasks import demo_run
from lorasite.celery import app as celery_app
from lorasite.jobs import JobState, sweep_stale_jobs

pytestmark = pytest.mark.django_db
TINY_SWEEP = {"skill": "caesar", "ranks": [2, 4], "seeds": [0, 1], "steps": 3, "batch_size": 8}


@pytest.fixture(autouse=True)
def lab_models(settings, tmp_path_factory):
    """One models folder for the whole session: the tiny bases are pre-trained once, on first use."""
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path_factory.getbasetemp() / "lab-models"


def finished(run):
    assert demo_run(run.pk) in (JobState.SUCCEEDED, JobState.CANCELLED, JobState.FAILED)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(("kind", "parameters", "words"), [
    ("rank-sweep", {"ranks": [0, 4]}, "ranks must be a whole number from 1"),
    ("rank-sweep", {"steps": 10**7}, "steps must be a whole number from 1 to 20000"),
    ("rank-sweep", {"ranks": [8, 8]}, "ranks lists a value twice"),
    ("rank-sweep", {"learning_rate": "fast"}, "learning_rate must be a number"),
    ("rank-sweep", {"skill": "poetry"}, "Unknown skill “poetry”"),
    ("techniques", {"techniques": ["lora", "magic"]}, "unknown magic"),
    ("techniques", {"seeds": []}, "seeds must list 1 to 10 values"),
    ("vision", {"points": ["everywhere"]}, "unknown everywhere"),
    ("memory", {"rank": True}, "rank"),
    ("memory", {"temperature": 1}, "Unknown parameters for this demo: temperature"),
    ("sorcery", {}, "Unknown demo “sorcery”"),
])
def test_invalid_parameters_are_refused_before_anything_is_queued(kind, parameters, words):
    with pytest.raises(InvalidParameters, match=words.replace("(", r"\(")):
        demo_runs.launch(kind, parameters)
    assert not DemoRun.objects.exists()


def test_demo_tasks_run_on_the_gpu_queue_and_alt_text_on_the_media_queue():
    router = celery_app.amqp.router
    assert router.route({}, "adapters_app.tasks.demo_run")["queue"].name == "gpu"
    assert router.route({}, "adapters_app.tasks.alt_text_drafts")["queue"].name == "media"


def test_a_rank_sweep_records_its_figures_its_fairness_and_where_it_ran(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        run = demo_runs.launch("rank-sweep", TINY_SWEEP, title="Tiny sweep")
    assert len(callbacks) == 1
    run = finished(run)

    assert run.state == JobState.SUCCEEDED and run.progress == 1.0
    assert run.parameters == {**TINY_SWEEP, "learning_rate": 2e-3, "scaling": "rslora"}
    by_rank = {row["rank"]: row for row in run.metrics["rows"]}
    # LoRA on every linear layer of the one-layer base (hidden 32, MLP 64): rank × (4·(32+32) + 3·(32+64)).
    assert by_rank[2]["trainable_parameters"] == 2 * (4 * 64 + 3 * 96)
    assert by_rank[4]["trainable_parameters"] == 2 * by_rank[2]["trainable_parameters"]
    assert by_rank[4]["adapter_bytes"] > by_rank[2]["adapter_bytes"]
    for row in run.metrics["rows"]:
        assert row["accuracy"]["n"] == 2 and row["seeds"] == [0, 1]
        assert 0 <= row["accuracy"]["mean"] <= 1 and row["accuracy"]["std"] >= 0
        assert row["steps"] == 3 and row["learning_rate"] == 2e-3 and row["batch_size"] == 8
        assert row["latency_ms"]["p95"] >= row["latency_ms"]["p50"] > 0 and row["ms_per_step"] > 0
        assert row["peak_memory_bytes"] >= 0
    assert set(run.metrics["units"]) == {"2:0", "2:1", "4:0", "4:1"}
    assert run.metrics["base_model"]["plan"]["skills"] == ["rev", "sort", "num", "sent"]
    assert {"torch", "transformers", "peft", "device", "threads"} <= set(run.environment)
    assert "attempt 1 started" in run.log and "finished" in run.log


def test_the_technique_comparison_measures_what_each_technique_supports():
    run = finished(demo_runs.launch("techniques", {"techniques": ["lora", "dora", "prompt", "bitfit", "full"],
                                                   "seeds": [0], "steps": 2, "rank": 2, "batch_size": 8}))
    assert run.state == JobState.SUCCEEDED, run.last_error
    rows = {row["technique"]: row for row in run.metrics["rows"]}
    assert (rows["lora"]["mixed_batches"], rows["lora"]["merge"]) == (True, True)
    assert rows["dora"]["mixed_batches"] is False, "PEFT refuses mixed batches with DoRA"
    assert (rows["prompt"]["mixed_batches"], rows["prompt"]["merge"]) == (False, False)
    assert rows["full"]["trainable_parameters"] == rows["full"]["total_parameters"]
    assert rows["bitfit"]["trainable_parameters"] < rows["lora"]["trainable_parameters"] * 10
    assert len({row["learning_rate"] for row in rows.values()}) > 1, "each technique at its own learning rate"
    assert all(row["steps"] == 2 and row["seeds"] == [0] for row in rows.values())


def test_the_vision_demo_and_the_memory_planner_run_as_demos():
    vision = finished(demo_runs.launch("vision", {"points": ["attention-qv", "mlp"], "steps": 2, "seeds": [0]}))
    assert vision.state == JobState.SUCCEEDED, vision.last_error
    assert [row["point"] for row in vision.metrics["rows"]] == ["attention-qv", "mlp"]
    memory = finished(demo_runs.launch("memory"))
    plans = {(row["model"], row["format"]): row for row in memory.metrics["rows"]}
    assert len(plans) == 20 and plans[("65b", "qlora-nf4-dq")]["gigabytes"]["total"] < 48
    assert memory.metrics["sources"] and memory.metrics["formula"]


def test_a_queued_run_is_cancelled_at_once_and_a_running_one_at_its_next_step():
    queued = demo_runs.launch("rank-sweep", TINY_SWEEP)
    assert demo_runs.cancel(queued) == JobState.CANCELLED
    assert finished(queued).state == JobState.CANCELLED, "its message finds nothing to do"

    running = demo_runs.launch("rank-sweep", {**TINY_SWEEP, "steps": 50})
    DemoRun.objects.filter(pk=running.pk).update(cancel_requested=True)
    running = finished(running)
    assert running.state == JobState.CANCELLED and running.finished_at and "cancelled" in running.log
    assert sweep_stale_jobs()["adapters_app.DemoRun"] == {"requeued": 0, "failed": 0, "resent": 0}


def test_a_run_lost_with_its_worker_resumes_without_measuring_again(django_capture_on_commit_callbacks):
    complete = finished(demo_runs.launch("rank-sweep", TINY_SWEEP))
    kept = {key: unit for key, unit in complete.metrics["units"].items() if key != "4:1"}
    long_ago = timezone.now() - timedelta(minutes=30)
    lost = DemoRun.objects.create(kind="rank-sweep", parameters=complete.parameters, state=JobState.RUNNING,
                                  attempts=1, started_at=long_ago, heartbeat_at=long_ago, metrics={"units": kept})

    with django_capture_on_commit_callbacks(execute=False):
        assert sweep_stale_jobs()["adapters_app.DemoRun"]["requeued"] == 1
    lost = finished(lost)

    assert lost.state == JobState.SUCCEEDED and lost.attempts == 2
    for key, unit in kept.items():
        assert lost.metrics["units"][key] == unit, f"{key} was not measured again"
    assert lost.metrics["units"]["4:1"]["seed"] == 1
    assert "(resuming)" in lost.log


def test_run_demos_queues_the_standard_runs_once_and_runs_them_in_process(settings):
    from django.core.management import call_command

    call_command("run_demos", stdout=open("/dev/null", "w"))
    assert sorted(DemoRun.objects.values_list("kind", flat=True)) == sorted(demo_runs.STANDARD_RUNS)
    call_command("run_demos", stdout=open("/dev/null", "w"))
    assert DemoRun.objects.count() == len(demo_runs.STANDARD_RUNS), "a second call queues nothing"

    DemoRun.objects.exclude(kind__in=("memory", "pretrain")).delete()
    call_command("run_demos", "--wait", "--kind", "memory", "--kind", "pretrain", stdout=open("/dev/null", "w"))
    assert set(DemoRun.objects.filter(kind__in=("memory", "pretrain")).values_list("state", flat=True)) == {
        JobState.SUCCEEDED}
