"""Vision injection points: where LoRA goes in a small vision transformer, and what each choice costs and buys.

A tiny ViT is pre-trained from scratch to name the **shape** in drawn images, then frozen and adapted by LoRA to a
new labelling, the **colour** of the shape, with adapters at three sets of linear layers: the attention query and
value projections, every linear layer of the blocks, or the MLP alone. Every injection point gets the same steps,
learning rate, seeds and data, and the run records them, so the comparison is fair and shows it.

Plain Python, torch, transformers and peft; no Django.
"""

import time
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from adapters_app.lab.common import (
    InvalidParameters,
    device_and_dtype,
    latency_ms,
    mean_and_spread,
    no_progress,
    seed_everything,
)

SHAPES = ("circle", "square", "triangle", "cross")
COLOURS = {"red": (210, 40, 40), "green": (40, 160, 60), "blue": (40, 70, 210), "yellow": (235, 200, 30)}
IMAGE_SIZE = 32
SUPERSAMPLE = 4  # shapes are drawn this many times larger, then shrunk, for smooth edges

# Training images come from one seed and held-out images from another, so accuracy is measured on unseen images.
PRETRAIN_IMAGES, PRETRAIN_DATA_SEED = 4096, 1
ADAPT_IMAGES, ADAPT_DATA_SEED = 2048, 2
HELD_OUT_IMAGES, HELD_OUT_SEED = 1024, 1000

PRETRAIN_STEPS = 500
PRETRAIN_LEARNING_RATE = 3e-3
ADAPT_STEPS = 100
ADAPT_LEARNING_RATE = 5e-3
PROGRESS_EVERY = 10

MAX_RANK = 256
MAX_STEPS = 20000
MAX_SEEDS = 10


@dataclass(frozen=True)
class InjectionPoint:
    label: str
    target_modules: str  # a regex peft matches against each module's full name


# transformers 5 names ViT's linear layers attention.{q,k,v,o}_proj and mlp.fc1 / mlp.fc2.
INJECTION_POINTS = {
    "attention-qv": InjectionPoint("Attention query and value projections", r".*\.attention\.(q_proj|v_proj)"),
    "all-linear": InjectionPoint(
        "All linear layers: query, key, value, attention output and both MLP layers",
        r".*\.attention\.(q_proj|k_proj|v_proj|o_proj)|.*\.mlp\.(fc1|fc2)",
    ),
    "mlp": InjectionPoint("MLP only: the intermediate and output layers", r".*\.mlp\.(fc1|fc2)"),
}


def vision_config():
    from transformers import ViTConfig

    return ViTConfig(image_size=IMAGE_SIZE, patch_size=8, num_channels=3, hidden_size=64, num_hidden_layers=2,
                     num_attention_heads=4, intermediate_size=128, num_labels=len(SHAPES),
                     id2label=dict(enumerate(SHAPES)), label2id={shape: i for i, shape in enumerate(SHAPES)})


def draw_shape(draw, shape, centre_x, centre_y, radius, fill):
    if shape == "circle":
        draw.ellipse([centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius], fill=fill)
    elif shape == "square":
        half = radius * 0.85  # about the circle's area, so size does not give the shape away
        draw.rectangle([centre_x - half, centre_y - half, centre_x + half, centre_y + half], fill=fill)
    elif shape == "triangle":
        draw.polygon([(centre_x, centre_y - radius), (centre_x - radius, centre_y + radius * 0.8),
                      (centre_x + radius, centre_y + radius * 0.8)], fill=fill)
    else:
        arm = radius * 0.3
        draw.rectangle([centre_x - radius, centre_y - arm, centre_x + radius, centre_y + arm], fill=fill)
        draw.rectangle([centre_x - arm, centre_y - radius, centre_x + arm, centre_y + radius], fill=fill)


