"""The tiny text model: a ``LlamaForCausalLM`` built from a config over a character tokenizer,
pre-trained on a mix of skills, saved with ``save_pretrained`` and loaded by every demo with
``from_pretrained``; the training loop (loss on answer tokens only) and exact-match evaluation with
batched greedy generation.
"""

import itertools
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .common import device_and_dtype, no_progress, seed_everything
from .skills import ALPHABET, PRETRAINING, skill
from .tokenizer import character_tokenizer

PROGRESS_EVERY = 10
EVALUATION_BATCH = 100


@dataclass(frozen=True)
class TextModelSpec:
    """The base model's size. The default fits the rank sweep in a few minutes on two CPU cores
    (about 33 ms per LoRA training step at batch 32); tests pass a smaller one."""

    hidden_size: int = 128
    intermediate_size: int = 256
    layers: int = 2
    heads: int = 4
    max_positions: int = 64


@dataclass(frozen=True)
class PretrainingPlan:
    steps: int = 2500
    batch_size: int = 32
    learning_rate: float = 3e-3
    seed: int = 0
    skills: tuple[str, ...] = PRETRAINING


def build_tokenizer():
    return character_tokenizer(ALPHABET)


def build_model(spec: TextModelSpec, tokenizer):
    """A randomly initialised model; biases on (attention and MLP) so that BitFit has something to train."""
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=spec.hidden_size, intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.heads,
        max_position_embeddings=spec.max_positions, attention_bias=True, mlp_bias=True,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=False,
    )
    return LlamaForCausalLM(config)


def encode_for_training(tokenizer, examples, device):
    """Input ids, attention mask and labels (-100 on the prompt and padding: loss on answers only)."""
    import torch

    rows = []
    for prompt, answer in examples:
        prompt_ids = [tokenizer.bos_token_id] + tokenizer.encode(prompt, add_special_tokens=False)
        answer_ids = tokenizer.encode(answer, add_special_tokens=False) + [tokenizer.eos_token_id]
        rows.append((prompt_ids + answer_ids, [-100] * len(prompt_ids) + answer_ids))
    width = max(len(ids) for ids, _labels in rows)
    pad = tokenizer.pad_token_id
    input_ids = torch.tensor([ids + [pad] * (width - len(ids)) for ids, _labels in rows], device=device)
    attention = torch.tensor([[1] * len(ids) + [0] * (width - len(ids)) for ids, _labels in rows], device=device)
    labels = torch.tensor([labels + [-100] * (width - len(labels)) for _ids, labels in rows], device=device)
    return {"input_ids": input_ids, "attention_mask": attention, "labels": labels}


def encode_prompts(tokenizer, prompts, device):
    """Left-padded prompts for batched generation."""
    import torch

    rows = [[tokenizer.bos_token_id] + tokenizer.encode(prompt, add_special_tokens=False) for prompt in prompts]
    width = max(len(row) for row in rows)
    pad = tokenizer.pad_token_id
    input_ids = torch.tensor([[pad] * (width - len(row)) + row for row in rows], device=device)
    attention = torch.tensor([[0] * (width - len(row)) + [1] * len(row) for row in rows], device=device)
    return {"input_ids": input_ids, "attention_mask": attention}


def train(model, tokenizer, examples, steps, batch_size, learning_rate, progress=no_progress, note="",
          progress_span=(0.0, 1.0)):
    """AdamW on the trainable parameters with a linear warm-up (5 %) and decay, gradients clipped to 1.

    ``examples`` is an iterator of (prompt, answer). Returns steps, seconds, ms per step and the last loss.
    ``progress`` is called every few steps with the fraction mapped into ``progress_span``."""
    import torch

    device = next(model.parameters()).device
    trainable = [parameter for parameter in model.parameters() if parameter.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.0)
    warmup = max(1, steps // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup))))
    model.train()
    start, end = progress_span
    loss_value = float("nan")
    started = time.perf_counter()
    for step in range(steps):
        batch = encode_for_training(tokenizer, list(itertools.islice(examples, batch_size)), device)
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        if (step + 1) % PROGRESS_EVERY == 0 or step + 1 == steps:
            loss_value = loss.item()
            progress(start + (end - start) * (step + 1) / steps, f"{note}step {step + 1}/{steps}, loss {loss_value:.3f}")
    seconds = time.perf_counter() - started
    model.eval()
    return {"steps": steps, "seconds": seconds, "ms_per_step": seconds * 1000 / steps, "final_loss": loss_value}


def generate_answers(model, tokenizer, prompts, max_new_tokens):
    """Greedy answers to ``prompts``, in batches."""
    import torch

    device = next(model.parameters()).device
    answers = []
    model.eval()
    for start in range(0, len(prompts), EVALUATION_BATCH):
        batch = encode_prompts(tokenizer, prompts[start:start + EVALUATION_BATCH], device)
        with torch.inference_mode():
            output = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                    pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
        new_tokens = output[:, batch["input_ids"].shape[1]:]
        answers.extend(tokenizer.batch_decode(new_tokens, skip_special_tokens=True))
    return answers


def evaluate(model, tokenizer, examples):
    """Exact-match accuracy on (prompt, answer) pairs."""
    from .skills import exact_match

    longest = max(len(answer) for _prompt, answer in examples)
    predictions = generate_answers(model, tokenizer, [prompt for prompt, _answer in examples], longest + 1)
    return exact_match(predictions, [answer for _prompt, answer in examples])


def mixed_examples(keys, seed):
    """Training examples drawn from several skills in turn at random."""
    streams = {key: skill(key).training_examples(seed) for key in keys}
    rng = random.Random(seed)
    while True:
        yield next(streams[rng.choice(keys)])


def pretrain(folder, spec=TextModelSpec(), plan=PretrainingPlan(), progress=no_progress):
    """Pre-train the base on ``plan.skills`` and save model, tokenizer and a record of how (``lab.json``)
    to ``folder``. Returns that record: parameters, time and held-out accuracy per skill."""
    device, _dtype = device_and_dtype()
    seed_everything(plan.seed)
    tokenizer = build_tokenizer()
    model = build_model(spec, tokenizer).to(device)
    training = train(model, tokenizer, mixed_examples(list(plan.skills), plan.seed), plan.steps, plan.batch_size,
                     plan.learning_rate, progress, note="pre-training: ", progress_span=(0.0, 0.95))
    accuracy = {key: evaluate(model, tokenizer, skill(key).held_out(100)) for key in plan.skills}
    folder = Path(folder)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    record = {"spec": asdict(spec), "plan": asdict(plan), "training": training, "held_out_accuracy": accuracy,
              "parameters": sum(parameter.numel() for parameter in model.parameters())}
    (folder / "lab.json").write_text(json.dumps(record, indent=2))
    progress(1.0, "pre-training done")
    return record


def load_base(folder):
    """The pre-trained base and its tokenizer, with ``from_pretrained``, on the lab's device."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device, dtype = device_and_dtype()
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).to(device).eval()
    return model, AutoTokenizer.from_pretrained(folder)


def base_record(folder):
    """How the base in ``folder`` was pre-trained, or None when there is no complete base there."""
    path = Path(folder) / "lab.json"
    return json.loads(path.read_text()) if path.is_file() else None
