"""Registers the newsletter's admin parts with Wagtail; the parts live in their own modules."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from . import admin_views
from .models import NewsletterIssue
from .viewsets import NewsletterViewSetGroup

hooks.register("register_admin_viewset", NewsletterViewSetGroup)


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [
        path("newsletter/issues/<str:pk>/test-send/", admin_views.test_send, name="newsletter_test_send"),
        path("newsletter/outbox/undecided/", admin_views.outbox_undecided, name="newsletter_outbox_undecided"),
        path("newsletter/outbox/<int:pk>/decide/", admin_views.outbox_decide, name="newsletter_outbox_decide"),
    ]


class UndecidedMailMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.change_outboundemail")


@hooks.register("register_reports_menu_item")
def register_undecided_mail_menu_item():
    return UndecidedMailMenuItem(_("Mail to decide"), reverse("newsletter_outbox_undecided"), icon_name="mail",
                                 order=53)


@hooks.register("register_snippet_listing_buttons")
def issue_test_send_button(snippet, user, next_url=None):
    if isinstance(snippet, NewsletterIssue) and user.has_perm("newsletter.change_newsletterissue"):
        yield ListingButton(_("Send a test to me"), reverse("newsletter_test_send", args=[snippet.pk]), icon_name="mail",
                            priority=30)
