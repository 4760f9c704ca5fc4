from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import BannedClaim


class BannedClaimViewSet(SnippetViewSet):
    model = BannedClaim
    icon = "warning"
    menu_label = "Banned claims"
    list_display = ["phrase", "reason", "active"]
    add_to_admin_menu = True
    menu_order = 230


register_snippet(BannedClaimViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("governance/report/", views.governance_report, name="governance_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Governance"), reverse("governance_report"), icon_name="tasks", order=50)
