"""Charts of the adapter lab's results, drawn as SVG from templates like the articles' figures.

``render_run_chart(run, language)`` renders ``templates/adapters_app/charts/<kind>.svg`` from a
:class:`~adapters_app.models.DemoRun`'s ``metrics["rows"]`` under ``translation.override(language)``.
Text stays ``<text>`` (strings from the catalogues, numbers in the language's format) so the reader's
browser lays out every language; the axes run left to right in Arabic too, as the articles' charts do.
The SVG is inlined in pages that may show several runs, so its ids and its stylesheet carry the run's id.
"""

import math

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from adapters_app.lab import memory
from articles.demo import figures
from articles.demo.figures import Scale, linear_ticks, nice_step

TEMPLATE_DIR = "adapters_app/charts"
WIDTH = 960

TITLES = {
    "rank-sweep": _("Held-out accuracy by LoRA rank"),
    "techniques": _("Held-out accuracy by technique"),
    "vision": _("Held-out accuracy by injection point"),
    "memory": _("Fine-tuning memory by model and base format"),
}
POINT_NAMES = {
    "attention-qv": _("Attention: query, value"),
    "all-linear": _("All linear layers"),
    "mlp": _("MLP only"),
}
# The memory planner's formats as the articles' QLoRA figure names them (DQ: double quantization).
FORMAT_NAMES = {"bf16-lora": "bf16", "int8-lora": "int8", "qlora-nf4": "NF4", "qlora-nf4-dq": "NF4 + DQ"}
TERM_NAMES = {
    "base_weights": _("Base weights"),
    "adapter": _("Adapter"),
    "gradients": _("Gradients"),
    "optimizer_states": _("Optimizer states"),
    "activations": _("Activations"),
}
TERM_COLOURS = {"base_weights": "#0072b2", "adapter": "#e69f00", "gradients": "#cc79a7",
                "optimizer_states": "#009e73", "activations": "#56b4e9"}
GPU_48GB = 48
# Reference lines on the memory chart: GB, label, and the side of the line the label goes.
GPU_LINES = ((GPU_48GB, _("a single 48 GB GPU"), "right"), (80, _("a single 80 GB GPU"), "left"))
# The rank sweep's line by scaling: colour and legend, as in the articles' rank-sweep figure.
SERIES = {"rslora": {"colour": "#0072b2", "name": "rsLoRA alpha/√r"},
          "lora": {"colour": "#d55e00", "name": "LoRA alpha/r"}}


def render_run_chart(run, language):
    """The run's chart as SVG markup (a safe string), or None for a kind without a chart or a run without rows."""
    rows = _rows(run)
    if not rows:
        return None
    draw, summarise = CHARTS[run.kind]
    with translation.override(language):
        chart_id = f"run-{run.pk}-chart" if run.pk else f"{run.kind}-chart"
        context = {
            "kind": run.kind, "lang": language, "rtl": translation.get_language_bidi(), "flip": False,
            "width": WIDTH, "chart_id": chart_id, "title": str(TITLES[run.kind]), "summary": summarise(run, rows),
            **draw(run, rows),
        }
        return render_to_string(f"{TEMPLATE_DIR}/{run.kind}.svg", context)


def chart_summary(run, language):
    """The chart's one-sentence summary (its ``<desc>``), or "" where ``render_run_chart`` draws nothing."""
    rows = _rows(run)
    if not rows:
        return ""
    with translation.override(language):
        return CHARTS[run.kind][1](run, rows)


def _rows(run):
    return (run.metrics or {}).get("rows") if run.kind in CHARTS else None


# --- Numbers ---------------------------------------------------------------------------------------

def _shown(fraction):
    """A fraction as the percentage the chart shows: one decimal."""
    return round(100 * fraction, 1)


def _percent(fraction):
    """18%, 76.7%: whole percentages without a decimal; the sign placed as the articles' figures place it."""
    value = _shown(fraction)
    return gettext("%(number)s%%") % {"number": figures.number(value, 0 if value.is_integer() else 1)}


def _accuracy(row):
    return row["accuracy"]["mean"]


def _parameters(count):
    return ngettext("%(count)s trainable parameter", "%(count)s trainable parameters", count) % {
        "count": figures.number(count)}


def _percent_ticks(scale):
    """0 to 100 % in round steps, placed by ``scale`` (a fraction to pixels)."""
    return [{"at": round(scale(value / 100), 1), "label": _percent(value / 100), "zero": value == 0}
            for value in linear_ticks(100, nice_step(100))]


def _setup(run):
    """The run's settings shown under the title, numbers formatted."""
    parameters = run.parameters
    return {"skill": parameters.get("skill", ""), "steps": figures.number(parameters.get("steps", 0)),
            "seeds": len(parameters.get("seeds", ())), "rank": figures.number(parameters.get("rank", 0))}


