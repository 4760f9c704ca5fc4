"""Figures for the demo content: SVG drawn from Django templates, text laid out by the reader's browser.

``render(key, lang)`` renders ``templates/articles/figures/<key>.svg`` under
``translation.override(lang)``. Text stays ``<text>`` (strings from the gettext catalogues, numbers
in the language's format, ``direction="rtl"`` for Arabic), so the server needs no font and every
language is shaped, ordered and drawn by the browser. Flow diagrams are mirrored for Arabic; charts
keep their numeric axes left to right.

The data behind the charts lives here: bytes per parameter (QLoRA memory), parameter counts for a
Llama-style shape (PEFT methods).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import get_template
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation.template import templatize

FIGURE_KEYS = (
    "lora-architecture",
    "deployment-pipeline",
    "evaluation-matrix",
    "qlora-memory",
    "vit-lora-targets",
    "serving-topology",
    "adapter-routing",
    "peft-methods",
    "adapter-lifecycle",
)
LANGUAGES = ("en", "de", "fr", "es", "ja", "zh-hans", "ar")
WIDTH, HEIGHT = 1600, 900

# Figures whose numbers are not measurements carry an "Illustrative" badge.
ILLUSTRATIVE = frozenset({"evaluation-matrix"})
# Charts keep their axes left to right in Arabic; diagrams and tables read as a flow and are mirrored.
CHARTS = frozenset({"qlora-memory", "peft-methods"})

TITLES = {
    "lora-architecture": _("LoRA: a frozen weight plus a trainable low-rank update"),
    "deployment-pipeline": _("From data to serving: the LoRA deployment pipeline"),
    "evaluation-matrix": _("Comparing adapter candidates before release"),
    "qlora-memory": _("Weight memory of 7B and 65B models by storage format"),
    "vit-lora-targets": _("Where LoRA goes in a Vision Transformer"),
    "serving-topology": _("Serving topology: blue/green pools, shadow traffic, autoscaling"),
    "adapter-routing": _("One batch, many adapters: routing through a shared base model"),
    "peft-methods": _("How many parameters each PEFT method trains"),
    "adapter-lifecycle": _("The adapter lifecycle"),
}

TEMPLATE_DIR = "articles/figures"
# Arrowhead markers, one per arrow colour (url(#ah-<name>)).
MARKERS = (
    ("ink", "#1a1a1a"),
    ("muted", "#4d4d4d"),
    ("blue", "#0072b2"),
    ("green", "#009e73"),
    ("purple", "#cc79a7"),
    ("orange", "#b87f00"),
)


@dataclass(frozen=True)
class RenderedFigure:
    svg: str
    untranslated: tuple[str, ...]  # strings shown in English because the language's catalogue lacks them


def render(key: str, lang: str = "en") -> RenderedFigure:
    """One figure as an SVG document with its text in ``lang``."""
    if key not in FIGURE_KEYS:
        raise ValueError(f"unknown figure key {key!r}; expected one of {', '.join(FIGURE_KEYS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    with translation.override(lang):
        rtl = translation.get_language_bidi()
        context = {
            "key": key,
            "lang": lang,
            "rtl": rtl,
            "flip": key not in CHARTS,
            # shapes of a mirrored figure sit in a group with this transform; labels mirror themselves
            "mirror": mark_safe(f' transform="matrix(-1 0 0 1 {WIDTH} 0)"') if rtl and key not in CHARTS else "",
            "width": WIDTH,
            "height": HEIGHT,
            "title": str(TITLES[key]),
            "illustrative": key in ILLUSTRATIVE,
            "markers": MARKERS,
            "marker_size": 18,
            **_header_geometry(key),
            **_CONTEXTS.get(key, lambda: {})(),
        }
        svg = get_template(f"{TEMPLATE_DIR}/{key}.svg").render(context)
    return RenderedFigure(svg=svg, untranslated=untranslated_strings(key, lang))


def _header_geometry(key):
    rtl = translation.get_language_bidi()
    badge_x = 40 if rtl else WIDTH - 40 - 260
    return {
        "badge_x": badge_x,
        "badge_centre": badge_x + 130,
        "title_width": WIDTH - 96 - (290 if key in ILLUSTRATIVE else 0),
    }


# --- Untranslated strings ------------------------------------------------------------------------

_MSGID = re.compile(r"""(?:\b_|\bgettext)\(u?(?P<q>['"])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\)""", re.DOTALL)


@functools.cache
def template_strings(key: str) -> tuple[str, ...]:
    """The msgids a figure shows: its title and the strings in its template (as makemessages finds them)."""
    source = Path(get_template(f"{TEMPLATE_DIR}/{key}.svg").origin.name).read_text(encoding="utf-8")
    base = Path(get_template(f"{TEMPLATE_DIR}/base.svg").origin.name).read_text(encoding="utf-8")
    found = []
    for text in (base if key in ILLUSTRATIVE else "", source):
        for match in _MSGID.finditer(templatize(text)):
            found.append(match.group("text").encode("latin-1", "backslashreplace").decode("unicode_escape"))
    return (TITLES[key]._args[0], *dict.fromkeys(found))


def untranslated_strings(key: str, lang: str) -> tuple[str, ...]:
    """The figure's strings that ``lang``'s catalogue does not translate (shown in English instead)."""
    if lang == "en":
        return ()
    catalogue = translation.trans_real.translation(lang)._catalog  # merged catalogues of every app
    return tuple(msgid for msgid in template_strings(key) if msgid not in catalogue)


# --- Numbers --------------------------------------------------------------------------------------

def number(value: float, decimals: int = 0) -> str:
    """A number in the active language's format (decimal mark and grouping from Django's locale data),
    rounded: Django's number_format cuts extra decimals off (36.5625 would read 36.5)."""
    return formats.number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


def significant_decimals(value: float, digits: int = 3) -> int:
    """How many decimals show ``digits`` significant digits of ``value`` (none for whole numbers from 10**digits)."""
    return 0 if value == 0 else max(0, digits - 1 - math.floor(math.log10(abs(value))))


def percent(value: float, significant: int = 3) -> str:
    """A percentage with ``significant`` digits (whole numbers from 100 up)."""
    decimals = 0 if value >= 100 else significant_decimals(value, significant)
    return gettext("%(number)s%%") % {"number": number(value, decimals)}


# --- A small chart helper: scales and ticks -------------------------------------------------------

@dataclass(frozen=True)
class Scale:
    """Maps data values onto a pixel range, linearly or on a log10 axis."""

    lo: float
    hi: float
    start: float
    end: float
    log: bool = False

    def __call__(self, value: float) -> float:
        if self.log:
            lo, hi, value = math.log10(self.lo), math.log10(self.hi), math.log10(value)
        else:
            lo, hi = self.lo, self.hi
        return self.start + (self.end - self.start) * (value - lo) / (hi - lo)


def nice_step(max_value: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    raw = max_value / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next((m * power for m in (1, 2, 2.5, 5) if m * power >= raw), 10 * power)


def linear_ticks(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [step * k for k in range(count + 1)]


# --- lora-architecture ----------------------------------------------------------------------------

def _lora_architecture():
    d, r = 4096, 8
    lora, full = 2 * d * r, d * d
    return {"example": {"lora": number(lora), "full": number(full), "pct": percent(100 * lora / full, 2)}}


# --- evaluation-matrix (illustrative values) ------------------------------------------------------

EVALUATION_ROWS = (  # candidate, accuracy, p95 latency ms, editorial quality 1-5 (illustrative)
    ("r4-attn", 0.71, 38, 3.4),
    ("r8-attn", 0.74, 39, 3.7),
    ("r16-attn+mlp", 0.79, 44, 4.2),
    ("r8-dora", 0.77, 52, 4.0),
    ("qlora-r16", 0.76, 61, 3.9),
)
EVALUATION_COLUMNS = (  # decimals, higher is better
    (2, True),
    (0, False),
    (1, True),
)
# A sequential blue ramp (light = worse, dark = better) and the text colour readable on each step.
RAMP = ("#eff6fc", "#c6e0f3", "#80b9de", "#3482be", "#084580")
RAMP_TEXT = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff")


def _evaluation_matrix():
    left, label_w, right, row_top, row_h = 60, 330, 1540, 270, 92
    col_w = (right - left - label_w) / len(EVALUATION_COLUMNS)
    columns = []
    for j, (decimals, higher_better) in enumerate(EVALUATION_COLUMNS):
        values = [row[j + 1] for row in EVALUATION_ROWS]
        lo, hi = min(values), max(values)
        best = max(values) if higher_better else min(values)
        x0 = left + label_w + col_w * j
        cells = []
        for i, value in enumerate(values):
            t = (value - lo) / (hi - lo) if hi > lo else 0.5
            step = round((t if higher_better else 1 - t) * (len(RAMP) - 1))
            cells.append({
                "x": x0 + 4, "y": row_top + i * row_h + 4, "w": col_w - 8, "h": row_h - 8,
                "cx": x0 + col_w / 2, "cy": row_top + i * row_h + row_h / 2,
                "fill": RAMP[step], "text": "white" if RAMP_TEXT[step] == "#ffffff" else "",
                "value": number(value, decimals), "best": value == best,
            })
        columns.append({"cx": x0 + col_w / 2, "cells": cells})
    rows = [{"name": row[0], "y": row_top + i * row_h + row_h / 2} for i, row in enumerate(EVALUATION_ROWS)]
    ramp = [{"x": 60 + k * 60, "fill": colour} for k, colour in enumerate(RAMP)]
    return {"columns": columns, "rows": rows, "ramp": ramp, "col_w": col_w, "head_width": col_w - 30}


# --- qlora-memory (computed from bytes per parameter) ---------------------------------------------

# Bytes per parameter for the weights (QLoRA, arXiv:2305.14314): NF4 stores 4 bits plus block
# constants (0.5 bit/param) = 4.5 bits; double quantization shrinks the constants to 0.127 bit.
BYTES_PER_PARAM = (("bf16", 2.0), ("int8", 1.0), ("NF4", 0.5625), ("NF4 + DQ", 0.516))
MODEL_SIZES = (("7B", 7e9), ("65B", 65e9))
GPU_48GB = 48.0
MEMORY_COLOURS = ("#0072b2", "#56b4e9", "#e69f00", "#d55e00")


def weight_memory_gb(params: float, bytes_per_param: float) -> float:
    return params * bytes_per_param / 1e9


def _qlora_memory():
    plot_top, plot_bottom = 300, 730
    panels = []
    for (size, params), (x0, x1) in zip(MODEL_SIZES, ((180, 660), (870, 1350))):
        values = [weight_memory_gb(params, b) for _name, b in BYTES_PER_PARAM]
        step = nice_step(max(values) * 1.12)
        top = step * math.ceil(max(values) * 1.12 / step)
        y = Scale(0, top, plot_bottom, plot_top)
        slot = (x1 - x0) / len(values)
        bars = [
            {"x": x0 + slot * (k + 0.5), "y": y(value), "h": plot_bottom - y(value), "value": number(value, 1),
             "name": name, "fill": colour}
            for k, (value, (name, _b), colour) in enumerate(zip(values, BYTES_PER_PARAM, MEMORY_COLOURS))
        ]
        panels.append({
            "size": size, "x0": x0, "x1": x1, "cx": (x0 + x1) / 2, "bars": bars,
            "ticks": [{"y": y(v), "label": number(v), "zero": v == 0} for v in linear_ticks(top, step)],
            "gpu_y": y(GPU_48GB) if top > GPU_48GB else None,
        })
    byte_list = " · ".join(f"{name} {number(b, 4).rstrip('0').rstrip('.,')}" for name, b in BYTES_PER_PARAM)
    return {"panels": panels, "bytes": byte_list, "plot_bottom": plot_bottom}


# --- peft-methods (computed from a model shape) ---------------------------------------------------

LLAMA_7B_SHAPE = {"layers": 32, "hidden": 4096, "intermediate": 11008, "heads": 32, "vocab": 32000}


def llama_parameter_count(layers, hidden, intermediate, heads, vocab) -> int:
    """Parameters of a Llama-style decoder: untied embeddings and LM head, no biases, RMSNorm weights."""
    attention = 4 * hidden * hidden  # q, k, v, o (no grouped-query attention)
    mlp = 3 * hidden * intermediate  # gate, up, down
    norms = 2 * hidden
    return layers * (attention + mlp + norms) + 2 * vocab * hidden + hidden


def peft_trainable_parameters(layers, hidden, intermediate, heads, vocab, rank=8, virtual_tokens=20) -> dict[str, int]:
    """Trainable parameters per method for a Llama-style shape (PEFT defaults where they apply)."""

    def lora(n_in, n_out):  # A is r×in, B is out×r
        return rank * (n_in + n_out)

    return {
        "lora_qv": layers * 2 * lora(hidden, hidden),
        "lora_all": layers * (4 * lora(hidden, hidden) + 2 * lora(hidden, intermediate) + lora(intermediate, hidden)),
        # IA3 on Llama (PEFT default): scale k and v outputs and the input of down_proj
        "ia3": layers * (hidden + hidden + intermediate),
        # prefix tuning without projection: a key and a value vector per layer per virtual token
        "prefix": virtual_tokens * layers * 2 * hidden,
        "prompt": virtual_tokens * hidden,
        # Llama has no biases; BitFit needs biases added to every linear layer first
        "bitfit": layers * (4 * hidden + 2 * intermediate + hidden),
        "full": llama_parameter_count(layers, hidden, intermediate, heads, vocab),
    }


PEFT_COLOURS = {"lora_qv": "#e69f00", "lora_all": "#e69f00", "ia3": "#009e73", "prefix": "#56b4e9",
                "prompt": "#56b4e9", "bitfit": "#cc79a7", "full": "#0072b2"}


def _peft_methods():
    total = llama_parameter_count(**LLAMA_7B_SHAPE)
    x = Scale(1e-3, 1e2, 600, 1400, log=True)
    top, row_h = 220, 78
    rows = []
    for i, (method, count) in enumerate(peft_trainable_parameters(**LLAMA_7B_SHAPE).items()):
        share = 100 * count / total
        end = x(share)
        rows.append({
            "method": method, "y": top + row_h * i + row_h / 2, "end": end, "width": end - 600,
            "fill": PEFT_COLOURS[method], "label": f"{percent(share)} ({number(count)})",
            "inside": end > 1100,  # the label goes inside the bar when the bar reaches the right edge
        })
    ticks = [{"x": x(10.0**k), "label": percent(10.0**k, 1), "first": k == -3} for k in range(-3, 3)]
    return {"total": number(total), "rows": rows, "ticks": ticks, "axis_y": top + row_h * 7}


# --- vit-lora-targets ------------------------------------------------------------------------------

def _vit_lora_targets():
    return {
        "token_ys": [146.5 + 31 * k for k in range(6)],  # the patch tokens, [CLS] first
        "qkv": [{"name": "q", "y": 612, "adapted": True}, {"name": "k", "y": 670, "adapted": False},
                {"name": "v", "y": 728, "adapted": True}],
        "mlp_xs": (1165, 1265, 1365),
    }


# --- serving-topology ------------------------------------------------------------------------------

def _serving_topology():
    pools = []
    for cy, colour, fill, dark, tone, marker, dash, queued in (
        (215, "#0072b2", "#dbebf4", "#00507d", "blue", "blue", "", 3),
        (464, "#009e73", "#dbf1eb", "#006f50", "green", "green", "16 10", 1),
        (713, "#cc79a7", "#f8ecf3", "#8f5575", "purple", "purple", "6 8", 1),
    ):
        pools.append({
            "cy": cy, "colour": colour, "fill": fill, "dark": dark, "tone": tone, "marker": marker, "dash": dash,
            "edge_width": 6 if cy == 215 else 4,
            "sy": round(464 + (cy - 464) * 0.6), "autoscaler_y": round(464 + (cy - 464) * 0.4),
            "queue": [{"x": 722 + 22 * q, "filled": q < queued} for q in range(4)],
        })
    return {"pools": pools, "replicas": (915, 1023, 1131)}


# --- adapter-routing -------------------------------------------------------------------------------

ROUTED_REQUESTS = (("#1", "A"), ("#2", "C"), ("#3", "base"), ("#4", "B"), ("#5", "A"), ("#6", "C"))
ADAPTER_COLOURS = {  # colour, tint, dark outline, text tone on the colour
    "A": ("#0072b2", "#c7e0ee", "#00507d", "white"),
    "B": ("#e69f00", "#faeac7", "#a16f00", ""),
    "C": ("#009e73", "#c7eae0", "#006f50", "white"),
    "base": ("#969696", "#e8e8e8", "#696969", "white"),
}


def _adapter_routing():
    requests = []
    for k, (request_id, adapter) in enumerate(ROUTED_REQUESTS):
        colour, fill, _dark, text = ADAPTER_COLOURS[adapter]
        requests.append({"id": request_id, "adapter": adapter, "y": 250 + 82 * k, "colour": colour, "fill": fill,
                         "text": text, "response": f"{request_id} · {adapter}"})
    adapters = [
        {"name": name, "x": 920 + 130 * k, "colour": ADAPTER_COLOURS[name][0], "dark": ADAPTER_COLOURS[name][2],
         "text": ADAPTER_COLOURS[name][3]}
        for k, name in enumerate(("A", "B", "C"))
    ]
    return {"requests": requests, "adapters": adapters}


# --- adapter-lifecycle -----------------------------------------------------------------------------

LIFECYCLE_COLOURS = (  # colour, tint, text tone on the colour
    ("#e69f00", "#faeac7", ""),
    ("#009e73", "#c7eae0", "white"),
    ("#cc79a7", "#f4e2ec", ""),
    ("#ccc238", "#fcf9d5", ""),
    ("#0072b2", "#c7e0ee", "white"),
    ("#969696", "#e8e8e8", ""),
)


def _adapter_lifecycle():
    """Six stages clockwise on an ellipse (from the top); arcs run between the boxes."""
    cx, cy, rx, ry, w, h = 800, 492, 560, 302, 340, 170
    angles = [-90 + 60 * k for k in range(6)]
    centres = [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in angles]

    def clear_of_boxes(x, y, pad=16):
        return all(abs(x - bx) >= w / 2 + pad or abs(y - by) >= h / 2 + pad for bx, by in centres)

    arcs = []
    for k, start in enumerate(angles):
        points = [(cx + rx * math.cos(math.radians(start + s / 2)), cy + ry * math.sin(math.radians(start + s / 2)))
                  for s in range(121)]
        points = [p for p in points if clear_of_boxes(*p)]
        arcs.append({"points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points), "dashed": k == 5, "mid": points[len(points) // 2]})
    nodes = [
        {"number": k + 1, "x": x, "y": y, "x0": x - w / 2, "y0": y - h / 2, "badge_x": x - w / 2 + 6,
         "badge_y": y - h / 2 + 6, "colour": colour, "fill": fill, "text": text}
        for k, ((x, y), (colour, fill, text)) in enumerate(zip(centres, LIFECYCLE_COLOURS))
    ]
    mid_x, mid_y = arcs[5]["mid"]
    return {"arcs": arcs, "nodes": nodes, "next_x": mid_x - 24, "next_y": mid_y - 22}


_CONTEXTS = {
    "lora-architecture": _lora_architecture,
    "adapter-lifecycle": _adapter_lifecycle,
    "adapter-routing": _adapter_routing,
    "serving-topology": _serving_topology,
    "vit-lora-targets": _vit_lora_targets,
    "evaluation-matrix": _evaluation_matrix,
    "qlora-memory": _qlora_memory,
    "peft-methods": _peft_methods,
}
