"""Alt-text benchmark: images per second for each engine on 100 generated images, at batch 1 and 16,
and each run's peak memory.

Every configuration runs in a fresh process, so its peak resident memory (and, on a GPU, its peak
accelerator memory) is its own. The model engine runs on tiny random models saved to a temporary
folder with save_pretrained (throughput of the plumbing: loading, preprocessing, batched generate(),
translation); pass --model and --translation-model to measure real ones from local folders.
Drafts are written for all seven languages. Run:

    .venv/bin/python bench/alt_text.py [--images 100] [--model DIR --translation-model DIR]
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "de", "fr", "es", "ja", "zh-hans", "ar"]


def generated_images(count, seed=0):
    """Charts, flat shapes, plain areas and noisy photo-like gradients, 640×480 PNG bytes."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    images = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            image = Image.new("RGB", (640, 480), "white")
            draw = ImageDraw.Draw(image)
            for bar in range(int(rng.integers(3, 7))):
                height = int(rng.integers(60, 400))
                colour = tuple(int(c) for c in rng.integers(0, 230, 3))
                draw.rectangle([40 + bar * 90, 440 - height, 110 + bar * 90, 440], fill=colour)
        elif kind == 1:
            image = Image.new("RGB", (480, 640), tuple(int(c) for c in rng.integers(150, 255, 3)))
            draw = ImageDraw.Draw(image)
            for _shape in range(5):
                x, y = (int(v) for v in rng.integers(0, 400, 2))
                draw.ellipse([x, y, x + 120, y + 120], fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
        elif kind == 2:
            image = Image.new("RGB", (640, 640), tuple(int(c) for c in rng.integers(0, 255, 3)))
        else:
            x = np.linspace(0, 1, 640)[None, :, None]
            y = np.linspace(0, 1, 480)[:, None, None]
            base = np.concatenate(np.broadcast_arrays(x * 200 + 30, y * 150 + 50, (1 - x) * 180 + 40 + 0 * y), axis=2)
            image = Image.fromarray(np.clip(base + rng.normal(0, 18, base.shape), 0, 255).astype(np.uint8))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        images.append(buffer.getvalue())
    return images


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lorasite.settings.test")
    os.environ.setdefault("LORASITE_VAR_DIR", tempfile.mkdtemp(prefix="lorasite-bench-"))
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_one(args):
    """One configuration in this process; prints a JSON line with its figures."""
    setup_django()
    import torch

    from adapters_app.alttext.engines import EngineConfig, SourceImage, build_engine
    from adapters_app.alttext.facts import open_picture

    config = EngineConfig(engine=args.engine, model=args.model or "", translation_model=args.translation_model or "",
                          batch_size=args.batch, read_text=args.ocr)
    engine = build_engine(config)
    images = generated_images(args.images)
    sources = [SourceImage(open_picture(data, f"{i}.png"), title=f"Generated image {i}") for i, data in
               enumerate(images)]
    # Load the model (and warm caches) on one batch outside the timing: a worker loads once.
    engine.describe(sources[: args.batch], LANGUAGES)
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    drafted = 0
    for start in range(0, len(sources), args.batch):
        for result in engine.describe(sources[start:start + args.batch], LANGUAGES):
            drafted += sum(1 for value in result.values() if hasattr(value, "text"))
    elapsed = time.perf_counter() - started
    print(json.dumps({
        "images_per_second": len(sources) / elapsed,
        "ms_per_image": elapsed * 1000 / len(sources),
        "drafts": drafted,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_gpu_mb": torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None,
        "device": "cuda" if torch.cuda.is_available() else "cpu",
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--model", help="a vision-to-text model folder (default: a tiny random one)")
    parser.add_argument("--translation-model", help="a seq2seq translation model folder (default: a tiny random one)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="offline", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--ocr", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_one(args)

    setup_django()
    from adapters_app.alttext.facts import ocr_available
    from adapters_app.alttext.tiny_models import save_tiny_captioner, save_tiny_translator

    folder = Path(tempfile.mkdtemp(prefix="alt-text-models-"))
    model = args.model or str(save_tiny_captioner(folder / "captioner"))
    translation_model = args.translation_model or str(save_tiny_translator(folder / "translator"))
    configurations = [("offline", False)] + ([("offline", True)] if ocr_available() else []) + [("model", False)]
    print(f"{args.images} generated images, drafts in {len(LANGUAGES)} languages each; "
          f"model engine: {model} + {translation_model}")
    print(f"{'engine':<16}{'batch':>6}{'images/s':>11}{'ms/image':>11}{'peak RSS MB':>13}{'peak GPU MB':>13}")
    results = {}
    for engine, ocr in configurations:
        for batch in (1, 16):
            command = [sys.executable, __file__, "--one", "--engine", engine, "--batch", str(batch),
                       "--images", str(args.images), "--model", model, "--translation-model", translation_model]
            if ocr:
                command.append("--ocr")
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            figures = json.loads(output)
            name = f"{engine}{' + OCR' if ocr else ''}"
            results[(name, batch)] = figures
            gpu = f"{figures['peak_gpu_mb']:.0f}" if figures["peak_gpu_mb"] is not None else "-"
            print(f"{name:<16}{batch:>6}{figures['images_per_second']:>11.1f}{figures['ms_per_image']:>11.1f}"
                  f"{figures['peak_rss_mb']:>13.0f}{gpu:>13}")
    for name in dict.fromkeys(name for name, _batch in results):
        ratio = results[(name, 16)]["images_per_second"] / results[(name, 1)]["images_per_second"]
        print(f"{name}: batch 16 / batch 1 throughput = {ratio:.2f}×")


if __name__ == "__main__":
    main()
