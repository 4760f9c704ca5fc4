"""The adapter lab's demos: parameters (validated before anything is queued), and the runs.

Each demo is ``run(parameters, context)`` where the :class:`RunContext` carries the models folder,
the progress callback (which may raise ``DemoCancelled``), what a previous attempt already measured
(``done``) and ``save(done)`` to record each finished unit, so a run resumed after a lost worker
skips them. The base models are pre-trained on first use and kept under the models folder.

Fairness is part of every result: seeds, steps, learning rates and batch sizes are recorded with
the figures, the same for every configuration compared.
"""

import fcntl
import json
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import memory, skills, textmodel, vision
from .common import (
    InvalidParameters,
    PeakMemory,
    Progress,
    directory_size,
    latency_ms,
    mean_and_spread,
    no_progress,
    seed_everything,
)
from .techniques import TECHNIQUES, capabilities, parameter_counts, save_trainable, technique

TEXT_BASE, VISION_BASE = "text-base", "vision-base"
RANKS = (4, 8, 16, 32, 64, 128)
MAX_STEPS, MAX_SEEDS, MAX_RANK = 20_000, 10, 1024
LATENCY_REPEATS = 10


@dataclass
class RunContext:
    models_dir: Path
    progress: Progress = no_progress
    done: dict = field(default_factory=dict)
    save: Callable[[dict], None] = lambda done: None
    text_spec: textmodel.TextModelSpec = textmodel.TextModelSpec()
    pretraining: textmodel.PretrainingPlan = textmodel.PretrainingPlan()
    vision_pretraining_steps: int = vision.PRETRAIN_STEPS


# --- Parameters ---------------------------------------------------------------------------------

def integer(parameters, name, low, high):
    value = parameters.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidParameters(f"{name} must be a whole number from {low} to {high} (got {value!r}).")
    return value


def number(parameters, name, low, high):
    value = parameters.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value <= high:
        raise InvalidParameters(f"{name} must be a number above {low} and at most {high} (got {value!r}).")
    return float(value)


def integer_list(parameters, name, low, high, most):
    values = parameters.get(name)
    if not isinstance(values, list | tuple) or not 1 <= len(values) <= most:
        raise InvalidParameters(f"{name} must list 1 to {most} values (got {values!r}).")
    checked = [integer({name: value}, name, low, high) for value in values]
    if len(set(checked)) != len(checked):
        raise InvalidParameters(f"{name} lists a value twice.")
    return checked


def choices(parameters, name, allowed, most=None):
    values = parameters.get(name)
    if not isinstance(values, list | tuple) or not values or (most and len(values) > most):
        raise InvalidParameters(f"{name} must list at least one of: {', '.join(allowed)}.")
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidParameters(f"{name}: unknown {', '.join(map(str, unknown))}; choose from {', '.join(allowed)}.")
    return list(dict.fromkeys(values))


def common_training(parameters):
    skill = parameters.get("skill")
    skills.skill(skill)  # unknown skills raise InvalidParameters
    return {"skill": skill, "steps": integer(parameters, "steps", 1, MAX_STEPS),
            "batch_size": integer(parameters, "batch_size", 1, 512),
            "seeds": integer_list(parameters, "seeds", 0, 2**31 - 1, MAX_SEEDS)}


def validate_rank_sweep(parameters):
    scaling = parameters.get("scaling")
    if scaling not in ("rslora", "lora"):
        raise InvalidParameters("scaling must be “rslora” (alpha/√r) or “lora” (alpha/r).")
    return {**common_training(parameters), "ranks": integer_list(parameters, "ranks", 1, MAX_RANK, 12),
            "learning_rate": number(parameters, "learning_rate", 0, 1), "scaling": scaling}


def validate_techniques(parameters):
    return {**common_training(parameters), "rank": integer(parameters, "rank", 1, MAX_RANK),
            "techniques": choices(parameters, "techniques", list(TECHNIQUES))}


def validate_vision(parameters):
    checked = {"points": choices(parameters, "points", list(vision.INJECTION_POINTS)),
               "rank": integer(parameters, "rank", 1, vision.MAX_RANK),
               "steps": integer(parameters, "steps", 1, vision.MAX_STEPS),
               "learning_rate": number(parameters, "learning_rate", 0, 1),
               "seeds": integer_list(parameters, "seeds", 0, 2**31 - 1, vision.MAX_SEEDS),
               "batch_size": integer(parameters, "batch_size", 1, 512)}
    vision.validate_vision(checked["points"], checked["rank"], checked["steps"], checked["seeds"])
    return checked


def validate_memory(parameters):
    checked = {"sequence_length": parameters.get("sequence_length"), "batch_size": parameters.get("batch_size"),
               "rank": parameters.get("rank")}
    memory.validate(**checked)
    return checked


def validate_pretrain(parameters):
    return {}


# --- Base models --------------------------------------------------------------------------------

