"""The content interface: everything governance reads from a page, and nothing more.

Governance never imports the page models (``articles``); the page types implement this interface
instead, and the check registry, the ad-policy checks and the report read pages only through the
functions below. A page type that leaves a method out gets the default here (a structure page with
no body: its title and meta description, no prose, no links, no images).

Methods a page may define:

``get_plain_text()``
    Everything a reader reads on the page as plain text (what search indexes and the banned-claims
    check scans).
``prose_length()``
    Length of the prose in word units, Chinese and Japanese counted by characters (code left out).
``outbound_links()``
    Every link the page's content points to, as written.
``primary_sources()``
    The URLs of the primary sources the page cites (papers, release notes, announcements).
``images_used()``
    Every image the page shows, each as used there: ``contextual_alt_text`` and ``decorative``
    set to that use's own override, if any. The images themselves provide the media interface the
    media checklist reads (``governance/media_checks.py``).

Class-level flags:

``monetizable``
    Whether ads may ever appear on this page type (False for experiment, demo and playground pages).
``long_form``
    An article: held to the minimum prose length.
``cites_sources``
    A news item: must cite a primary source.
"""


def plain_text(page):
    if hasattr(page, "get_plain_text"):
        return page.get_plain_text()
    return " ".join(filter(None, [page.title, getattr(page, "search_description", "")]))


def prose_length(page):
    return page.prose_length() if hasattr(page, "prose_length") else 0


def outbound_links(page):
    return list(page.outbound_links()) if hasattr(page, "outbound_links") else []


def primary_sources(page):
    return list(page.primary_sources()) if hasattr(page, "primary_sources") else []


def images_used(page):
    return list(page.images_used()) if hasattr(page, "images_used") else []


def is_monetizable(page):
    return getattr(page, "monetizable", True)


def is_long_form(page):
    return getattr(page, "long_form", False)


def cites_sources(page):
    return getattr(page, "cites_sources", False)