# --- rank-sweep ------------------------------------------------------------------------------------

def _rank_sweep(run, rows):
    x0, x1, y0, y1 = 200, 930, 150, 420
    ranks = sorted(run.parameters["ranks"])
    # log2 and log10 axes place ranks alike; one rank sits in the middle of an octave each side
    lo, hi = (ranks[0], ranks[-1]) if len(ranks) > 1 else (ranks[0] / 2, ranks[0] * 2)
    x = Scale(lo, hi, x0 + 40, x1 - 40, log=True)
    y = Scale(0, 1, y1, y0)
    spacing = min((x(b) - x(a) for a, b in zip(ranks, ranks[1:])), default=x1 - x0)
    points = []
    for row in sorted(rows, key=lambda row: row["rank"]):
        mean, std = _accuracy(row), row["accuracy"]["std"]
        high = round(y(min(1.0, mean + std)), 1)
        points.append({"x": round(x(row["rank"]), 1), "y": round(y(mean), 1), "low": round(y(max(0.0, mean - std)), 1),
                       "high": high, "label_y": high - 16, "label": _percent(mean),
                       "parameters": figures.number(row["trainable_parameters"])})
    return {
        "height": 540, "x0": x0, "x1": x1, "y1": y1, "axis_x": (x0 + x1) // 2, "room": round(spacing - 6),
        "setup": _setup(run), "yticks": _percent_ticks(y),
        "xticks": [{"at": round(x(rank), 1), "label": figures.number(rank)} for rank in ranks],
        "points": points, "path": " ".join(f"{point['x']},{point['y']}" for point in points),
        "series": SERIES[run.parameters["scaling"]],
    }


def _rank_sweep_summary(run, rows):
    ordered = sorted(rows, key=lambda row: row["rank"])
    first, last = ordered[0], ordered[-1]
    best = max(ordered, key=_accuracy)
    values = {"first": _percent(_accuracy(first)), "first_rank": figures.number(first["rank"]),
              "last": _percent(_accuracy(last)), "last_rank": figures.number(last["rank"]),
              "best": _percent(_accuracy(best)), "best_rank": figures.number(best["rank"])}
    start, end, peak = (_shown(_accuracy(row)) for row in (first, last, best))
    if len(ordered) == 1:
        message = gettext("Accuracy is %(first)s at rank %(first_rank)s.")
    elif peak > max(start, end):
        message = gettext("Accuracy is %(first)s at rank %(first_rank)s, peaks at %(best)s at rank %(best_rank)s "
                          "and ends at %(last)s at rank %(last_rank)s.")
    elif end > start:
        message = gettext("Accuracy rises from %(first)s at rank %(first_rank)s to %(last)s at rank %(last_rank)s.")
    elif end < start:
        message = gettext("Accuracy falls from %(first)s at rank %(first_rank)s to %(last)s at rank %(last_rank)s.")
    else:
        message = gettext("Accuracy stays at %(first)s from rank %(first_rank)s to rank %(last_rank)s.")
    return message % values


# --- techniques and vision: horizontal bars of accuracy ----------------------------------------------

def _bar_names(run, rows):
    """Techniques by their label; injection points by a short name (their labels are too long for a chart)."""
    if run.kind == "vision":
        return [str(POINT_NAMES.get(row["point"], row["point"])) for row in rows]
    return [row["label"] for row in rows]


