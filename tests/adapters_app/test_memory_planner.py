"""The fine-tuning memory planner against figures worked out by hand here from the per-parameter bytes and
the published shapes, and against QLoRA's headline: 65B fits a 48 GB GPU, 16-bit full fine-tuning needs
over 780 GB."""

import pytest

from adapters_app.lab.common import InvalidParameters
from adapters_app.lab.memory import FORMATS, MODELS, SOURCES, TERMS, lora_parameters, plan, plan_all

# 65B: h = 8192, L = 80, a = 64, intermediate 22016. 70B: the same but intermediate 28672 and k/v to 8 × 128.
LORA_65B_R64 = 80 * (4 * 64 * (8192 + 8192) + 3 * 64 * (8192 + 22016))
LORA_70B_R64 = 80 * (2 * 64 * (8192 + 8192) + 2 * 64 * (8192 + 1024) + 3 * 64 * (8192 + 28672))

# s = 512, b = 1, h = 8192, a = 64: one layer's 16-bit activations s·b·h·(34 + 5·a·s/h).
LAYER_ACTIVATIONS_65B = 512 * 1 * 8192 * (34 + 5 * 64 * 512 / 8192)


def test_lora_parameters_for_65b_at_rank_64_by_hand():
    assert LORA_65B_R64 == 799_539_200
    assert lora_parameters(MODELS["65b"], 64) == LORA_65B_R64


def test_lora_parameters_for_70b_use_grouped_query_width_for_k_and_v():
    assert LORA_70B_R64 == 828_375_040
    assert lora_parameters(MODELS["70b"], 64) == LORA_70B_R64


def test_lora_parameters_scale_with_rank():
    assert lora_parameters(MODELS["65b"], 8) * 8 == lora_parameters(MODELS["65b"], 64)


def test_every_term_of_65b_qlora_double_quantized_by_hand():
    result = plan("65b", "qlora-nf4-dq", sequence_length=512, batch_size=1, rank=64, gradient_checkpointing=True)
    assert result.lora_parameters == LORA_65B_R64
    assert tuple(result.terms) == TERMS
    # 4-bit NF4, 8-bit constants per 64 weights, one fp32 constant per 256 of those.
    assert result.terms["base_weights"] == pytest.approx(65.2e9 * (4 + 8 / 64 + 32 / (64 * 256)) / 8)
    assert result.terms["base_weights"] == pytest.approx(65.2e9 * 4.126953125 / 8)
    assert result.terms["adapter"] == 799_539_200 * 2
    assert result.terms["gradients"] == 799_539_200 * 2
    assert result.terms["optimizer_states"] == 799_539_200 * 8
    # Checkpointing: every layer's 2-byte input, plus one layer's activations in full.
    assert result.terms["activations"] == pytest.approx(80 * 2 * 512 * 1 * 8192 + 512 * 8192 * (34 + 20))
    assert result.total == pytest.approx(sum(result.terms.values()))
    assert result.gigabytes()["total"] == pytest.approx(result.total / 1e9)
    assert set(result.gigabytes()) == {*TERMS, "total"}


@pytest.mark.parametrize(("format_key", "bytes_per_weight"), [
    ("bf16-lora", 2),
    ("int8-lora", 1),
    ("qlora-nf4", (4 + 32 / 64) / 8),
    ("qlora-nf4-dq", 4.126953125 / 8),
    ("bf16-full", 2),
])
def test_base_weights_for_every_format_at_7b(format_key, bytes_per_weight):
    assert plan("7b", format_key).terms["base_weights"] == pytest.approx(6.7e9 * bytes_per_weight)


def test_full_fine_tuning_has_no_adapter_and_trains_every_parameter():
    result = plan("65b", "bf16-full")
    assert result.terms["adapter"] == 0
    assert result.terms["gradients"] == pytest.approx(65.2e9 * 2)
    assert result.terms["optimizer_states"] == pytest.approx(65.2e9 * 8)


@pytest.mark.parametrize("format_key", ["qlora-nf4-dq", "qlora-nf4"])
def test_65b_qlora_with_checkpointing_at_batch_1_fits_48_gb(format_key):
    result = plan("65b", format_key, sequence_length=512, batch_size=1, rank=64)
    assert result.gradient_checkpointing
    assert result.total < 48e9


