"""An analytic memory planner for fine-tuning LLaMA-family models: how many bytes the base weights, the
LoRA adapter, its gradients, AdamW's states and the activations take, for each way of storing the base.

Plain Python; no Django, no torch. The figures are per parameter and per token, from the papers in
:data:`SOURCES`; :data:`NOTES` says what is left out.
"""

from dataclasses import dataclass
from adapters_app.lab.common import InvalidParameters


@dataclass(frozen=True)
class ModelShape:
    key: str
    name: str
    parameters: int
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int

    @property
    def head_dim(self):
        return self.hidden // self.heads


@dataclass(frozen=True)
class StorageFormat:
    key: str
    label: str
    bits_per_weight: float
    full_fine_tuning: bool
    gradient_checkpointing_default: bool


def _by_key(*items):
    return {item.key: item for item in items}


# Published parameter counts and shapes (LLaMA, arXiv 2302.13971; Llama 2, arXiv 2307.09288).
MODELS = _by_key(
    ModelShape("7b", "LLaMA-7B", 6_700_000_000, 4096, 32, 32, 32, 11008),
    ModelShape("13b", "LLaMA-13B", 13_000_000_000, 5120, 40, 40, 40, 13824),
    ModelShape("33b", "LLaMA-33B", 32_500_000_000, 6656, 60, 52, 52, 17920),
    ModelShape("65b", "LLaMA-65B", 65_200_000_000, 8192, 80, 64, 64, 22016),
    ModelShape("70b", "Llama-2-70B", 69_000_000_000, 8192, 80, 64, 8, 28672),
)

NF4_BLOCK = 64  # weights per first-level fp32 absmax constant (QLoRA)
DQ_BLOCK = 256  # first-level constants per second-level fp32 constant under double quantization

FORMATS = _by_key(
    StorageFormat("bf16-lora", "LoRA on a bf16 base", 16.0, False, False),
    # ≈8 bits: LLM.int8() keeps a few outlier columns in 16 bit (see NOTES).
    StorageFormat("int8-lora", "LoRA on an 8-bit base (LLM.int8)", 8.0, False, False),
    StorageFormat("qlora-nf4", "QLoRA: 4-bit NormalFloat base", 4 + 32 / NF4_BLOCK, False, True),
    StorageFormat("qlora-nf4-dq", "QLoRA: 4-bit NormalFloat base, double quantization",
                  4 + 8 / NF4_BLOCK + 32 / (NF4_BLOCK * DQ_BLOCK), False, True),
    StorageFormat("bf16-full", "Full fine-tuning in bf16 (reference)", 16.0, True, False),
)

TERMS = ("base_weights", "adapter", "gradients", "optimizer_states", "activations")

ADAPTER_BYTES = 2  # LoRA weights in bf16
GRADIENT_BYTES = 2  # bf16 gradients of the trainable parameters
ADAM_BYTES = 8  # AdamW's two fp32 moments per trainable parameter
ACTIVATION_INPUT_BYTES = 2  # a layer's 16-bit input, all that gradient checkpointing keeps

LIMITS = {"sequence_length": (1, 32768), "batch_size": (1, 1024), "rank": (1, 1024)}

FORMULA = (
    "Memory = base weights (parameters × bits per weight ÷ 8) + LoRA adapter (rank × (inputs + outputs) of "
    "q, k, v, o, gate, up and down in every layer, × 2 bytes) + its gradients (× 2 bytes) + AdamW's two fp32 "
    "moments (× 8 bytes) + activations. Activations per layer are s·b·h·(34 + 5·a·s/h) bytes (Korthikanti et "
    "al.); with gradient checkpointing each layer keeps only its input (2·s·b·h bytes) and one layer at a time "
    "is recomputed in full."
)

NOTES = (
    "The 8-bit base counts exactly 1 byte per weight; LLM.int8() keeps a few outlier columns in 16 bit, so "
    "it takes slightly more.",
    "Mixed-precision fp32 master weights are not counted: the trainable weights are kept in bf16.",
    "There is no framework overhead term: no CUDA context, allocator fragmentation, temporary buffers or "
    "paged optimizer spill.",
    "Activations use the multi-head attention formula with the number of query heads, also for "
    "grouped-query attention.",
)

SOURCES = [
    ("QLoRA: Efficient Finetuning of Quantized LLMs (Dettmers et al., 2023)", "https://arxiv.org/abs/2305.14314"),
    ("Reducing Activation Recomputation in Large Transformer Models (Korthikanti et al., 2022)",
     "https://arxiv.org/abs/2205.05198"),
    ("Hugging Face: Model training anatomy", "https://huggingface.co/docs/transformers/model_memory_anatomy"),
    ("LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale (Dettmers et al., 2022)",
     "https://arxiv.org/abs/2208.07339"),
]


