from wagtail.admin.panels import Panel

from . import checks


class ChecksPanel(Panel):
    """Lists each automated check's pass or fail for the draft being edited, so writers see what
    the workflow's first step will say before they submit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Automated checks")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "governance/panels/checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["saved"] = bool(page.pk)
            context["results"] = checks.run_checks(page) if page.pk else []
            context["blocking"] = sum(1 for result in context["results"] if result.blocking)
            return context


class AdPlacementPanel(Panel):
    """Where this page translation's ad placement stands, with the way to request or open it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Ad placement")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "governance/panels/ad_placement_panel.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            from .models import AdPlacement

            context = super().get_context_data(parent_context)
            page = self.instance
            placement = AdPlacement.objects.filter(page_id=page.pk).first() if page.pk else None
            context["saved"] = bool(page.pk)
            context["placement"] = placement
            if placement is not None:
                context["url"] = reverse("wagtailsnippets_governance_adplacement:edit", args=[placement.pk])
            elif page.pk:
                context["url"] = reverse("wagtailsnippets_governance_adplacement:add") + f"?page={page.pk}"
            return context