@contextmanager
def folder_lock(folder):
    """One process at a time builds a base model (a worker and `run_demos` may both ask)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_atomically(folder, build):
    """Build into a temporary folder beside ``folder`` and move it into place: a crash leaves no half model."""
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        record = build(partial)
        if folder.exists():
            shutil.rmtree(folder)
        partial.rename(folder)
        return record
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def text_base(context, span=(0.0, 1.0)):
    """The pre-trained text base's folder and its record, pre-training it first if it is missing."""
    folder = Path(context.models_dir) / TEXT_BASE
    with folder_lock(folder):
        record = textmodel.base_record(folder)
        if record is None:
            start, end = span
            record = build_atomically(folder, lambda partial: textmodel.pretrain(
                partial, context.text_spec, context.pretraining,
                lambda fraction, note: context.progress(start + (end - start) * fraction, note)))
    return folder, record


def vision_base(context, span=(0.0, 1.0)):
    folder = Path(context.models_dir) / VISION_BASE
    with folder_lock(folder):
        record_file = folder / "lab.json"
        if not record_file.is_file():
            start, end = span

            def build(partial):
                record = vision.pretrain_vision_base(
                    partial, steps=context.vision_pretraining_steps,
                    progress=lambda fraction, note: context.progress(start + (end - start) * fraction, note))
                (partial / "lab.json").write_text(json.dumps(record))
                return record

            build_atomically(folder, build)
        return folder, json.loads(record_file.read_text())


# --- Demos --------------------------------------------------------------------------------------

def fit(base_folder, technique_key, rank, seed, steps, learning_rate, batch_size, skill, held_out, progress, span,
        note, measure_capabilities=False):
    """Fit one technique to one skill from the base, with one seed; everything measured about it."""
    seed_everything(seed)
    base, tokenizer = textmodel.load_base(base_folder)
    chosen = technique(technique_key)
    model = chosen.make(base, rank)
    trainable, total = parameter_counts(model)
    with PeakMemory() as peak:
        training = textmodel.train(model, tokenizer, skill.training_examples(seed), steps, batch_size, learning_rate,
                                   progress, note, span)
    accuracy = textmodel.evaluate(model, tokenizer, held_out)
    with tempfile.TemporaryDirectory() as folder:
        save_trainable(model, Path(folder) / "adapter", chosen.is_peft)
        adapter_bytes = directory_size(folder)
    prompt, answer = held_out[0]
    one = textmodel.encode_prompts(tokenizer, [prompt], next(model.parameters()).device)
    latency = latency_ms(lambda: model.generate(**one, max_new_tokens=len(answer) + 1, do_sample=False,
                                                pad_token_id=tokenizer.pad_token_id), repeats=LATENCY_REPEATS)
    result = {"technique": technique_key, "rank": rank, "seed": seed, "steps": steps, "learning_rate": learning_rate,
              "batch_size": batch_size, "accuracy": accuracy, "trainable_parameters": trainable,
              "total_parameters": total, "adapter_bytes": adapter_bytes, "train_seconds": training["seconds"],
              "ms_per_step": training["ms_per_step"], "final_loss": training["final_loss"],
              "peak_memory_bytes": peak.bytes, "memory_method": peak.method, "latency_ms": latency}
    if measure_capabilities:
        pair = textmodel.encode_prompts(tokenizer, [prompt, held_out[1][0]], next(model.parameters()).device)
        result.update(capabilities(model, chosen.is_peft, pair["input_ids"], pair["attention_mask"]))
    return result


def run_units(context, units, measure, first_span=0.0):
    """Run each unit not done yet (``measure(unit, span)``), saving after each; results by unit key."""
    done = dict(context.done.get("units", {}))
    total = len(units)
    for i, (key, unit) in enumerate(units):
        if key in done:
            continue
        span = (first_span + (1 - first_span) * i / total, first_span + (1 - first_span) * (i + 1) / total)
        done[key] = measure(unit, span)
        context.save({"units": done})
    return done


def summarise(results, keys):
    """Mean and spread of accuracy over seeds, and the mean of the other figures, for one configuration."""
    first = results[0]
    return {
        "accuracy": mean_and_spread(result["accuracy"] for result in results),
        "seeds": [result["seed"] for result in results],
        "trainable_parameters": first["trainable_parameters"],
        "total_parameters": first["total_parameters"],
        "adapter_bytes": first["adapter_bytes"],
        "ms_per_step": mean_and_spread(result["ms_per_step"] for result in results)["mean"],
        "train_seconds": mean_and_spread(result["train_seconds"] for result in results)["mean"],
        "peak_memory_bytes": max(result["peak_memory_bytes"] for result in results),
        "latency_ms": {"p50": mean_and_spread(r["latency_ms"]["p50"] for r in results)["mean"],
                       "p95": mean_and_spread(r["latency_ms"]["p95"] for r in results)["mean"]},
        **{key: first[key] for key in keys if key in first},
    }