def shapes_dataset(count, seed, image_size=IMAGE_SIZE):
    """``count`` drawn images, the same for the same seed: ``(pixels, shape labels, colour labels)``, pixels an
    N×3×H×W float tensor in [-1, 1]. Shape and colour are drawn independently, each label equally often."""
    import torch

    rng = np.random.default_rng(seed)
    shape_labels = rng.permutation(np.arange(count) % len(SHAPES))
    colour_labels = rng.permutation(np.arange(count) % len(COLOURS))
    colour_values = list(COLOURS.values())
    canvas = image_size * SUPERSAMPLE
    pixels = np.empty((count, image_size, image_size, 3), dtype=np.uint8)
    for index in range(count):
        background = tuple(int(value) for value in rng.integers(200, 256, size=3))
        image = Image.new("RGB", (canvas, canvas), background)
        radius = canvas * rng.uniform(0.28, 0.4)
        centre_x, centre_y = canvas * (0.5 + rng.uniform(-0.1, 0.1, size=2))
        shade = np.clip(np.array(colour_values[colour_labels[index]]) + rng.integers(-20, 21, size=3), 0, 255)
        draw_shape(ImageDraw.Draw(image), SHAPES[shape_labels[index]], centre_x, centre_y, radius,
                   tuple(int(value) for value in shade))
        pixels[index] = np.asarray(image.resize((image_size, image_size), Image.Resampling.BOX))
    tensor = torch.from_numpy(pixels).permute(0, 3, 1, 2).float() / 127.5 - 1
    return tensor, torch.from_numpy(shape_labels), torch.from_numpy(colour_labels)


def autocast():
    """bf16 arithmetic on a GPU with the weights kept in float32; nothing on the CPU."""
    import torch

    device, dtype = device_and_dtype()
    return torch.autocast(device.type, dtype=dtype, enabled=dtype != torch.float32)


def train(model, parameters, pixels, labels, steps, batch_size, learning_rate, seed, report):
    """AdamW on random batches of ``pixels``, the learning rate falling linearly to zero; calls ``report(step)`` every
    PROGRESS_EVERY steps and at the end."""
    import torch

    device, _ = device_and_dtype()
    optimiser = torch.optim.AdamW(parameters, lr=learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: 1 - step / steps)
    batches = torch.Generator().manual_seed(seed)
    model.train()
    for step in range(1, steps + 1):
        chosen = torch.randint(len(pixels), (batch_size,), generator=batches)
        with autocast():
            loss = model(pixel_values=pixels[chosen].to(device), labels=labels[chosen].to(device)).loss
        loss.backward()
        optimiser.step()
        schedule.step()
        optimiser.zero_grad(set_to_none=True)
        if step % PROGRESS_EVERY == 0 or step == steps:
            report(step)
    model.eval()


def accuracy(model, pixels, labels, batch_size=256):
    import torch

    device, _ = device_and_dtype()
    correct = 0
    with torch.no_grad(), autocast():
        for start in range(0, len(pixels), batch_size):
            logits = model(pixel_values=pixels[start:start + batch_size].to(device)).logits
            correct += (logits.argmax(-1).cpu() == labels[start:start + batch_size]).sum().item()
    return correct / len(pixels)


def pretrain_vision_base(folder, steps=PRETRAIN_STEPS, batch_size=64, seed=0, learning_rate=PRETRAIN_LEARNING_RATE,
                         progress=no_progress):
    """Train the tiny ViT from scratch to name the shape and save it with ``save_pretrained(folder)``."""
    from transformers import ViTForImageClassification

    device, _ = device_and_dtype()
    seed_everything(seed)
    model = ViTForImageClassification(vision_config()).to(device)
    pixels, shapes, _ = shapes_dataset(PRETRAIN_IMAGES, PRETRAIN_DATA_SEED)
    started = time.perf_counter()
    train(model, model.parameters(), pixels, shapes, steps, batch_size, learning_rate, seed,
          lambda step: progress(step / steps, f"pre-training on shapes: step {step}/{steps}"))
    seconds = time.perf_counter() - started
    model.save_pretrained(folder)
    held_out_pixels, held_out_shapes, _ = shapes_dataset(HELD_OUT_IMAGES, HELD_OUT_SEED)
    return {"steps": steps, "batch_size": batch_size, "learning_rate": learning_rate, "seed": seed,
            "seconds": seconds, "shape_accuracy": accuracy(model, held_out_pixels, held_out_shapes)}


def load_vision_base(folder):
    from transformers import ViTForImageClassification

    return ViTForImageClassification.from_pretrained(folder)


