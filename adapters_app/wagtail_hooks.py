"""Registers the adapter lab's admin parts with Wagtail; the parts live in their own modules."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import demo_runs, references, views
from .bulk_actions import GenerateAltTextBulkAction
from .viewsets import DemoRunViewSet

register_snippet(DemoRunViewSet)


class AltTextJobsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.image_policy().user_has_any_permission(request.user, ["change"])


@hooks.register("register_admin_urls")
def register_alt_text_urls():
    return [
        path("alt-text/jobs/", views.AltTextJobsView.as_view(), name="adapters_alt_text_jobs"),
        path("alt-text/image/<int:image_id>/generate/", views.generate_for_image, name="adapters_generate_alt_text"),
        path("alt-text/image/<int:image_id>/status/", views.alt_text_status, name="adapters_alt_text_status"),
        path("lab/runs/<int:pk>/status/", views.demo_run_status, name="adapters_demo_run_status"),
        path("lab/runs/<int:pk>/cancel/", views.demo_run_cancel, name="adapters_demo_run_cancel"),
        path("lab/compare/", views.demo_run_compare, name="adapters_demo_run_compare"),
    ]


@hooks.register("register_reports_menu_item")
def register_alt_text_jobs_menu_item():
    return AltTextJobsMenuItem(_("Alt-text jobs"), reverse("adapters_alt_text_jobs"), icon_name="image", order=52)


hooks.register("register_bulk_action", GenerateAltTextBulkAction)


@hooks.register("register_figure_reference_source")
def register_run_figures():
    return {"run": references.RunFigures()}


@hooks.register("demo_content_run")
def standard_run_for_demo_content(kind):
    """The run the demo content's ``::demo KIND`` blocks and ``{{KIND …}}`` references show."""
    run, _queued = demo_runs.standard_run(kind)
    return run.pk
