"""Registers governance's admin parts with Wagtail; the parts themselves live in their own modules."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import views
from .bulk_actions import GovernedPublishBulkAction
from .models import AdPlacement
from .monetization import SUSPEND_ACTION
from .override import OVERRIDE_ACTION, log_direct_publication
from .revision_guard import save_edits_of_reviewed_revisions_as_new
from .translation import TranslatePageView, add_translation_panel
from .viewsets import (
    AdPlacementPermissionPolicy,
    AdPlacementViewSet,
    BannedClaimViewSet,
    hide_direct_placement_publishing,
)

# The policy first: registering the viewset would otherwise create a default one.
register_permission_policy(AdPlacement, AdPlacementPermissionPolicy(AdPlacement))
register_snippet(BannedClaimViewSet)
register_snippet(AdPlacementViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path("governance/report/", views.GovernanceReportView.as_view(), name="governance_report"),
        path("governance/report/results/", views.GovernanceReportView.as_view(results_only=True),
             name="governance_report_results"),
        path("governance/media-checklist/", views.MediaChecklistView.as_view(), name="governance_media_checklist"),
        # Ahead of wagtail.contrib.simple_translation's view at the same address (this app loads first).
        path("translation/submit/page/<int:page_id>/", TranslatePageView.as_view(), name="governance_translate_page"),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return views.ReportMenuItem(_("Governance"), reverse("governance_report"), icon_name="tasks", order=50)


@hooks.register("register_reports_menu_item")
def register_media_checklist_menu_item():
    return views.MediaChecklistMenuItem(_("Media checklist"), reverse("governance_media_checklist"), icon_name="image",
                                        order=51)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(OVERRIDE_ACTION, _("Publish outside the workflow"), _("Published outside the workflow"))
    actions.register_action(SUSPEND_ACTION, _("Suspend ad placement"), _("Ad placement suspended"))


hooks.register("after_publish_page", log_direct_publication)
hooks.register("construct_snippet_action_menu", hide_direct_placement_publishing)
# Replaces Wagtail's bulk "Publish" (same action type; the registry keeps the last one registered,
# and Wagtail's own registers with the default order 0).
hooks.register("register_bulk_action", GovernedPublishBulkAction, order=100)
hooks.register("before_edit_page", save_edits_of_reviewed_revisions_as_new)
hooks.register("construct_homepage_panels", add_translation_panel)
