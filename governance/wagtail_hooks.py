from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import views
from .bulk_actions import GovernedPublishBulkAction
from .forms import OVERRIDE_ACTION, is_direct_publish, log_override
from .models import AdPlacement, BannedClaim
from .monetization import SUSPEND_ACTION, with_state
from .revision_guard import is_review_record, save_edits_of_reviewed_revisions_as_new
from .translation import OriginalsToTranslatePanel, TranslatePageView


class BannedClaimViewSet(SnippetViewSet):
    model = BannedClaim
    icon = "warning"
    menu_label = "Banned claims"
    list_display = ["phrase", "reason", "active"]
    add_to_admin_menu = True
    menu_order = 230


register_snippet(BannedClaimViewSet)


class AdPlacementPermissionPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, publishes a placement directly: it goes live only when its
    workflow (ad-policy checks, then a Monetization manager) finishes."""

    def user_has_permission(self, user, action):
        return action not in ("publish", "unpublish") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(AdPlacement, AdPlacementPermissionPolicy(AdPlacement))


class AdPlacementCreateView(CreateView):
    """"Request ads on this page" in the page editor links here with ``?page=<id>``."""

    def get_initial_form_instance(self):
        page_id = self.request.GET.get("page", "")
        if page_id.isdigit() and Page.objects.filter(pk=page_id).exists():
            return AdPlacement(page_id=int(page_id))
        return super().get_initial_form_instance()


class AdPlacementEditView(EditView):
    """Approving or rejecting from the editor saves no revision when nothing was changed, as
    Wagtail's page editor does. Wagtail's snippet editor saves one regardless: the approver would
    then count as the last editor (segregation of duties refuses them), and with re-approval on
    edit the workflow would restart instead of finishing."""

    def save_instance(self):
        if self.action == "workflow-action" and not self.form.has_changed():
            self.new_revision = None
            return self.object
        return super().save_instance()

    @cached_property
    def overwrite_revision(self):
        """A revision a review step has seen is a record: an edit of it becomes a new revision."""
        revision = super().overwrite_revision
        return revision if revision is None or not is_review_record(self.object, revision.pk) else None


class AdPlacementViewSet(SnippetViewSet):
    model = AdPlacement
    add_view_class = AdPlacementCreateView
    edit_view_class = AdPlacementEditView
    icon = "pick"
    menu_label = _("Ad placements")
    add_to_admin_menu = True
    menu_order = 240
    list_display = [
        "__str__",
        Column("state_label", label=_("State")),
        Column("approved_at", label=_("Approved")),
        Column("suspension_reason", label=_("Suspended because")),
    ]
    list_filter = ["live", "in_article", "sidebar", "end_of_article"]
    search_fields = []

    def get_queryset(self, request):
        return with_state(AdPlacement.objects.select_related("latest_revision"))


register_snippet(AdPlacementViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path("governance/report/", views.governance_report, name="governance_report"),
        # Ahead of wagtail.contrib.simple_translation's view at the same address (this app loads first).
        path("translation/submit/page/<int:page_id>/", TranslatePageView.as_view(), name="governance_translate_page"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Governance"), reverse("governance_report"), icon_name="tasks", order=50)


@hooks.register("register_log_actions")
def register_override_log_action(actions):
    actions.register_action(OVERRIDE_ACTION, _("Publish outside the workflow"), _("Published outside the workflow"))
    actions.register_action(SUSPEND_ACTION, _("Suspend ad placement"), _("Ad placement suspended"))


@hooks.register("after_publish_page")
def log_workflow_override(request, page):
    """A superuser's direct publication is an override: record who, when and why."""
    reason = request.POST.get("override_reason", "").strip()
    if is_direct_publish(request.POST) and reason:
        log_override(page, request.user, reason)


@hooks.register("construct_snippet_action_menu")
def hide_direct_placement_publishing(menu_items, request, context):
    """The policy above refuses the action; this keeps superusers from being offered it."""
    if context["model"] is AdPlacement:
        menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]


# Replaces Wagtail's bulk "Publish" (same action type; the registry keeps the last one registered,
# and Wagtail's own registers with the default order 0).
hooks.register("register_bulk_action", GovernedPublishBulkAction, order=100)
hooks.register("before_edit_page", save_edits_of_reviewed_revisions_as_new)


@hooks.register("construct_homepage_panels")
def add_translation_panel(request, panels):
    panels.append(OriginalsToTranslatePanel())
