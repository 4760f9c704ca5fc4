from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail.models import PageLogEntry

from . import views
from .forms import is_direct_publish
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


OVERRIDE_ACTION = "governance.override"


@hooks.register("register_log_actions")
def register_override_log_action(actions):
    actions.register_action(OVERRIDE_ACTION, _("Publish outside the workflow"), _("Published outside the workflow"))


@hooks.register("after_publish_page")
def log_workflow_override(request, page):
    """A superuser's direct publication is an override: record who, when and why."""
    reason = request.POST.get("override_reason", "").strip()
    if is_direct_publish(request.POST) and reason:
        PageLogEntry.objects.log_action(page, OVERRIDE_ACTION, user=request.user, data={"reason": reason})