def test_65b_full_fine_tuning_in_bf16_with_adamw_needs_over_780_gb():
    assert 65.2e9 * (2 + 2 + 8) > 780e9
    result = plan("65b", "bf16-full", sequence_length=512, batch_size=1)
    assert result.total - result.terms["activations"] == pytest.approx(65.2e9 * (2 + 2 + 8))
    assert result.total > 780e9


def test_activations_without_checkpointing_are_every_layer_in_full():
    result = plan("65b", "qlora-nf4-dq", gradient_checkpointing=False)
    assert result.terms["activations"] == pytest.approx(80 * LAYER_ACTIVATIONS_65B)
    assert 80 * LAYER_ACTIVATIONS_65B == pytest.approx(80 * 226_492_416)


def test_activations_with_checkpointing_keep_inputs_and_one_layer():
    result = plan("65b", "bf16-lora", gradient_checkpointing=True)
    assert result.terms["activations"] == pytest.approx(80 * 2 * 512 * 8192 + LAYER_ACTIVATIONS_65B)


def test_activations_follow_the_formula_at_a_long_sequence_on_13b():
    s, b, h, a, layers = 4096, 2, 5120, 40, 40
    result = plan("13b", "bf16-lora", sequence_length=s, batch_size=b, gradient_checkpointing=False)
    assert result.terms["activations"] == pytest.approx(layers * s * b * h * (34 + 5 * a * s / h))


def test_checkpointing_defaults_to_on_for_qlora_only():
    assert plan(format="qlora-nf4").gradient_checkpointing
    assert plan(format="qlora-nf4-dq").gradient_checkpointing
    assert not plan(format="bf16-lora").gradient_checkpointing
    assert not plan(format="int8-lora").gradient_checkpointing


@pytest.mark.parametrize("checkpointing", [True, False])
def test_doubling_the_batch_doubles_activations_only(checkpointing):
    single = plan("33b", "int8-lora", batch_size=4, gradient_checkpointing=checkpointing)
    double = plan("33b", "int8-lora", batch_size=8, gradient_checkpointing=checkpointing)
    for term in TERMS:
        expected = 2 * single.terms[term] if term == "activations" else single.terms[term]
        assert double.terms[term] == pytest.approx(expected), term


@pytest.mark.parametrize(("arguments", "named"), [
    ({"rank": 0}, "rank"),
    ({"rank": True}, "rank"),
    ({"rank": 1025}, "rank"),
    ({"rank": 8.0}, "rank"),
    ({"batch_size": -1}, "batch_size"),
    ({"sequence_length": 32769}, "sequence_length"),
    ({"gradient_checkpointing": "yes"}, "gradient_checkpointing"),
])
def test_invalid_parameters_are_refused_by_name(arguments, named):
    with pytest.raises(InvalidParameters, match=named):
        plan(**arguments)


def test_unknown_model_or_format_lists_the_valid_keys():
    with pytest.raises(InvalidParameters, match="model") as model_error:
        plan(model="3b")
    assert all(key in str(model_error.value) for key in MODELS)
    with pytest.raises(InvalidParameters, match="format") as format_error:
        plan(format="fp8-lora")
    assert all(key in str(format_error.value) for key in FORMATS)


def test_plan_all_is_five_models_by_four_lora_formats_in_size_order():
    plans = plan_all()
    assert len(plans) == 5 * 4
    assert [p.model for p in plans[::4]] == ["7b", "13b", "33b", "65b", "70b"]
    assert {p.format for p in plans} == {"bf16-lora", "int8-lora", "qlora-nf4", "qlora-nf4-dq"}


def test_sources_cite_the_papers_and_the_guide():
    urls = {url for _, url in SOURCES}
    assert {"https://arxiv.org/abs/2305.14314", "https://arxiv.org/abs/2205.05198",
            "https://arxiv.org/abs/2208.07339",
            "https://huggingface.co/docs/transformers/model_memory_anatomy"} <= urls