@dataclass(frozen=True)
class MemoryPlan:
    model: str
    format: str
    sequence_length: int
    batch_size: int
    rank: int
    gradient_checkpointing: bool
    lora_parameters: int
    terms: dict[str, float]  # bytes, keyed by TERMS

    @property
    def total(self):
        return sum(self.terms.values())

    def gigabytes(self):
        """Each term and the total in GB (1e9 bytes)."""
        return {**{term: value / 1e9 for term, value in self.terms.items()}, "total": self.total / 1e9}


def lora_parameters(model, rank):
    """LoRA's trainable parameters, A (rank × d_in) and B (d_out × rank), on all seven linear layers of every
    transformer layer, as QLoRA does. Under grouped-query attention k and v project to kv_heads × head_dim."""
    kv_width = model.kv_heads * model.head_dim
    projections = [
        (model.hidden, model.hidden),  # q
        (model.hidden, kv_width),  # k
        (model.hidden, kv_width),  # v
        (model.hidden, model.hidden),  # o
        (model.hidden, model.intermediate),  # gate
        (model.hidden, model.intermediate),  # up
        (model.intermediate, model.hidden),  # down
    ]
    return model.layers * sum(rank * (d_in + d_out) for d_in, d_out in projections)


def validate(sequence_length, batch_size, rank):
    for name, value in (("sequence_length", sequence_length), ("batch_size", batch_size), ("rank", rank)):
        low, high = LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidParameters(f"{name} must be a whole number from {low} to {high}, not {value!r}.")


def _choice(kind, key, choices):
    if key not in choices:
        raise InvalidParameters(f"Unknown {kind} {key!r}; choose one of: {', '.join(choices)}.")
    return choices[key]


def layer_activation_bytes(model, sequence_length, batch_size):
    """Korthikanti et al.: s·b·h·(34 + 5·a·s/h) bytes of 16-bit activations per layer, without recomputation
    (written as 34·s·b·h + 5·a·s²·b to stay in whole numbers)."""
    s, b = sequence_length, batch_size
    return 34 * s * b * model.hidden + 5 * model.heads * s * s * b


def activation_bytes(model, sequence_length, batch_size, gradient_checkpointing):
    """All layers' activations; with checkpointing, every layer's input plus one layer recomputed in full."""
    one_layer = layer_activation_bytes(model, sequence_length, batch_size)
    if not gradient_checkpointing:
        return model.layers * one_layer
    return model.layers * ACTIVATION_INPUT_BYTES * sequence_length * batch_size * model.hidden + one_layer


def plan(model="65b", format="qlora-nf4-dq", sequence_length=512, batch_size=1, rank=64,
         gradient_checkpointing=None):
    """The memory to fine-tune ``model`` with its base stored as ``format``; ``gradient_checkpointing=None``
    takes the format's default (on for QLoRA)."""
    shape = _choice("model", model, MODELS)
    storage = _choice("format", format, FORMATS)
    validate(sequence_length, batch_size, rank)
    if gradient_checkpointing is None:
        gradient_checkpointing = storage.gradient_checkpointing_default
    elif not isinstance(gradient_checkpointing, bool):
        raise InvalidParameters(f"gradient_checkpointing must be True, False or None, not {gradient_checkpointing!r}.")
    adapter_parameters = 0 if storage.full_fine_tuning else lora_parameters(shape, rank)
    trainable = shape.parameters if storage.full_fine_tuning else adapter_parameters
    terms = {
        "base_weights": shape.parameters * storage.bits_per_weight / 8,
        "adapter": float(adapter_parameters * ADAPTER_BYTES),
        "gradients": float(trainable * GRADIENT_BYTES),
        "optimizer_states": float(trainable * ADAM_BYTES),
        "activations": float(activation_bytes(shape, sequence_length, batch_size, gradient_checkpointing)),
    }
    return MemoryPlan(model, format, sequence_length, batch_size, rank, gradient_checkpointing,
                      adapter_parameters, terms)


def plan_all(sequence_length=512, batch_size=1, rank=64, gradient_checkpointing=None):
    """Every model, smallest first, under every LoRA format (not full fine-tuning)."""
    return [
        plan(model.key, storage.key, sequence_length, batch_size, rank, gradient_checkpointing)
        for model in sorted(MODELS.values(), key=lambda shape: shape.parameters)
        for storage in FORMATS.values()
        if not storage.full_fine_tuning
    ]
