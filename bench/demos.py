"""Adapter-lab benchmark: how long each demo takes with its default parameters, and what it found.

Calls ``adapters_app.lab.demos`` directly (plain Python and torch: no Django, no database) with a fresh
temporary models folder, so the text and vision bases are pre-trained first and timed on their own; then
the full rank sweep (r = 4…128, three seeds), all eight techniques (three seeds), the three vision
injection points (three seeds) and the memory planner. Prints one ``name: value`` line per figure: the
device, the time of each part, the rank sweep against its five-minute goal, each demo's accuracies, and
the process's peak memory (resident, and on a GPU CUDA's peak allocated).

One torch thread by default, as the demo worker uses: on a shared two-core machine two busy threads ran
20–50× slower than one. A GPU is used when there is one. Run:

    .venv/bin/python bench/demos.py [--threads 1] [--only rank-sweep,techniques,vision,memory] [--models-dir DIR]

``--models-dir`` reuses the bases already pre-trained there (their pre-training is then reported as
``reused``); missing ones are pre-trained into it.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("rank-sweep", "techniques", "vision", "memory")
RANK_SWEEP_GOAL_SECONDS = 300


def show(name, value):
    print(f"{name}: {value}", flush=True)


def key(text):
    return str(text).replace("-", "_")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--only", default=",".join(KINDS), help=f"comma-separated subset of {', '.join(KINDS)}")
    parser.add_argument("--models-dir", type=Path, help="reuse the pre-trained bases in this folder")
    args = parser.parse_args()
    kinds = args.only.split(",")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; choose from {', '.join(KINDS)}")

    sys.path.insert(0, str(ROOT))
    import torch
    import transformers

    from adapters_app.lab import demos, textmodel
    from adapters_app.lab.common import environment

    torch.set_num_threads(args.threads)
    transformers.utils.logging.disable_progress_bar()
    gpu_peak = 0

    def sample_gpu_peak(fraction=None, note=None):
        """The lab's PeakMemory resets CUDA's peak counter around each fit, so keep the highest seen."""
        nonlocal gpu_peak
        if torch.cuda.is_available():
            gpu_peak = max(gpu_peak, torch.cuda.max_memory_allocated())

    for name, value in environment().items():
        show("torch_threads" if name == "threads" else name, value)

    with tempfile.TemporaryDirectory(prefix="lab-bench-models-") as temporary:
        context = demos.RunContext(models_dir=args.models_dir or Path(temporary), progress=sample_gpu_peak)
        show("models_dir", context.models_dir)

        def pretrained(name, base, exists):
            if exists:
                show(f"pretraining_{name}_seconds", "reused")
                return base(context)[1]
            started = time.perf_counter()
            record = base(context)[1]
            show(f"pretraining_{name}_seconds", f"{time.perf_counter() - started:.1f}")
            return record

        if {"rank-sweep", "techniques"} & set(kinds):
            text = pretrained("text", demos.text_base,
                              textmodel.base_record(context.models_dir / demos.TEXT_BASE) is not None)
            for skill, accuracy in text["held_out_accuracy"].items():
                show(f"pretraining_text_accuracy_{key(skill)}", f"{accuracy:.3f}")
        if "vision" in kinds:
            image = pretrained("vision", demos.vision_base,
                               (context.models_dir / demos.VISION_BASE / "lab.json").is_file())
            show("pretraining_vision_shape_accuracy", f"{image['shape_accuracy']:.3f}")

        for kind in kinds:
            started = time.perf_counter()
            result = demos.run(kind, None, context)
            seconds = time.perf_counter() - started
            sample_gpu_peak()
            if kind == "memory":
                show("memory_planner_ms", f"{seconds * 1000:.2f}")
                for row in result["rows"]:
                    show(f"memory_total_gb_{row['model']}_{key(row['format'])}", f"{row['gigabytes']['total']:.2f}")
                continue
            show(f"{key(kind)}_seconds", f"{seconds:.1f}")
            if kind == "rank-sweep":
                show("rank_sweep_goal_seconds", RANK_SWEEP_GOAL_SECONDS)
                show("rank_sweep_within_goal", "yes" if seconds <= RANK_SWEEP_GOAL_SECONDS else "no")
            label = {"rank-sweep": "rank", "techniques": "technique", "vision": "point"}[kind]
            for row in result["rows"]:
                configuration = f"{label}_{key(row[label])}"
                show(f"{key(kind)}_accuracy_{configuration}", f"{row['accuracy']['mean']:.3f}")
                show(f"{key(kind)}_accuracy_std_{configuration}", f"{row['accuracy']['std']:.3f}")
                show(f"{key(kind)}_ms_per_step_{configuration}", f"{row['ms_per_step']:.1f}")

    show("peak_memory_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    if torch.cuda.is_available():
        show("peak_gpu_memory_mb", f"{gpu_peak / 2**20:.0f}")


if __name__ == "__main__":
    main()
