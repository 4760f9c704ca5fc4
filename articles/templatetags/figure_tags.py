"""Tags for the demo figures (``templates/articles/figures/*.svg``).

The figures keep their text as SVG ``<text>`` so that the reader's browser shapes, wraps and
orders it (Arabic included); the project never measures or lays out glyphs. A label's line breaks
are the translator's: a newline in the catalogue entry starts a new line.

Coordinates are written for a left-to-right layout. In Arabic, figures that read as a flow (the
context's ``flip`` is true) are mirrored: shapes by a transform on their group, labels here by
mirroring ``x`` and their anchor, since mirrored glyphs would be unreadable.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

LINE_HEIGHT = {"ja": 1.35, "zh-hans": 1.35, "ar": 1.5}
_ANCHORS = {("left", "ltr"): "start", ("right", "ltr"): "end", ("left", "rtl"): "end", ("right", "rtl"): "start"}


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


@register.simple_tag(takes_context=True)
def label(context, x, y, text, size=28, bold=False, align="middle", valign="middle", tone="", width=None, ltr=False,
          flip=None):
    """A ``<text>`` label at (x, y) in figure coordinates.

    align: middle, start or end (the reading direction's), or left or right (sides of the
    left-to-right design, swapped with it when the figure is mirrored). valign: middle, top or
    bottom of the block of lines. width: the room the label has; the browser test fails a label
    wider than that. ltr: a formula or code that reads left to right in every language.
    """
    rtl = context.get("rtl", False)
    mirrored = rtl and (context.get("flip", False) if flip is None else flip)
    if mirrored:
        x = context.get("width", 1600) - x
    if align == "middle":
        side = "middle"
    elif align in ("start", "end"):
        side = "left" if (align == "start") != rtl else "right"
    else:
        side = align if not mirrored else {"left": "right", "right": "left"}[align]
    direction = "ltr" if ltr or not rtl else "rtl"
    anchor = "middle" if side == "middle" else _ANCHORS[(side, direction)]

    lines = str(text).split("\n")
    step = size * LINE_HEIGHT.get(context.get("lang"), 1.25)
    first = {"middle": y - step * (len(lines) - 1) / 2, "top": y + step / 2, "bottom": y - step * (len(lines) - 0.5)}
    top = first[valign]
    classes = " ".join(part for part in (tone, "bold" if bold else "") if part)
    attributes = format_html(
        ' x="{}" y="{}" font-size="{}" text-anchor="{}"', _number(x), _number(top), _number(size), anchor
    )
    if classes:
        attributes += format_html(' class="{}"', classes)
    if ltr and rtl:
        attributes += mark_safe(' direction="ltr" unicode-bidi="embed"')
    if width is not None:
        attributes += format_html(' data-max-width="{}"', _number(width))
    if len(lines) == 1:
        return format_html("<text{}>{}</text>", attributes, lines[0])
    spans = format_html_join(
        "", '<tspan x="{}" y="{}">{}</tspan>', ((_number(x), _number(top + i * step), line) for i, line in enumerate(lines))
    )
    return format_html("<text{}>{}</text>", attributes, spans)


@register.simple_tag(takes_context=True)
def mx(context, x):
    """An x coordinate, mirrored in right-to-left figures that flip (for shapes placed outside the mirrored group)."""
    if context.get("rtl") and context.get("flip"):
        return _number(context.get("width", 1600) - x)
    return _number(x)
