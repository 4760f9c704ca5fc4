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

ATTENTION_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
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

    return LoraConfig(task_type=TaskType.CAUSAL_LM, r=rank, lora_alpha=2 * rank, lora_dropout=0.0,
                      target_modules=ATTENTION_TARGETS, **options)


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


def capabilities(model, is_peft, input_ids, attention_mask):
    """Measured: can two adapters serve one batch (``adapter_names=``), and can the adapter be merged into
    the base with the same outputs? Tried on a copy; a technique that raises does not support it."""
    import torch

    if not is_peft:
        return {"mixed_batches": False, "merge": False}
    result = {}
    trial = copy.deepcopy(model).eval()
    try:
        names = ["default", "__base__"] * (input_ids.shape[0] // 2) + ["default"] * (input_ids.shape[0] % 2)
        with torch.inference_mode():
            trial(input_ids=input_ids, attention_mask=attention_mask, adapter_names=names)
        result["mixed_batches"] = True
    except (ValueError, TypeError, RuntimeError, AttributeError, NotImplementedError):
        result["mixed_batches"] = False
    try:
        with torch.inference_mode():
            before = trial(input_ids=input_ids, attention_mask=attention_mask).logits
            merged = trial.merge_and_unload()
            after = merged(input_ids=input_ids, attention_mask=attention_mask).logits
        result["merge"] = bool(torch.allclose(before, after, atol=1e-3, rtol=1e-3))
    except (ValueError, TypeError, RuntimeError, AttributeError, NotImplementedError):
        result["merge"] = False
    return result
