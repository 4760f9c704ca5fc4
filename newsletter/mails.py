"""The subscriber mails, in the subscriber's language, from per-language templates
(``templates/newsletter/mail/<name>.txt`` and ``.html``), queued in the outbox.

Mail that comes from the newsletter (everything but the confirmation request) carries
``List-Unsubscribe`` with the HTTPS one-click URL (plus a mailto where ``NEWSLETTER_UNSUBSCRIBE_MAILTO``
is set) and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058).
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .outbox import queue_message
from .tokens import confirm_token, manage_token

RELATIVE_LINK = re.compile(r'href="/(?!/)')


def absolute(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def links(subscriber):
    """The subscriber's own links, in their language."""
    token = manage_token(subscriber)
    return {
        "unsubscribe_url": absolute(reverse("newsletter_unsubscribe", args=[token])),
        "preferences_url": absolute(reverse("newsletter_preferences", args=[token])),
    }


def unsubscribe_headers(unsubscribe_url):
    targets = [f"<{unsubscribe_url}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def compose(subscriber, name, subject, context=None, list_mail=True):
    """Render ``name`` for ``subscriber`` and queue it in the outbox; returns the outbox row."""
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, "site_url": absolute("/"), **(context or {})}
        if list_mail:
            context.update(links(subscriber))
        message = EmailMultiAlternatives(
            str(subject), render_to_string(f"newsletter/mail/{name}.txt", context), to=[subscriber.email],
            headers=unsubscribe_headers(context["unsubscribe_url"]) if list_mail else None)
        message.attach_alternative(render_to_string(f"newsletter/mail/{name}.html", context), "text/html")
        return queue_message(message, language=subscriber.language)


def confirmation(subscriber):
    with translation.override(subscriber.language):
        url = absolute(reverse("newsletter_confirm", args=[confirm_token(subscriber)]))
        return compose(subscriber, "confirm", _("Confirm your subscription to LoRA Delivery"),
                       {"confirm_url": url, "days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400}, list_mail=False)


def already_subscribed(subscriber):
    with translation.override(subscriber.language):
        return compose(subscriber, "already_subscribed", _("You are already subscribed to LoRA Delivery"))


def welcome(subscriber):
    with translation.override(subscriber.language):
        return compose(subscriber, "welcome", _("Welcome to the LoRA Delivery newsletter"))


def page_url(page):
    _site_id, _root, path = page.get_url_parts()
    return absolute(path)


def alert(subscriber, page):
    with translation.override(subscriber.language):
        return compose(subscriber, "alert", _("New on LoRA Delivery: %(title)s") % {"title": page.title},
                       {"page": page, "page_url": page_url(page)})


def digest(subscriber, pages, day):
    with translation.override(subscriber.language):
        items = [{"page": page, "url": page_url(page)} for page in pages]
        return compose(subscriber, "digest", _("LoRA Delivery: what was published on %(day)s")
                       % {"day": formats.date_format(day, "DATE_FORMAT")}, {"items": items, "day": day})


def issue_blocks(issue):
    """The issue's body as the mail templates draw it, with every link absolute."""
    drawn = []
    for block in issue.body:
        if block.block_type == "heading":
            drawn.append({"type": "heading", "text": block.value})
        elif block.block_type == "paragraph":
            html = RELATIVE_LINK.sub(f'href="{settings.PUBLIC_BASE_URL.rstrip("/")}/', block.value.__html__())
            drawn.append({"type": "paragraph", "html": mark_safe(html), "text": strip_tags(html)})  # noqa: S308 — rich text Wagtail has cleaned
        elif block.block_type == "featured" and block.value["page"]:
            page = block.value["page"].specific
            drawn.append({"type": "featured", "title": page.title, "url": page_url(page),
                          "note": block.value["note"] or getattr(page, "intro", "") or ""})
    return drawn


def issue_context(issue, subscriber, blocks=None):
    """What the issue's mail template needs (``blocks`` drawn once for a whole fan-out); without a
    subscriber (the admin preview, a test send), links to the site instead of anyone's own."""
    context = {"issue": issue, "blocks": issue_blocks(issue) if blocks is None else blocks, "subscriber": subscriber,
               "site_url": absolute("/"), "language": issue.language}
    if subscriber is None:
        context.update(unsubscribe_url=absolute("/"), preferences_url=absolute("/"))
    return context


def issue(subscriber, newsletter_issue, blocks=None):
    with translation.override(subscriber.language):
        return compose(subscriber, "issue", newsletter_issue.subject,
                       issue_context(newsletter_issue, subscriber, blocks))


def test_issue(newsletter_issue, address):
    """A copy of the issue to an editor's own address: not a delivery, marked as a test."""
    with translation.override(newsletter_issue.language):
        context = issue_context(newsletter_issue, None)
        message = EmailMultiAlternatives(
            _("[Test] %(subject)s") % {"subject": newsletter_issue.subject},
            render_to_string("newsletter/mail/issue.txt", context), to=[address])
        message.attach_alternative(render_to_string("newsletter/mail/issue.html", context), "text/html")
        return queue_message(message)
