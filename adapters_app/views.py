"""Admin views for alt-text drafts: queue them for an image, follow their progress, list recent jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from lorasite.jobs import JobState

from . import demo_runs
from .alttext import drafts
from .forms import AltTextLanguagesForm
from .models import AltTextJob, DemoRun

RECENT_JOBS = 100


def image_policy():
    return policy_registry.get_by_type(get_image_model())


def editable_image(request, image_id):
    image = get_object_or_404(get_image_model(), pk=image_id)
    if not image_policy().user_has_permission_for_instance(request.user, "change", image):
        raise PermissionDenied
    return image


def queued_message(queued, under_way, nothing_to_do):
    """The admin message after asking for drafts: how many images were queued, and why others were not."""
    parts = [ngettext("Queued alt-text drafts for %(count)d image.", "Queued alt-text drafts for %(count)d images.",
                      len(queued)) % {"count": len(queued)}]
    if under_way:
        parts.append(ngettext("%(count)d image already has a job under way.",
                              "%(count)d images already have a job under way.", len(under_way))
                     % {"count": len(under_way)})
    if nothing_to_do:
        parts.append(ngettext("%(count)d image has approved alt text in every language asked for.",
                              "%(count)d images have approved alt text in every language asked for.",
                              len(nothing_to_do)) % {"count": len(nothing_to_do)})
    return " ".join(parts)


def from_script(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@require_POST
def generate_for_image(request, image_id):
    """"Generate alt text" on the image editor. The panel's script posts here and shows the returned
    progress fragment; without scripts the button submits the page and comes back to it."""
    image = editable_image(request, image_id)
    form = AltTextLanguagesForm(request.POST)
    valid = form.is_valid()
    message = (queued_message(*drafts.request_alt_text([image], form.cleaned_data["languages"], request.user))
               if valid else " ".join(form.errors["languages"]))
    if from_script(request):
        return TemplateResponse(request, "adapters_app/includes/alt_text_status.html",
                                status_context(image, message=message, error=not valid), status=200 if valid else 400)
    (messages.success if valid else messages.error)(request, message)
    return redirect("wagtailimages:edit", image.pk)


def status_context(image, **extra):
    """What the image editor's alt-text panel and its progress fragment show."""
    job = image.alt_text_jobs.select_related("requested_by").first()
    return {"image": image, "job": job, "rows": drafts.outcome_rows(job) if job else [],
            "drafted": bool(job and any(outcome["outcome"] == "drafted" for outcome in job.outcomes.values())),
            "engine": drafts.engine_config().engine,
            "status_url": reverse("adapters_alt_text_status", args=[image.pk]), **extra}


@require_GET
def alt_text_status(request, image_id):
    """The image's latest alt-text job as an HTML fragment: the editor's panel polls it while it runs."""
    image = editable_image(request, image_id)
    return TemplateResponse(request, "adapters_app/includes/alt_text_status.html", status_context(image))


class AltTextJobsView(TemplateView):
    """Reports → Alt-text jobs: the latest jobs with each language's outcome and any failure; the list
    refreshes itself while a job is under way (``?fragment=1`` returns the table alone)."""

    template_name = "adapters_app/alt_text_jobs.html"

    def dispatch(self, request, *args, **kwargs):
        if not image_policy().user_has_any_permission(request.user, ["change"]):
            raise PermissionDenied
        if request.GET.get("fragment"):
            self.template_name = "adapters_app/includes/alt_text_jobs_table.html"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        images = image_policy().instances_user_has_any_permission_for(self.request.user, ["change"])
        jobs = AltTextJob.objects.filter(image__in=images).select_related("image", "requested_by")[:RECENT_JOBS]
        rows = [(job, drafts.outcome_rows(job)) for job in jobs]
        return super().get_context_data(
            rows=rows, under_way=any(not job.is_finished for job in jobs), engine=drafts.engine_config().engine,
            fragment_url=f"{reverse('adapters_alt_text_jobs')}?fragment=1", title=_("Alt-text jobs"), **kwargs)


# --- Adapter lab ------------------------------------------------------------------------------

def run_policy():
    return policy_registry.get_by_type(DemoRun)


def visible_run(request, pk, actions=("view", "change")):
    run = get_object_or_404(DemoRun, pk=pk)
    if not run_policy().user_has_any_permission(request.user, list(actions)):
        raise PermissionDenied
    return run


def run_status_context(run):
    """What a run's admin page and its live fragment show: progress, results, parameters, environment."""
    comparable = DemoRun.objects.filter(kind=run.kind, state=JobState.SUCCEEDED).exclude(pk=run.pk)[:50]
    return {"run": run, "results_template": f"adapters_app/results/{run.kind}.html",
            "status_url": reverse("adapters_demo_run_status", args=[run.pk]),
            "cancel_url": reverse("adapters_demo_run_cancel", args=[run.pk]),
            "compare_url": reverse("adapters_demo_run_compare"), "comparable": comparable,
            "public_url": reverse("demo_run", args=[run.pk]) if run.state == JobState.SUCCEEDED else ""}


@require_GET
def demo_run_status(request, pk):
    run = visible_run(request, pk)
    return TemplateResponse(request, "adapters_app/includes/demo_run_status.html", run_status_context(run))


@require_POST
def demo_run_cancel(request, pk):
    run = visible_run(request, pk, ["change"])
    state = demo_runs.cancel(run)
    messages.success(request, _("Cancelled.") if state == JobState.CANCELLED else
                     _("Cancelling: the run stops at its next step."))
    return redirect("wagtailsnippets_adapters_app_demorun:edit", run.pk)


@require_GET
def demo_run_compare(request):
    """Two runs of one demo side by side: parameters, environment and results."""
    ids = [value for value in (request.GET.get("a", ""), request.GET.get("b", "")) if value.isdigit()]
    runs = [visible_run(request, int(value)) for value in ids]
    if len(runs) != 2 or runs[0].kind != runs[1].kind:
        messages.error(request, _("Choose two runs of the same demo to compare."))
        return redirect("wagtailsnippets_adapters_app_demorun:list")
    keys = sorted(set(runs[0].parameters) | set(runs[1].parameters))
    parameters = [(key, runs[0].parameters.get(key), runs[1].parameters.get(key)) for key in keys]
    environment = [(key, runs[0].environment.get(key), runs[1].environment.get(key))
                   for key in sorted(set(runs[0].environment) | set(runs[1].environment))]
    return TemplateResponse(request, "adapters_app/demo_run_compare.html", {
        "runs": runs, "parameters": parameters, "environment": environment,
        "results_template": f"adapters_app/results/{runs[0].kind}.html", "title": _("Compare runs")})


def run_page(request, pk):
    """The public page of a finished run: what was measured, with which parameters, where."""
    run = get_object_or_404(DemoRun, pk=pk, state=JobState.SUCCEEDED)
    return TemplateResponse(request, "adapters_app/run_page.html", {"run": run,
                            "results_template": f"adapters_app/results/{run.kind}.html"})


def run_progress(request, pk):
    """A run's progress for readers, as a fragment: an article's results block polls it until the run ends."""
    run = get_object_or_404(DemoRun, pk=pk)
    response = TemplateResponse(request, "adapters_app/includes/public_run_progress.html", {"run": run})
    response["Cache-Control"] = "no-cache"
    return response
