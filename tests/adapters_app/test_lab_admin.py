"""The adapter lab in the admin and on the public site: launch a demo with parameters, watch it,
read its results, compare two runs, cancel one; the public page of a finished run."""

import json

import pytest

from adapters_app import demo_runs
from adapters_app.models import DemoRun
from adapters_app.tasks import demo_run
from governance.roles import EDITORS, MONETIZATION_MANAGERS
from lorasite.jobs import JobState

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/snippets/adapters_app/demorun/add/"
TINY = {"skill": "caesar", "ranks": [2, 4], "seeds": [0], "steps": 2, "batch_size": 8}


@pytest.fixture(autouse=True)
def lab_models(settings, tmp_path_factory):
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path_factory.getbasetemp() / "lab-models"


@pytest.fixture
def editor(login):
    return login(EDITORS)


def edit_url(run):
    return f"/admin/snippets/adapters_app/demorun/edit/{run.pk}/"


def completed(run):
    demo_run(run.pk)
    run.refresh_from_db()
    assert run.state == JobState.SUCCEEDED, run.last_error
    return run


def test_an_editor_launches_a_demo_and_lands_on_its_live_page(client, editor):
    response = client.post(ADD_URL, {"kind": "rank-sweep", "title": "Tiny sweep", "parameters_json": json.dumps(TINY)},
                           follow=True)
    run = DemoRun.objects.get()
    assert response.redirect_chain[-1][0] == edit_url(run)
    page = response.content.decode()
    assert "Queued “Tiny sweep”" in page and "data-unfinished" in page and "<progress" in page
    assert f'data-live-progress="/admin/lab/runs/{run.pk}/status/"' in page
    assert run.parameters["ranks"] == [2, 4] and run.parameters["learning_rate"] == 2e-3
    assert run.requested_by == editor and run.state == JobState.QUEUED


@pytest.mark.parametrize(("text", "words"), [
    ("{ranks: [4]}", "This is not valid JSON"),
    ('{"ranks": [0]}', "ranks must be a whole number from 1"),
    ('{"seeds": "many"}', "seeds must list 1 to 10 values"),
])
def test_bad_parameters_are_shown_on_the_form_and_nothing_is_queued(client, editor, text, words):
    response = client.post(ADD_URL, {"kind": "rank-sweep", "title": "", "parameters_json": text})
    assert response.status_code == 200 and words in response.content.decode()
    assert not DemoRun.objects.exists()


def test_the_launch_form_shows_each_demo_s_defaults(client, editor):
    page = client.get(ADD_URL).content.decode()
    assert "&quot;ranks&quot;: [4, 8, 16, 32, 64, 128]" in page and "Memory planner" in page


def test_a_finished_run_shows_its_results_and_can_be_compared(client, editor):
    first = completed(demo_runs.launch("rank-sweep", TINY, title="First"))
    second = completed(demo_runs.launch("rank-sweep", {**TINY, "steps": 3}, title="Second"))
    page = client.get(edit_url(first)).content.decode()
    assert 'data-results="rank-sweep"' in page and "data-unfinished" not in page
    assert f"/en/lab/runs/{first.pk}/" in page and f'<option value="{second.pk}">' in page

    compare = client.get(f"/admin/lab/compare/?a={first.pk}&b={second.pk}").content.decode()
    assert compare.count('data-results="rank-sweep"') == 2
    assert '<tr data-differs><th scope="row">steps</th><td><code>2</code></td><td><code>3</code></td></tr>' in compare


def test_the_status_fragment_follows_the_run_and_cancel_stops_it(client, editor):
    run = demo_runs.launch("rank-sweep", TINY)
    fragment = client.get(f"/admin/lab/runs/{run.pk}/status/").content.decode()
    assert "<html" not in fragment and "data-unfinished" in fragment and "Cancel run" in fragment
    response = client.post(f"/admin/lab/runs/{run.pk}/cancel/", follow=True)
    assert "Cancelled." in response.content.decode()
    run.refresh_from_db()
    assert run.state == JobState.CANCELLED


def test_the_public_page_of_a_finished_run_shows_figures_parameters_and_environment(client):
    run = completed(demo_runs.launch("rank-sweep", TINY, title="Tiny sweep"))
    page = client.get(f"/ja/lab/runs/{run.pk}/").content.decode()
    assert '<html lang="ja"' in page and 'data-results="rank-sweep"' in page
    assert "transformers" in page and "learning_rate" in page
    queued = demo_runs.launch("rank-sweep", TINY)
    assert client.get(f"/en/lab/runs/{queued.pk}/").status_code == 404


def test_people_without_lab_permissions_see_nothing(client, login):
    login(MONETIZATION_MANAGERS, "mona")
    run = demo_runs.launch("memory")
    for response in (client.get(ADD_URL), client.get(f"/admin/lab/runs/{run.pk}/status/"),
                     client.post(f"/admin/lab/runs/{run.pk}/cancel/")):
        assert response.status_code in (302, 403) and not response.content.decode().count("data-demo-run")
    run.refresh_from_db()
    assert run.state == JobState.QUEUED


def test_after_launch_only_the_title_of_a_run_changes(client, editor):
    run = demo_runs.launch("memory", title="Before")
    form = {"title": "After", "kind": "rank-sweep", "parameters_json": '{"rank": 1}'}
    client.post(edit_url(run), form)
    run.refresh_from_db()
    assert (run.title, run.kind, run.parameters["rank"]) == ("After", "memory", 64)
