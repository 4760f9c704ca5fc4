"""References to measured figures in prose, so no sentence states a measured number by hand.

A paragraph may hold ``{{run 12 accuracy.mean rank=16}}``: a *source* (``run``), then what it
understands (here: run 12, the accuracy of its row with rank 16). When the page is shown, the source
renders the value it recorded, in the reader's language and linked to where it was measured; until
then it says so. Sources are registered by the apps that measure things, with the
``register_figure_reference_source`` hook returning ``{name: source}``; articles import none of them.
A source has ``check(arguments)`` (raises :class:`FigureReferenceError` with a message for the
editor) and ``render(list_of_arguments)`` (one HTML string per reference, in one go so a page with
many references asks the database once).
"""

import re
from collections import defaultdict

from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail import hooks

REFERENCE = re.compile(r"\{\{\s*(?P<source>[a-z][a-z0-9_-]*)\s+(?P<arguments>[^{}]*?)\s*\}\}")


class FigureReferenceError(ValueError):
    """A reference that cannot be shown; the message says why, for the editor."""


def sources():
    found = {}
    for hook in hooks.get_hooks("register_figure_reference_source"):
        found.update(hook())
    return found


def problems(text):
    """What is wrong with the references in ``text`` (a list of messages; empty when all are fine)."""
    registered = sources()
    messages = []
    for match in REFERENCE.finditer(text):
        source = registered.get(match["source"])
        if source is None:
            messages.append(_("“%(reference)s”: unknown figure source “%(source)s”.")
                            % {"reference": match[0], "source": match["source"]})
            continue
        try:
            source.check(match["arguments"])
        except FigureReferenceError as error:
            messages.append(f"“{match[0]}”: {error}")
    return messages


def expand(html):
    """``html`` with every reference replaced by what its source renders (unknown ones stay as written)."""
    matches = list(REFERENCE.finditer(html))
    if not matches:
        return html
    registered = sources()
    wanted = defaultdict(list)
    for match in matches:
        if match["arguments"] not in wanted[match["source"]]:
            wanted[match["source"]].append(match["arguments"])
    rendered = {}
    for name, arguments in wanted.items():
        source = registered.get(name)
        outputs = source.render(arguments) if source else [None] * len(arguments)
        for argument, output in zip(arguments, outputs, strict=True):
            rendered[(name, argument)] = output
    return REFERENCE.sub(
        lambda match: rendered[(match["source"], match["arguments"])] or escape(match[0]), html)


def without_references(text):
    """``text`` with the references left out: what search and length checks should read."""
    return REFERENCE.sub("", text)
