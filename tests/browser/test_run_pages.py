"""The public page of a finished demo run, in all seven languages: axe-clean, chart text laid out by
the browser, and the article block that embeds a run."""

import json

import pytest

from adapters_app import demo_runs
from adapters_app.tasks import demo_run

from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANGUAGES = ["en", "de", "fr", "es", "ja", "zh-hans", "ar"]


@pytest.fixture
def finished_runs(demo_site, settings, tmp_path):
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path / "models"
    runs = [demo_runs.launch("memory", title="Memory plan"),
            demo_runs.launch("rank-sweep", {"ranks": [2, 4], "seeds": [0, 1], "steps": 2, "batch_size": 8},
                             title="Tiny rank sweep")]
    for run in runs:
        assert demo_run(run.pk) == "succeeded"
    return runs


def test_run_pages_are_accessible_in_every_language(page, live_server, finished_runs, axe_source):
    found = {}
    for run in finished_runs:
        for code in LANGUAGES:
            page.goto(f"{live_server.url}/{code}/lab/runs/{run.pk}/")
            assert page.locator("html").get_attribute("lang") == code
            assert page.locator("[data-results]").count() == 1
            problems = violations(page, axe_source)
            if problems:
                found[f"{run.kind} {code}"] = problems
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
