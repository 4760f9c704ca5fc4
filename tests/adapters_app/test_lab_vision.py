"""The vision injection-points demo: the drawn data set, the pre-trained shape model, and LoRA adaptation to colours
at each injection point, with tiny step counts (one slow test trains with the defaults)."""

import time

import pytest
import torch

from adapters_app.lab.common import DemoCancelled, InvalidParameters
from adapters_app.lab.vision import (
    COLOURS,
    HELD_OUT_IMAGES,
    HELD_OUT_SEED,
    INJECTION_POINTS,
    SHAPES,
    accuracy,
    colour_model,
    load_vision_base,
    pretrain_vision_base,
    run_vision_injection,
    shapes_dataset,
    validate_vision,
)

RANK = 8
SEEDS = (0, 1)
STEPS = 10


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    """The models are tiny, and on a busy 2-core machine torch's two threads wait on each other at every operation:
    this file took over 6 minutes with two threads and 14 s with one, under the same load."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vision-base")
    return folder, pretrain_vision_base(folder, steps=40)


@pytest.fixture(scope="module")
def run(base):
    """One small run over every injection point, with the progress it reported."""
    reported = []
    results = run_vision_injection(base[0], rank=RANK, steps=STEPS, seeds=SEEDS,
                                   progress=lambda fraction, note: reported.append((fraction, note)))
    return results, reported


def expected_wrapped(point, layers):
    attention = {"attention-qv": ("q_proj", "v_proj"), "all-linear": ("q_proj", "k_proj", "v_proj", "o_proj"),
                 "mlp": ()}[point]
    names = [f"vit.layers.{layer}.attention.{name}" for layer in range(layers) for name in attention]
    names += [f"vit.layers.{layer}.mlp.{name}" for layer in range(layers) for name in ("fc1", "fc2")
              if point != "attention-qv"]
    return sorted(names)


def expected_trainable(point, config, rank):
    """LoRA adds rank × (inputs + outputs) per wrapped linear layer; the new colour head trains in full."""
    hidden, intermediate = config.hidden_size, config.intermediate_size
    attention = {"attention-qv": 2, "all-linear": 4, "mlp": 0}[point] * rank * (hidden + hidden)
    mlp = 0 if point == "attention-qv" else 2 * rank * (hidden + intermediate)
    return config.num_hidden_layers * (attention + mlp) + hidden * len(COLOURS) + len(COLOURS)


def test_the_data_set_is_the_same_for_a_seed_and_differs_for_another():
    pixels, shapes, colours = shapes_dataset(200, seed=5)
    again = shapes_dataset(200, seed=5)
    other = shapes_dataset(200, seed=6)

    assert pixels.shape == (200, 3, 32, 32) and pixels.dtype == torch.float32
    assert -1 <= pixels.min() and pixels.max() <= 1
    assert torch.equal(pixels, again[0]) and torch.equal(shapes, again[1]) and torch.equal(colours, again[2])
    assert not torch.equal(pixels, other[0])
    assert torch.bincount(shapes, minlength=len(SHAPES)).tolist() == [50] * len(SHAPES)
    assert torch.bincount(colours, minlength=len(COLOURS)).tolist() == [50] * len(COLOURS)
    assert shapes_dataset(4, seed=0, image_size=48)[0].shape == (4, 3, 48, 48)


def test_the_base_reloads_with_from_pretrained_and_gives_the_same_answers(base):
    folder, metrics = base
    first, second = load_vision_base(folder), load_vision_base(folder)
    pixels, shapes, _ = shapes_dataset(HELD_OUT_IMAGES, HELD_OUT_SEED)

    with torch.no_grad():
        assert torch.equal(first(pixel_values=pixels[:16]).logits, second(pixel_values=pixels[:16]).logits)
    assert accuracy(first, pixels, shapes) == metrics["shape_accuracy"]
    assert metrics["steps"] == 40 and metrics["seconds"] > 0
    assert first.config.id2label == dict(enumerate(SHAPES))


@pytest.mark.parametrize("point", INJECTION_POINTS)
def test_each_injection_point_wraps_exactly_its_modules(base, point):
    model = colour_model(base[0], point, rank=RANK, seed=0)
    config = model.base_model.model.config

    wrapped = sorted(name.removeprefix("base_model.model.") for name, module in model.named_modules()
                     if hasattr(module, "lora_A"))
    assert wrapped == expected_wrapped(point, config.num_hidden_layers)
    assert model.get_nb_trainable_parameters()[0] == expected_trainable(point, config, RANK)
    if point == "mlp":
        assert not any("attention" in name for name in wrapped)


def test_a_run_records_every_measure_and_the_same_parameters_for_every_point(base, run):
    results, _ = run
    frozen = sum(parameter.numel() for parameter in load_vision_base(base[0]).parameters())
    config = load_vision_base(base[0]).config

    assert list(results) == list(INJECTION_POINTS)
    for point, result in results.items():
        assert result["label"] == INJECTION_POINTS[point].label
        assert result["accuracy"]["n"] == len(SEEDS) and 0 <= result["accuracy"]["mean"] <= 1
        per_seed = [entry["accuracy"] for entry in result["accuracies"]]
        assert [entry["seed"] for entry in result["accuracies"]] == list(SEEDS)
        assert result["accuracy"]["mean"] == pytest.approx(sum(per_seed) / len(SEEDS))
        assert result["trainable_parameters"] == expected_trainable(point, config, RANK)
        assert result["total_parameters"] - result["trainable_parameters"] == frozen
        assert result["train_seconds"]["n"] == len(SEEDS) and result["ms_per_step"] > 0
        assert 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p95"]
        assert result["wrapped_modules"] == expected_wrapped(point, config.num_hidden_layers)
        assert result["wrapped_count"] == len(result["wrapped_modules"])
    recorded = [result["parameters"] for result in results.values()]
    assert all(parameters == recorded[0] for parameters in recorded)
    assert {name: recorded[0][name] for name in ("rank", "alpha", "steps", "seeds", "batch_size")} == {
        "rank": RANK, "alpha": 2 * RANK, "steps": STEPS, "seeds": list(SEEDS), "batch_size": 64}
    assert recorded[0]["learning_rate"] > 0


def test_trainable_parameters_grow_from_attention_qv_to_mlp_to_all_linear(run):
    results, _ = run
    counts = [results[point]["trainable_parameters"] for point in ("attention-qv", "mlp", "all-linear")]
    assert counts == sorted(set(counts))


def test_progress_rises_to_one_across_points_and_seeds(run):
    _, reported = run
    fractions = [fraction for fraction, _ in reported]

    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert len(reported) == len(INJECTION_POINTS) * len(SEEDS)  # every 10 steps, and STEPS is 10
    assert reported[-1][1] == f"mlp, seed {SEEDS[-1]}: step {STEPS}/{STEPS}"


def cancel(fraction, note):
    raise DemoCancelled


def test_cancelling_stops_a_run(base):
    started = time.perf_counter()
    with pytest.raises(DemoCancelled):
        run_vision_injection(base[0], steps=10_000, seeds=(0,), progress=cancel)
    assert time.perf_counter() - started < 30


def test_cancelling_pre_training_saves_nothing(tmp_path):
    with pytest.raises(DemoCancelled):
        pretrain_vision_base(tmp_path / "base", steps=10_000, progress=cancel)
    assert not (tmp_path / "base").exists()


@pytest.mark.parametrize("points, rank, steps, seeds", [
    (("attention-qv", "everywhere"), 8, 10, (0,)),
    ((), 8, 10, (0,)),
    (("mlp",), 0, 10, (0,)),
    (("mlp",), 257, 10, (0,)),
    (("mlp",), 8, 0, (0,)),
    (("mlp",), 8, 20_001, (0,)),
    (("mlp",), 8, 10, ()),
    (("mlp",), 8, 10, tuple(range(11))),
])
def test_invalid_parameters_are_refused(base, points, rank, steps, seeds):
    with pytest.raises(InvalidParameters):
        validate_vision(points, rank, steps, seeds)
    with pytest.raises(InvalidParameters):
        run_vision_injection(base[0], points=points, rank=rank, steps=steps, seeds=seeds)


@pytest.mark.slow
def test_default_pre_training_learns_shapes_and_all_linear_lora_learns_colours(tmp_path):
    metrics = pretrain_vision_base(tmp_path)
    results = run_vision_injection(tmp_path, points=("all-linear",), seeds=(0,))

    assert metrics["shape_accuracy"] >= 0.6
    assert results["all-linear"]["accuracy"]["mean"] >= 0.5
