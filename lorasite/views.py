from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from governance.gate import non_monetizable

from .health import run_checks


@never_cache
def healthz(request):
    """Liveness: the process is up and serving. Touches no dependency."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: 200 when the database, cache and broker are all reachable, else 503."""
    checks = run_checks()
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


@non_monetizable
def page_not_found(request, exception):
    return defaults.page_not_found(request, exception)


@non_monetizable
def server_error(request):
    """The 500 page in the reader's language; renders without touching the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_path": request.path}))
