"""The adapter lab in the admin: demo runs as a snippet (so an article's block can choose one), with a
launch form, and an editor that shows the run's live progress and results instead of its fields."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from . import demo_runs
from .forms import DemoRunForm, DemoRunTitleForm
from .models import DemoRun


class DemoRunCreateView(CreateView):
    """"Launch": the form's parameters are validated, then the run is queued for a gpu worker."""

    def get_success_message(self, instance):
        return _("Queued “%(run)s”: follow its progress here.") % {"run": instance}

    def get_success_buttons(self):
        return []

    def save_instance(self):
        data = self.form.cleaned_data
        return demo_runs.launch(data["kind"], data["parameters"], user=self.request.user, title=data["title"])

    def get_success_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])


class DemoRunEditView(EditView):
    """A run's page: live progress, results, environment and log; only the title is editable."""

    def get_context_data(self, **kwargs):
        from .views import run_status_context

        return {**super().get_context_data(**kwargs), **run_status_context(self.object)}


class DemoRunViewSet(SnippetViewSet):
    model = DemoRun
    icon = "cogs"
    menu_label = _("Adapter lab")
    add_to_admin_menu = True
    menu_order = 240
    add_view_class = DemoRunCreateView
    edit_view_class = DemoRunEditView
    copy_view_enabled = False
    list_display = ["__str__", "kind", "state", Column("progress", label=_("Progress"), accessor="progress_percent"),
                    "created_at"]
    list_filter = ["kind", "state"]
    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("parameters_json")]

    def get_form_class(self, for_update=False):
        return DemoRunTitleForm if for_update else DemoRunForm
