"""An article's Demo result block: the run's chart, summary, data table and a link to its page once it
has finished; live progress, and no figures, until then."""

import pytest

from adapters_app import demo_runs
from adapters_app.tasks import demo_run
from articles.demo.loader import publish
from tests.articles.conftest import site_structure, site_tree  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lab_models(settings, tmp_path_factory):
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path_factory.getbasetemp() / "lab-models"


def article_with(site_tree, run, code="en"):
    from tests.articles.conftest import make_editorial

    page = make_editorial(site_tree.index("articles", code), f"Measured memory {run.pk}")
    page.body.append(("demo_result", {"run": run, "caption": "What fine-tuning needs"}))
    page.save_revision()
    return publish(page)


def test_a_finished_run_shows_its_chart_summary_table_and_link(client, site_tree):
    run = demo_runs.launch("memory")
    assert demo_run(run.pk) == "succeeded"
    page = client.get(article_with(site_tree, run).url).content.decode()
    assert 'role="img"' in page and "<desc" in page and 'data-results="memory"' in page
    assert f'href="/en/lab/runs/{run.pk}/"' in page and "What fine-tuning needs" in page
    assert "13 of 20 configurations fit a single 48 GB GPU" in page
    assert "data-live-progress" not in page


def test_an_unfinished_run_shows_live_progress_and_no_figures(client, site_tree):
    run = demo_runs.launch("memory")
    page = client.get(article_with(site_tree, run, "ja").url).content.decode()
    assert f'data-live-progress="/ja/lab/runs/{run.pk}/progress/"' in page and "data-unfinished" in page
    assert 'role="img"' not in page and 'data-results' not in page
    fragment = client.get(f"/ja/lab/runs/{run.pk}/progress/")
    assert fragment["Cache-Control"] == "no-cache" and "<progress" in fragment.content.decode()
    demo_run(run.pk)
    assert "data-unfinished" not in client.get(f"/ja/lab/runs/{run.pk}/progress/").content.decode()


def test_the_block_caption_is_part_of_the_article_text(site_tree):
    run = demo_runs.launch("memory")
    assert "What fine-tuning needs" in article_with(site_tree, run).get_plain_text()