def run_rank_sweep(parameters, context):
    base_folder, base = text_base(context, span=(0.0, 0.2))
    skill = skills.skill(parameters["skill"])
    held_out = skill.held_out()
    technique_key = "rslora" if parameters["scaling"] == "rslora" else "lora"
    units = [(f"{rank}:{seed}", (rank, seed)) for rank in parameters["ranks"] for seed in parameters["seeds"]]

    def measure(unit, span):
        rank, seed = unit
        return fit(base_folder, technique_key, rank, seed, parameters["steps"], parameters["learning_rate"],
                   parameters["batch_size"], skill, held_out, context.progress, span, f"rank {rank}, seed {seed}: ")

    done = run_units(context, units, measure, first_span=0.2)
    rows = [{"rank": rank, **summarise([done[f"{rank}:{seed}"] for seed in parameters["seeds"]],
                                       ["learning_rate", "steps", "batch_size"])} for rank in parameters["ranks"]]
    return {"rows": rows, "units": done, "base_model": base, "held_out_examples": len(held_out),
            "technique": technique_key}


def run_techniques(parameters, context):
    base_folder, base = text_base(context, span=(0.0, 0.2))
    skill = skills.skill(parameters["skill"])
    held_out = skill.held_out()
    units = [(f"{key}:{seed}", (key, seed)) for key in parameters["techniques"] for seed in parameters["seeds"]]

    def measure(unit, span):
        key, seed = unit
        return fit(base_folder, key, parameters["rank"], seed, parameters["steps"], TECHNIQUES[key].learning_rate,
                   parameters["batch_size"], skill, held_out, context.progress, span, f"{TECHNIQUES[key].label}, "
                   f"seed {seed}: ", measure_capabilities=True)

    done = run_units(context, units, measure, first_span=0.2)
    rows = [{"technique": key, "label": TECHNIQUES[key].label,
             **summarise([done[f"{key}:{seed}"] for seed in parameters["seeds"]],
                         ["learning_rate", "steps", "batch_size", "mixed_batches", "merge"])}
            for key in parameters["techniques"]]
    return {"rows": rows, "units": done, "base_model": base, "held_out_examples": len(held_out)}


def run_vision(parameters, context):
    base_folder, base = vision_base(context, span=(0.0, 0.2))
    points = parameters["points"]
    units = [(point, point) for point in points]

    def measure(point, span):
        start, end = span
        return vision.run_vision_injection(
            base_folder, points=(point,), rank=parameters["rank"], steps=parameters["steps"],
            learning_rate=parameters["learning_rate"], seeds=parameters["seeds"], batch_size=parameters["batch_size"],
            progress=lambda fraction, note: context.progress(start + (end - start) * fraction, note))[point]

    done = run_units(context, units, measure, first_span=0.2)
    return {"rows": [{"point": point, **done[point]} for point in points], "units": done, "base_model": base}


def run_memory(parameters, context):
    plans = memory.plan_all(**parameters)
    context.progress(1.0, "planned")
    return {"rows": [{"model": plan.model, "format": plan.format, "lora_parameters": plan.lora_parameters,
                      "gradient_checkpointing": plan.gradient_checkpointing, "gigabytes": plan.gigabytes()}
                     for plan in plans],
            "formula": memory.FORMULA, "sources": memory.SOURCES, "notes": list(memory.NOTES)}


def run_pretrain(parameters, context):
    _folder, text = text_base(context, span=(0.0, 0.8))
    _folder, image = vision_base(context, span=(0.8, 1.0))
    return {"text_base": text, "vision_base": image}


@dataclass(frozen=True)
class Demo:
    defaults: dict
    validate: Callable[[dict], dict]
    run: Callable[[dict, RunContext], dict]


DEMOS = {
    "pretrain": Demo({}, validate_pretrain, run_pretrain),
    "rank-sweep": Demo({"skill": "caesar", "ranks": list(RANKS), "seeds": [0, 1, 2], "steps": 300,
                        "learning_rate": 2e-3, "scaling": "rslora", "batch_size": 32},
                       validate_rank_sweep, run_rank_sweep),
    "techniques": Demo({"skill": "caesar", "techniques": list(TECHNIQUES), "seeds": [0, 1, 2], "steps": 300,
                        "rank": 8, "batch_size": 32}, validate_techniques, run_techniques),
    "vision": Demo({"points": list(vision.INJECTION_POINTS), "rank": 8, "steps": vision.ADAPT_STEPS,
                    "learning_rate": vision.ADAPT_LEARNING_RATE, "seeds": [0, 1, 2], "batch_size": 64},
                   validate_vision, run_vision),
    "memory": Demo({"sequence_length": 512, "batch_size": 1, "rank": 64}, validate_memory, run_memory),
}


def validate(kind, parameters=None):
    """The demo's parameters with defaults filled in, or InvalidParameters saying what is wrong."""
    if kind not in DEMOS:
        raise InvalidParameters(f"Unknown demo “{kind}”: choose one of {', '.join(DEMOS)}.")
    if parameters is not None and not isinstance(parameters, dict):
        raise InvalidParameters("Parameters must be a JSON object.")
    demo = DEMOS[kind]
    unknown = set(parameters or {}) - set(demo.defaults)
    if unknown:
        raise InvalidParameters(f"Unknown parameters for this demo: {', '.join(sorted(unknown))}.")
    return demo.validate({**demo.defaults, **(parameters or {})})


def run(kind, parameters, context):
    return DEMOS[kind].run(validate(kind, parameters), context)
