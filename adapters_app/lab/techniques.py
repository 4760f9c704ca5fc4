"""Parameter-efficient techniques compared on the same base, skill and step budget, plus full
fine-tuning as the reference. Each technique makes a trainable model from a freshly loaded base and
says which learning rate it trains best at on this model (recorded with every run).

BitFit is not a PEFT method: it trains only the parameters named ``*bias``. Whether a technique
supports mixed-adapter batches (PEFT's ``adapter_names=``) and merging into the base is measured
(:func:`capabilities`), not looked up.
"""

import copy
from dataclasses import dataclass
from collections.abc import Callable

from .common import InvalidParameters

# LoRA on every linear layer of attention and MLP, as QLoRA does: on this small model LoRA on q and v alone
# learned little of a new skill within the step budget.
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
# Fixed across ranks, so the scaling (alpha/r, or alpha/√r for rsLoRA) is what a rank sweep compares.
LORA_ALPHA = 16
VIRTUAL_TOKENS = 8


@dataclass(frozen=True)
class Technique:
    key: str
    label: str
    learning_rate: float
    make: Callable  # (base model, rank) -> trainable model
    is_peft: bool = True


def lora_config(rank, **options):
    from peft import LoraConfig, TaskType

    return LoraConfig(task_type=TaskType.CAUSAL_LM, r=rank, lora_alpha=LORA_ALPHA, lora_dropout=0.0,
                      target_modules=LORA_TARGETS, **options)


def with_peft(config_factory):
    def make(model, rank):
        from peft import get_peft_model

        return get_peft_model(model, config_factory(rank))

    return make


def ia3_config(rank):
    from peft import IA3Config, TaskType

    return IA3Config(task_type=TaskType.CAUSAL_LM, target_modules=["k_proj", "v_proj", "down_proj"],
                     feedforward_modules=["down_proj"])


def prefix_config(rank):
    from peft import PrefixTuningConfig, TaskType

    return PrefixTuningConfig(task_type=TaskType.CAUSAL_LM, num_virtual_tokens=VIRTUAL_TOKENS)


def prompt_config(rank):
    from peft import PromptTuningConfig, PromptTuningInit, TaskType

    return PromptTuningConfig(task_type=TaskType.CAUSAL_LM, num_virtual_tokens=VIRTUAL_TOKENS,
                              prompt_tuning_init=PromptTuningInit.RANDOM)


def bias_only(model, rank):
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.endswith("bias")
    return model


def everything(model, rank):
    for parameter in model.parameters():
        parameter.requires_grad = True
    return model


TECHNIQUES = {
    technique.key: technique
    for technique in (
        Technique("lora", "LoRA", 2e-3, with_peft(lora_config)),
        Technique("rslora", "rsLoRA", 2e-3, with_peft(lambda rank: lora_config(rank, use_rslora=True))),
        Technique("dora", "DoRA", 2e-3, with_peft(lambda rank: lora_config(rank, use_dora=True))),
        Technique("ia3", "IA³", 1e-2, with_peft(ia3_config)),
        Technique("prefix", "Prefix tuning", 1e-2, with_peft(prefix_config)),
        Technique("prompt", "Prompt tuning", 3e-2, with_peft(prompt_config)),
        Technique("bitfit", "BitFit (biases only)", 3e-3, bias_only, is_peft=False),
        Technique("full", "Full fine-tuning", 5e-4, everything, is_peft=False),
    )
}


def technique(key):
    if key not in TECHNIQUES:
        raise InvalidParameters(f"Unknown technique “{key}”: choose from {', '.join(TECHNIQUES)}.")
    return TECHNIQUES[key]


def parameter_counts(model):
    trainable = sum(parameter.numel() for parameter in model.parameters() if parameter.requires_grad)
    total = sum(parameter.numel() for parameter in model.parameters())
    return trainable, total


def save_trainable(model, folder, is_peft):
    """What a deployment would ship: the adapter (PEFT's save_pretrained) or, for BitFit and full
    fine-tuning, the trained tensors in safetensors."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    if is_peft:
        model.save_pretrained(folder)
        return
    tensors = {name: parameter.detach().contiguous().cpu() for name, parameter in model.named_parameters()
               if parameter.requires_grad}
    save_file(tensors, str(folder / "trained.safetensors"))


# How PEFT says a technique cannot do something (mixed batches, merging): it raises one of these.
REFUSALS = (ValueError, TypeError, RuntimeError, AttributeError, NotImplementedError, IndexError)


def capabilities(model, is_peft, input_ids, attention_mask):
    """Measured on a copy: can one batch mix the adapter and the bare base (PEFT's ``adapter_names=``,
    each row matching what the adapter alone and the base alone give), and can the adapter be merged
    into the base with the same outputs? A technique that raises, or answers differently, does not."""
    import torch

    if not is_peft:
        return {"mixed_batches": False, "merge": False}
    trial = copy.deepcopy(model).eval()
    inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
    names = ["default" if row % 2 == 0 else "__base__" for row in range(input_ids.shape[0])]
    result = {"mixed_batches": False, "merge": False}
    with torch.inference_mode():
        adapted = trial(**inputs).logits
        with trial.disable_adapter():
            bare = trial(**inputs).logits
        try:
            mixed = trial(**inputs, adapter_names=names).logits
            expected = torch.stack([adapted[row] if name == "default" else bare[row] for row, name in enumerate(names)])
            result["mixed_batches"] = mixed.shape == expected.shape and bool(
                torch.allclose(mixed, expected, atol=1e-4, rtol=1e-4))
        except REFUSALS:
            pass
        try:
            merged = trial.merge_and_unload()(**inputs).logits
            result["merge"] = merged.shape == adapted.shape and bool(torch.allclose(merged, adapted, atol=1e-3,
                                                                                      rtol=1e-3))
        except REFUSALS:
            pass
    return result
