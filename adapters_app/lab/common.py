"""What every adapter-lab demo shares: the device, seeds, the environment a run records, progress
and cancellation, and the measurements (peak memory, latency percentiles, file sizes).

Plain Python and torch; no Django. A demo is a function that takes its parameters and a
``progress(fraction, note)`` callback; the callback may raise :class:`DemoCancelled`, which the demo
lets through, so a cancelled run stops at its next step.
"""

import os
import platform
import random
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

Progress = Callable[[float, str], None]


class DemoCancelled(Exception):
    """Someone cancelled the run; raised from the progress callback."""


class InvalidParameters(ValueError):
    """Parameters a demo refuses before it is queued; the message says which and why."""


def no_progress(fraction, note):
    """The progress callback for callers that do not follow progress."""


def device_and_dtype():
    """CUDA in bf16 when there is a GPU, else the CPU in float32."""
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda"), torch.bfloat16
    return torch.device("cpu"), torch.float32


def seed_everything(seed):
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def environment():
    """What a run records about where it ran: library versions, device, threads."""
    import peft
    import torch
    import transformers

    device, dtype = device_and_dtype()
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "peft": peft.__version__,
        "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "CPU",
        "device_type": device.type,
        "dtype": str(dtype).removeprefix("torch."),
        "threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
    }


def percentile(values, fraction):
    """The ``fraction`` quantile (0.5 = median) by linear interpolation, as numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_ms(call, repeats=20, warmup=2):
    """p50 and p95 wall time of ``call()`` in milliseconds over ``repeats`` calls, after ``warmup``."""
    import torch

    for _ in range(warmup):
        call()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        timings.append((time.perf_counter() - started) * 1000)
    return {"p50": percentile(timings, 0.5), "p95": percentile(timings, 0.95)}


def mean_and_spread(values):
    """Mean and sample standard deviation (0 for one value)."""
    values = list(values)
    return {"mean": statistics.fmean(values), "std": statistics.stdev(values) if len(values) > 1 else 0.0,
            "n": len(values)}


def directory_size(path):
    return sum(file.stat().st_size for file in Path(path).rglob("*") if file.is_file())


def resident_bytes():
    """This process's resident memory now (Linux /proc), or 0 where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Peak memory while the block runs: CUDA's peak allocated bytes on a GPU; on the CPU the largest
    rise of resident memory above its level at the start, sampled every 5 ms by a thread.

    ``with PeakMemory() as peak: …`` then ``peak.bytes`` and ``peak.method``."""

    def __init__(self, interval=0.005):
        self.interval = interval
        self.bytes = 0
        self.method = ""

    def __enter__(self):
        import torch

        self.cuda = torch.cuda.is_available()
        if self.cuda:
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            self.start = torch.cuda.memory_allocated()
            self.method = "CUDA peak allocated, above the start"
            return self
        self.method = "process resident memory, peak rise above the start"
        self.start = resident_bytes()
        self.highest = self.start
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self):
        while not self.stop.wait(self.interval):
            self.highest = max(self.highest, resident_bytes())

    def __exit__(self, *exc_info):
        import torch

        if self.cuda:
            torch.cuda.synchronize()
            self.bytes = max(0, torch.cuda.max_memory_allocated() - self.start)
        else:
            self.stop.set()
            self.thread.join()
            self.highest = max(self.highest, resident_bytes())
            self.bytes = max(0, self.highest - self.start)
        return False