def _accuracy_bars(run, rows):
    """One bar per configuration: mean accuracy, ± one standard deviation, trainable parameters at its end."""
    x0, x1, top, row_h, bar_h = 250, 700, 120, 46, 26
    x = Scale(0, 1, x0, x1)
    bars = []
    for i, (name, row) in enumerate(zip(_bar_names(run, rows), rows)):
        mean, std = _accuracy(row), row["accuracy"]["std"]
        high = round(x(min(1.0, mean + std)), 1)
        label_x = round(max(high, x(mean)) + 10, 1)
        bars.append({"name": name, "y": top + row_h * i + row_h // 2, "top": top + row_h * i + (row_h - bar_h) // 2,
                     "width": round(x(mean) - x0, 1), "low": round(x(max(0.0, mean - std)), 1), "high": high,
                     "spread": std > 0, "label_x": label_x, "room": round(WIDTH - 16 - label_x),
                     "accuracy": _percent(mean), "parameters": _parameters(row["trainable_parameters"])})
    bottom = top + row_h * len(rows)
    return {"height": bottom + 90, "x0": x0, "top": top, "bottom": bottom, "bar_h": bar_h,
            "axis_x": (x0 + x1) // 2, "ticks": _percent_ticks(x), "bars": bars, "setup": _setup(run)}


def _accuracy_bars_summary(run, rows):
    named = list(zip(_bar_names(run, rows), rows))
    (best, best_row), (worst, worst_row) = (max(named, key=lambda item: _accuracy(item[1])),
                                            min(named, key=lambda item: _accuracy(item[1])))
    if _shown(_accuracy(best_row)) == _shown(_accuracy(worst_row)):
        return ngettext("%(count)s configuration reaches %(accuracy)s.",
                        "All %(count)s configurations reach %(accuracy)s.", len(rows)) % {
            "count": figures.number(len(rows)), "accuracy": _percent(_accuracy(best_row))}
    return gettext("Most accurate: %(best)s (%(best_accuracy)s, %(parameters)s); least accurate: %(worst)s "
                   "(%(worst_accuracy)s).") % {
        "best": best, "best_accuracy": _percent(_accuracy(best_row)),
        "parameters": _parameters(best_row["trainable_parameters"]),
        "worst": worst, "worst_accuracy": _percent(_accuracy(worst_row))}


# --- memory ----------------------------------------------------------------------------------------

def _total(row):
    return sum(row["gigabytes"][term] for term in memory.TERMS)


def _model_name(key):
    model = memory.MODELS.get(key)
    return model.name if model else key


def _configuration(row):
    return f"{_model_name(row['model'])}, {FORMAT_NAMES.get(row['format'], row['format'])}"


def _memory(run, rows):
    x0, x1, top, row_h, bar_h, gap = 250, 860, 150, 21, 14, 10
    largest = max(max(map(_total, rows)), *(gigabytes for gigabytes, _name, _side in GPU_LINES))
    step = nice_step(largest)
    x = Scale(0, step * math.ceil(largest / step), x0, x1)
    bars, groups, y = [], [], top
    for row in rows:
        if not groups or groups[-1]["model"] != row["model"]:
            y += gap if groups else 0
            groups.append({"model": row["model"], "name": _model_name(row["model"]), "first": y})
        segments, start = [], 0.0
        for term in memory.TERMS:
            end = start + row["gigabytes"][term]
            segments.append({"x": round(x(start), 1), "width": round(x(end) - x(start), 1),
                             "colour": TERM_COLOURS[term]})
            start = end
        bars.append({"y": y + row_h / 2, "top": y + (row_h - bar_h) / 2, "segments": segments,
                     "format": FORMAT_NAMES.get(row["format"], row["format"]),
                     "total": figures.number(start, 1), "total_x": round(x(start) + 6, 1)})
        groups[-1]["y"] = (groups[-1]["first"] + y + row_h) / 2
        y += row_h
    gpus = []
    for gigabytes, name, side in GPU_LINES:
        label_x = x(gigabytes) + (-6 if side == "right" else 6)
        gpus.append({"gb": gigabytes, "at": round(x(gigabytes), 1), "label": name, "align": side,
                     "label_x": round(label_x, 1),
                     "room": round(label_x - 24 if side == "right" else WIDTH - 24 - label_x)})
    return {
        "height": y + 80, "x0": x0, "top": top, "bottom": y, "bar_h": bar_h, "axis_x": (x0 + x1) // 2,
        "setup": {**_setup(run), "sequence": figures.number(run.parameters.get("sequence_length", 0)),
                  "batch": figures.number(run.parameters.get("batch_size", 0))},
        "legend": [{"x": 24 + 185 * k, "colour": TERM_COLOURS[term], "name": TERM_NAMES[term]}
                   for k, term in enumerate(memory.TERMS)],
        "ticks": [{"at": round(x(value), 1), "label": figures.number(value), "zero": value == 0}
                  for value in linear_ticks(x.hi, step)],
        "groups": groups, "bars": bars, "gpus": gpus,
    }


def _memory_summary(run, rows):
    smallest, largest = min(rows, key=_total), max(rows, key=_total)
    fit = sum(_total(row) <= GPU_48GB for row in rows)
    return ngettext(
        "Totals range from %(low)s GB (%(smallest)s) to %(high)s GB (%(largest)s); %(fit)s of %(count)s "
        "configurations fits a single 48 GB GPU.",
        "Totals range from %(low)s GB (%(smallest)s) to %(high)s GB (%(largest)s); %(fit)s of %(count)s "
        "configurations fit a single 48 GB GPU.", fit) % {
        "low": figures.number(_total(smallest), 1), "smallest": _configuration(smallest),
        "high": figures.number(_total(largest), 1), "largest": _configuration(largest),
        "fit": figures.number(fit), "count": figures.number(len(rows))}


CHARTS = {  # kind: (the template's context, the one-sentence summary)
    "rank-sweep": (_rank_sweep, _rank_sweep_summary),
    "techniques": (_accuracy_bars, _accuracy_bars_summary),
    "vision": (_accuracy_bars, _accuracy_bars_summary),
    "memory": (_memory, _memory_summary),
}
