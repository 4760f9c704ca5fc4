"""Charts of demo runs: SVG with a title, a description and text in every language, axes left to right,
numbers in the language's format. Built from unsaved runs shaped like the demos' results (no database)."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from adapters_app.charts import chart_summary, render_run_chart
from adapters_app.lab import memory
from adapters_app.lab.common import mean_and_spread
from adapters_app.models import DemoRun
from articles.demo.figures import LANGUAGES

SVG = "{http://www.w3.org/2000/svg}"
RANKS = [4, 8, 16, 32, 64, 128]


def latency():
    return {"p50": 3.1, "p95": 3.6}


def text_row(accuracies, trainable, **fields):
    """A row as ``summarise`` in adapters_app/lab/demos.py writes it, over seeds 0, 1 and 2."""
    return {"accuracy": mean_and_spread(accuracies), "seeds": [0, 1, 2], "trainable_parameters": trainable,
            "total_parameters": 426_624 + trainable, "adapter_bytes": 4 * trainable + 1_024, "ms_per_step": 33.2,
            "train_seconds": 10.1, "peak_memory_bytes": 180_000_000, "latency_ms": latency(), "learning_rate": 2e-3,
            "steps": 300, "batch_size": 32, **fields}


def rank_sweep_run(accuracies=None, ranks=RANKS, pk=None):
    accuracies = accuracies or {4: [0.16, 0.18, 0.20], 8: [0.40, 0.46, 0.43], 16: [0.70, 0.75, 0.72],
                                32: [0.90, 0.93, 0.95], 64: [1.0, 0.98, 1.0], 128: [1.0, 1.0, 1.0]}
    return DemoRun(pk=pk, kind="rank-sweep", parameters={
        "skill": "caesar", "ranks": list(ranks), "seeds": [0, 1, 2], "steps": 300, "learning_rate": 2e-3,
        "scaling": "rslora", "batch_size": 32,
    }, metrics={"rows": [{"rank": rank, **text_row(accuracies[rank], 3_584 * rank)} for rank in ranks],
                "technique": "rslora", "held_out_examples": 50})


TECHNIQUES = [  # key, label, accuracies over three seeds, trainable parameters, mixed batches, merge
    ("lora", "LoRA", [0.90, 0.93, 0.96], 28_672, True, True),
    ("rslora", "rsLoRA", [0.95, 0.97, 0.96], 28_672, True, True),
    ("dora", "DoRA", [0.90, 0.92, 0.91], 29_184, False, True),
    ("ia3", "IA³", [0.10, 0.12, 0.14], 1_024, True, True),
    ("prefix", "Prefix tuning", [0.30, 0.36, 0.33], 8_192, False, False),
    ("prompt", "Prompt tuning", [0.02, 0.04, 0.03], 1_024, False, False),
    ("bitfit", "BitFit (biases only)", [0.20, 0.22, 0.25], 1_536, False, False),
    ("full", "Full fine-tuning", [1.0, 1.0, 1.0], 432_512, False, False),
]


def techniques_run():
    rows = [{"technique": key, "label": label, **text_row(accuracies, trainable, mixed_batches=mixed, merge=merge)}
            for key, label, accuracies, trainable, mixed, merge in TECHNIQUES]
    return DemoRun(kind="techniques", parameters={
        "skill": "caesar", "techniques": [key for key, *_rest in TECHNIQUES], "seeds": [0, 1, 2], "steps": 300,
        "rank": 8, "batch_size": 32,
    }, metrics={"rows": rows, "held_out_examples": 50})


def vision_run():
    points = [("attention-qv", [0.80, 0.85, 0.83], 2_307, 4), ("all-linear", [0.97, 0.98, 0.99], 7_683, 12),
              ("mlp", [0.90, 0.91, 0.95], 4_227, 4)]
    rows = [{"point": point, "label": f"{point} label", "accuracy": mean_and_spread(accuracies),
             "accuracies": [{"seed": seed, "accuracy": value} for seed, value in enumerate(accuracies)],
             "trainable_parameters": trainable, "total_parameters": 120_000 + trainable,
             "train_seconds": mean_and_spread([4.1, 4.0, 4.2]), "ms_per_step": 13.6, "latency_ms": latency(),
             "wrapped_modules": [f"vit.encoder.layer.{k}" for k in range(wrapped)], "wrapped_count": wrapped,
             "parameters": {"rank": 8, "alpha": 16, "learning_rate": 3e-3, "steps": 300, "seeds": [0, 1, 2]}}
            for point, accuracies, trainable, wrapped in points]
    return DemoRun(kind="vision", parameters={"points": [point for point, *_rest in points], "rank": 8, "steps": 300,
                                              "learning_rate": 3e-3, "seeds": [0, 1, 2], "batch_size": 64},
                   metrics={"rows": rows})


def memory_run():
    """The memory planner's real rows (plain Python, instant), as run_memory stores them."""
    rows = [{"model": plan.model, "format": plan.format, "lora_parameters": plan.lora_parameters,
             "gradient_checkpointing": plan.gradient_checkpointing, "gigabytes": plan.gigabytes()}
            for plan in memory.plan_all()]
    return DemoRun(kind="memory", parameters={"sequence_length": 512, "batch_size": 1, "rank": 64},
                   metrics={"rows": rows, "formula": memory.FORMULA, "sources": memory.SOURCES})


