"""Demo runs as a source of figures quoted in prose: ``{{run 12 accuracy rank=16}}`` (see
``articles.figure_references``).

After the run's number comes the figure: a dotted path into the run's results, with ``key=value``
choosing one row of its table (``rank=16``, ``technique=dora``, ``model=65b format=qlora-nf4-dq``),
or ``parameters.steps`` and the like for what the run was asked to do (a row's own ``parameters`` when a
row is chosen). A mean-and-spread figure reads as
its mean (``accuracy``), or ``accuracy.std`` for the spread; a list reads as its length (``parameters.seeds``
is the number of seeds); ``trainable_share`` is trainable over total parameters. The value is shown in
the reader's language with its unit, linked to the run's page; until the run has succeeded the reference
says the figure is being measured.
"""

import logging
import math

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.demo.figures import number, significant_decimals
from articles.demo.figures import percent as share
from articles.figure_references import FigureReferenceError
from lorasite.jobs import JobState

from .models import DemoRun
from .templatetags.lab_tags import percent

logger = logging.getLogger(__name__)
MISSING = object()


def parse(arguments):
    """``"12 accuracy rank=16"`` → (12, ["accuracy"], {"rank": "16"})."""
    words = arguments.split()
    if len(words) < 2 or not words[0].isdigit():
        raise FigureReferenceError(_("write the run's number and then the figure, e.g. {{run 12 accuracy rank=16}}."))
    path, selectors = [], {}
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if equals:
            if not key or not value:
                raise FigureReferenceError(_("“%(word)s” should read key=value.") % {"word": word})
            selectors[key] = value
        elif path:
            raise FigureReferenceError(_("one figure per reference; choose a row with key=value."))
        else:
            path = word.split(".")
    if not path or not all(path):
        raise FigureReferenceError(_("name the figure to show, e.g. accuracy or parameters.steps."))
    return int(words[0]), path, selectors


def lookup(run, path, selectors):
    """The recorded value the path names, or MISSING."""
    if selectors:
        rows = [row for row in run.metrics.get("rows", [])
                if all(str(row.get(key)) == wanted for key, wanted in selectors.items())]
        if len(rows) != 1:
            return MISSING
        value = rows[0]
    elif path[0] == "parameters":
        value, path = run.parameters, path[1:]
    else:
        value = run.metrics
    if path == ["trainable_share"]:
        try:
            return value["trainable_parameters"] / value["total_parameters"]
        except (KeyError, TypeError, ZeroDivisionError):
            return MISSING
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    if isinstance(value, dict) and "mean" in value:
        value = value["mean"]
    return value


def compact(value):
    """A number to three significant digits without trailing zeros, in the reader's format: 0.002, 0.0015."""
    decimals = min(8, significant_decimals(value))
    text = number(value, decimals)
    return text.rstrip("0").rstrip(".,") if decimals else text


def formatted(path, value):
    """The value as a reader should read it, by what the path says it measures."""
    name = ".".join(path)
    if isinstance(value, bool):
        return pgettext("measured figure", "yes") if value else pgettext("measured figure", "no")
    if isinstance(value, list):
        return number(len(value))
    if not isinstance(value, int | float):
        return str(value)
    if name == "trainable_share":
        return share(value * 100) if value else percent(0)
    if "accuracy" in name:
        return percent(value)
    if name.endswith("bytes"):
        return filesizeformat(value)
    if name.startswith("gigabytes"):
        return pgettext("measured figure", "%(number)s GB") % {"number": number(value, 1)}
    if "ms" in path[-1].split("_") or "latency_ms" in path:
        return pgettext("measured figure", "%(number)s ms") % {"number": number(value, 1)}
    if "seconds" in name:
        return pgettext("measured figure", "%(number)s s") % {"number": number(value, 1)}
    if isinstance(value, int):
        return number(value)
    return compact(value)


class RunFigures:
    """The ``run`` figure source for ``articles.figure_references``."""

    def check(self, arguments):
        pk, path, selectors = parse(arguments)
        run = DemoRun.objects.filter(pk=pk).first()
        if run is None:
            raise FigureReferenceError(_("there is no demo run %(pk)d.") % {"pk": pk})
        if run.state == JobState.SUCCEEDED and lookup(run, path, selectors) is MISSING:
            raise FigureReferenceError(_("run %(pk)d recorded no such figure.") % {"pk": pk})

    def render(self, arguments_list):
        parsed = []
        for arguments in arguments_list:
            try:
                parsed.append(parse(arguments))
            except FigureReferenceError:
                parsed.append(None)
        runs = DemoRun.objects.in_bulk({item[0] for item in parsed if item})
        return [self.render_one(runs.get(item[0]), *item) if item else None for item in parsed]

    def render_one(self, run, pk, path, selectors):
        if run is None:
            return None
        if run.state != JobState.SUCCEEDED:
            return format_html('<span class="figure-ref figure-ref--pending">{}</span>',
                               pgettext("measured figure", "(being measured)"))
        value = lookup(run, path, selectors)
        if value is MISSING:
            logger.warning("Demo run %s recorded no figure %s %s", pk, ".".join(path), selectors)
            return format_html('<span class="figure-ref figure-ref--missing">–</span>')
        described = " ".join([".".join(path), *(f"{key}={value}" for key, value in selectors.items())])
        return format_html('<a class="figure-ref" href="{}" title="{}">{}</a>', reverse("demo_run", args=[run.pk]),
                           f"{run} · {described}", formatted(path, value))
