from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BannedClaim


class BannedClaimViewSet(SnippetViewSet):
    model = BannedClaim
    icon = "warning"
    menu_label = "Banned claims"
    list_display = ["phrase", "reason", "active"]
    add_to_admin_menu = True
    menu_order = 230


register_snippet(BannedClaimViewSet)