RUNS = {"rank-sweep": rank_sweep_run, "techniques": techniques_run, "vision": vision_run, "memory": memory_run}


def parse(run, lang):
    return ET.fromstring(render_run_chart(run, lang))


def texts(element):
    return ["".join(text.itertext()) for text in element.iter(f"{SVG}text")]


def tick_labels(root):
    """The x axis's tick labels, left to right in the drawing: (x, text)."""
    ticks = next(g for g in root.iter(f"{SVG}g") if g.get("data-role") == "x-ticks")
    return [(float(text.get("x")), "".join(text.itertext())) for text in ticks.iter(f"{SVG}text")]


@pytest.mark.parametrize(("kind", "lang"), list(itertools.product(RUNS, LANGUAGES)))
def test_every_chart_renders_in_every_language(kind, lang):
    run = RUNS[kind]()
    svg = render_run_chart(run, lang)
    assert isinstance(svg, SafeString)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox").startswith("0 0 960 ") and root.get("width") == "100%"
    assert root.get("lang") == lang
    assert root.get("direction") == ("rtl" if lang == "ar" else "ltr")
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text.strip() and title.text in texts(root)  # the title is also drawn
    assert desc.text == chart_summary(run, lang)
    assert len(texts(root)) > 10 and all(text.strip() for text in texts(root))
    # no scripts, no raster images, nothing fetched from elsewhere, nothing mirrored
    assert not [element for element in root.iter() if element.tag in (f"{SVG}script", f"{SVG}image",
                                                                       f"{SVG}foreignObject", f"{SVG}use")]
    assert "href" not in svg and "url(" not in svg and "@import" not in svg
    assert not [element for element in root.iter() if element.get("transform")]


def test_the_stylesheet_and_ids_belong_to_one_run():
    """Charts are inlined, several on a page: ids are the run's and the styles do not reach other SVG."""
    first, second = parse(rank_sweep_run(pk=7), "en"), parse(rank_sweep_run(pk=8), "en")
    assert (first.get("id"), second.get("id")) == ("run-7-chart", "run-8-chart")
    assert first.find(f"{SVG}title").get("id") == "run-7-chart-title"
    rules = [line for line in first.find(f"{SVG}style").text.splitlines() if "{" in line]
    assert rules and all(rule.startswith("#run-7-chart") for rule in rules)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rank_sweep_has_a_tick_at_each_rank_on_a_log_axis_left_to_right(lang):
    root = parse(rank_sweep_run(), lang)
    ticks = tick_labels(root)
    assert [label for _x, label in ticks] == [str(rank) for rank in RANKS]
    xs = [x for x, _label in ticks]
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert all(gap > 0 for gap in gaps), "ranks grow to the right in every language"
    assert max(gaps) - min(gaps) < 0.2, "each doubling of the rank is the same distance on a log2 axis"


def test_rank_sweep_with_one_rank_or_falling_accuracy():
    one = rank_sweep_run(ranks=[8], accuracies={8: [0.5, 0.5, 0.5]})
    assert [label for _x, label in tick_labels(parse(one, "en"))] == ["8"]
    assert "50%" in chart_summary(one, "en") and "8" in chart_summary(one, "en")
    falling = rank_sweep_run(accuracies={4: [0.8] * 3, 8: [0.7] * 3, 16: [0.6] * 3, 32: [0.5] * 3, 64: [0.4] * 3,
                                         128: [0.3] * 3})
    peaking = rank_sweep_run(accuracies={4: [0.5] * 3, 8: [0.9] * 3, 16: [0.6] * 3, 32: [0.5] * 3, 64: [0.4] * 3,
                                         128: [0.3] * 3})
    summaries = {chart_summary(run, "en") for run in (rank_sweep_run(), falling, peaking, one)}
    assert len(summaries) == 4, "rising, falling, peaking and a single rank are told apart"
    assert "90%" in chart_summary(peaking, "en") and "30%" in chart_summary(peaking, "en")