def validate_vision(points, rank, steps, seeds):
    unknown = [point for point in points if point not in INJECTION_POINTS]
    if unknown or not points:
        raise InvalidParameters(f"Injection points must be some of {', '.join(INJECTION_POINTS)}; got {list(points)}.")
    if not 1 <= rank <= MAX_RANK:
        raise InvalidParameters(f"Rank must be between 1 and {MAX_RANK}; got {rank}.")
    if not 1 <= steps <= MAX_STEPS:
        raise InvalidParameters(f"Steps must be between 1 and {MAX_STEPS}; got {steps}.")
    if not 1 <= len(seeds) <= MAX_SEEDS:
        raise InvalidParameters(f"Give between 1 and {MAX_SEEDS} seeds; got {len(seeds)}.")


def colour_model(base_folder, point, rank, seed):
    """The frozen shape model with LoRA at ``point`` and a fresh colour head that trains in full.

    The head is replaced, not reloaded with ``ignore_mismatched_sizes``: shapes and colours both have four labels,
    so the sizes match and the shape head would silently be kept."""
    import torch
    from peft import LoraConfig, get_peft_model

    seed_everything(seed)
    model = load_vision_base(base_folder)
    model.classifier = torch.nn.Linear(model.config.hidden_size, len(COLOURS))
    model.config.num_labels = len(COLOURS)
    model.config.id2label = dict(enumerate(COLOURS))
    model.config.label2id = {colour: i for i, colour in enumerate(COLOURS)}
    config = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0,
                        target_modules=INJECTION_POINTS[point].target_modules, modules_to_save=["classifier"])
    return get_peft_model(model, config).to(device_and_dtype()[0])


def wrapped_modules(peft_model):
    """Full names (as in the base model) of the modules that carry a LoRA adapter."""
    from peft.tuners.lora import LoraLayer

    return sorted(name.removeprefix("base_model.model.") for name, module in peft_model.named_modules()
                  if isinstance(module, LoraLayer))


def run_vision_injection(base_folder, points=tuple(INJECTION_POINTS), rank=8, steps=ADAPT_STEPS,
                         learning_rate=ADAPT_LEARNING_RATE, seeds=(0, 1, 2), batch_size=64, progress=no_progress):
    """Adapt the shape model to colours by LoRA at each injection point, once per seed; the results per point."""
    import torch

    points, seeds = tuple(points), tuple(seeds)
    validate_vision(points, rank, steps, seeds)
    parameters = {"rank": rank, "alpha": 2 * rank, "learning_rate": learning_rate, "steps": steps,
                  "seeds": list(seeds), "batch_size": batch_size, "train_images": ADAPT_IMAGES,
                  "held_out_images": HELD_OUT_IMAGES}
    pixels, _, colours = shapes_dataset(ADAPT_IMAGES, ADAPT_DATA_SEED)
    held_out_pixels, _, held_out_colours = shapes_dataset(HELD_OUT_IMAGES, HELD_OUT_SEED)
    one_image = held_out_pixels[:1].to(device_and_dtype()[0])
    runs, done = len(points) * len(seeds), 0
    results = {}
    for point in points:
        accuracies, seconds = [], []
        for seed in seeds:
            model = colour_model(base_folder, point, rank, seed)

            def report(step, point=point, seed=seed, done=done):
                progress((done + step / steps) / runs, f"{point}, seed {seed}: step {step}/{steps}")

            started = time.perf_counter()
            train(model, [p for p in model.parameters() if p.requires_grad], pixels, colours, steps, batch_size,
                  learning_rate, seed, report)
            seconds.append(time.perf_counter() - started)
            accuracies.append(accuracy(model, held_out_pixels, held_out_colours))
            done += 1
        with torch.no_grad(), autocast():
            latency = latency_ms(lambda: model(pixel_values=one_image))
        trainable, total = model.get_nb_trainable_parameters()
        names = wrapped_modules(model)
        results[point] = {
            "label": INJECTION_POINTS[point].label,
            "accuracy": mean_and_spread(accuracies),
            "accuracies": [{"seed": seed, "accuracy": value} for seed, value in zip(seeds, accuracies, strict=True)],
            "trainable_parameters": trainable,
            "total_parameters": total,
            "train_seconds": mean_and_spread(seconds),
            "ms_per_step": 1000 * sum(seconds) / (steps * len(seeds)),
            "latency_ms": latency,
            "wrapped_modules": names,
            "wrapped_count": len(names),
            "parameters": dict(parameters),
        }
    return results
