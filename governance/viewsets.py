"""The admin's snippet viewsets for banned claims and ad placements (``wagtail_hooks`` registers them)."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import AdPlacement, BannedClaim
from .models.monetization import SLOTS
from .monetization import with_state
from .revision_guard import is_review_record


class BannedClaimViewSet(SnippetViewSet):
    model = BannedClaim
    icon = "warning"
    menu_label = _("Banned claims")
    list_display = ["phrase", "reason", "active"]
    add_to_admin_menu = True
    menu_order = 230


class AdPlacementPermissionPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, publishes a placement directly: it goes live only when its
    workflow (ad-policy checks, then a Monetization manager) finishes."""

    def user_has_permission(self, user, action):
        return action not in ("publish", "unpublish") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


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
    list_filter = ["live", *SLOTS]
    search_fields = []

    def get_queryset(self, request):
        return with_state(AdPlacement.objects.select_related("latest_revision"))


def hide_direct_placement_publishing(menu_items, request, context):
    """The permission policy refuses publishing a placement; this keeps superusers from being offered it."""
    if context["model"] is AdPlacement:
        menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]