def test_summaries_mention_the_right_numbers():
    sweep = chart_summary(rank_sweep_run(), "en")
    assert re.search(r"18%.*\b4\b.*100%.*\b128\b", sweep), sweep
    techniques = chart_summary(techniques_run(), "en")
    assert "Full fine-tuning" in techniques and "100%" in techniques and "432,512" in techniques
    assert "Prompt tuning" in techniques and "3%" in techniques
    vision = chart_summary(vision_run(), "de")
    assert "98" in vision and "7.683" in vision and "82,7" in vision  # the means of 0.80/0.85/0.83 and 0.97/0.98/0.99
    memory_summary = chart_summary(memory_run(), "en")
    assert "5.6" in memory_summary and "166.1" in memory_summary  # LLaMA-7B NF4 + DQ; Llama-2-70B bf16
    assert "13" in memory_summary and "20" in memory_summary  # 13 of the 20 totals are at most 48 GB
    assert "166,1" in chart_summary(memory_run(), "de")


def test_numbers_follow_the_language():
    english, german, french = (render_run_chart(techniques_run(), lang) for lang in ("en", "de", "fr"))
    assert "22.3" in english and "22,3" in german and "22,3" in french  # BitFit's mean accuracy
    assert "432,512" in english and "432.512" in german and "432\xa0512" in french
    sweep = render_run_chart(rank_sweep_run(), "de")
    assert "72,3" in sweep and "458.752" in sweep  # rank 16's accuracy, rank 128's trainable parameters
    totals = texts(parse(memory_run(), "de"))
    assert "166,1" in totals and "46,4" in totals and "166.1" not in totals
    for make in RUNS.values():  # coordinates stay unlocalized: 421.5, never 421,5
        for element in parse(make(), "de").iter():
            for name in ("x", "y", "width", "height", "cx", "cy"):
                if element.get(name) is not None and element.get(name) != "100%":
                    float(element.get(name))


def test_memory_chart_has_the_gpu_lines_and_a_legend():
    root = parse(memory_run(), "en")
    lines = {path.get("data-gb"): path for path in root.iter(f"{SVG}path") if path.get("data-gb")}
    assert set(lines) == {"48", "80"}
    ticks = {label: x for x, label in tick_labels(root)}
    assert list(ticks) == ["0", "50", "100", "150", "200"]
    x48 = float(re.match(r"M([\d.]+),", lines["48"].get("d")).group(1))
    x80 = float(re.match(r"M([\d.]+),", lines["80"].get("d")).group(1))
    assert x48 == pytest.approx(ticks["0"] + 0.96 * (ticks["50"] - ticks["0"]), abs=0.1)
    assert x80 == pytest.approx(ticks["50"] + 0.6 * (ticks["100"] - ticks["50"]), abs=0.1)
    drawn = texts(root)
    assert {"Base weights", "Adapter", "Gradients", "Optimizer states", "Activations"} <= set(drawn)
    assert "a single 48 GB GPU" in drawn
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "14" and rect.get("y") != "91"]
    assert len(bars) == 20 * 5  # five stacked terms for each model and format
    arabic = parse(memory_run(), "ar")
    assert [label for _x, label in tick_labels(arabic)] == ["0", "50", "100", "150", "200"]
    assert [x for x, _label in tick_labels(arabic)] == list(ticks.values()), "the axis is not mirrored in Arabic"


def test_bars_show_each_configuration_with_its_trainable_parameters():
    drawn = texts(parse(techniques_run(), "en"))
    for _key, label, _accuracies, trainable, _mixed, _merge in TECHNIQUES:
        assert label in drawn
        assert any(f"{trainable:,}" in text for text in drawn), trainable
    vision = texts(parse(vision_run(), "en"))
    assert len([text for text in vision if "trainable parameters" in text]) == 3


@pytest.mark.parametrize("run", [
    DemoRun(kind="pretrain", parameters={}, metrics={"text_base": {}, "vision_base": {}}),
    DemoRun(kind="rank-sweep", parameters={"ranks": RANKS}, metrics={}),
    DemoRun(kind="rank-sweep", parameters={"ranks": RANKS}, metrics={"units": {"4:0": {"accuracy": 0.2}}}),
    DemoRun(kind="memory", parameters={}, metrics={"rows": []}),
])
def test_no_chart_without_rows_or_for_pretraining(run):
    assert render_run_chart(run, "en") is None
    assert chart_summary(run, "en") == ""
