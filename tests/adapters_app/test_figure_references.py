"""Figures quoted in prose: ``{{run ID FIGURE key=value}}`` in a paragraph shows what the run recorded, in
the reader's language, linked to the run; until the run has finished it says so; references that
cannot work are refused when the page is saved."""

import pytest
from django.core.exceptions import ValidationError

from adapters_app import demo_runs
from adapters_app.models import DemoRun
from adapters_app.tasks import demo_run
from articles.blocks import ArticleStreamBlock, stream_text
from articles.demo.loader import publish
from lorasite.jobs import JobState
from tests.articles.conftest import make_editorial, site_structure, site_tree  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lab_models(settings, tmp_path_factory):
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path_factory.getbasetemp() / "lab-models"


@pytest.fixture
def sweep():
    """A finished sweep as the lab records one (two ranks, two seeds; the figures are the run's own)."""
    run = demo_runs.launch("rank-sweep", {"ranks": [2, 4], "seeds": [0, 1], "steps": 2, "batch_size": 8})
    assert demo_run(run.pk) == JobState.SUCCEEDED
    run.refresh_from_db()
    return run


def article_saying(site_tree, text, code="en"):
    page = make_editorial(site_tree.index("articles", code), f"Measured {abs(hash(text))}")
    page.body.append(("paragraph", f"<p>{text}</p>"))
    page.save_revision()
    return publish(page)


def row(run, rank):
    return next(row for row in run.metrics["rows"] if row["rank"] == rank)


def test_a_reference_shows_the_recorded_value_in_the_readers_language_linked_to_the_run(client, site_tree, sweep):
    DemoRun.objects.filter(pk=sweep.pk).update(metrics={**sweep.metrics, "rows": [
        {**row(sweep, 2), "accuracy": {"mean": 0.765, "std": 0.02, "n": 2}}, row(sweep, 4)]})
    text = (f"Rank 2 reached {{{{run {sweep.pk} accuracy rank=2}}}} after {{{{run {sweep.pk} parameters.steps}}}} "
            f"steps with {{{{run {sweep.pk} parameters.seeds}}}} seeds and "
            f"{{{{run {sweep.pk} trainable_parameters rank=4}}}} parameters.")
    english = client.get(article_saying(site_tree, text).url).content.decode()
    assert (f'<a class="figure-ref" href="/en/lab/runs/{sweep.pk}/" title="{sweep} · accuracy rank=2">76.5%</a>'
            in english)
    assert ">2</a> steps with" in english and ">2</a> seeds" in english
    assert f">{row(sweep, 4)['trainable_parameters']:,}</a> parameters" in english
    assert "{{" not in english

    german = client.get(article_saying(site_tree, text, "de").url).content.decode()
    assert f'href="/de/lab/runs/{sweep.pk}/"' in german and ">76,5\xa0%</a>" in german  # a no-break space before the sign, as German writes it


@pytest.mark.parametrize(("figure", "shown"), [
    ("adapter_bytes rank=2", "KB"),
    ("latency_ms.p50 rank=2", " ms</a>"),
    ("ms_per_step rank=4", " ms</a>"),
    ("parameters.learning_rate", ">0.002</a>"),
    ("accuracy.std rank=4", "%</a>"),
    ("trainable_share rank=4", "%</a>"),
    ("base_model.training.seconds", " s</a>"),
])
def test_each_kind_of_figure_reads_with_its_unit(client, site_tree, sweep, figure, shown):
    page = client.get(article_saying(site_tree, f"It was {{{{run {sweep.pk} {figure}}}}}.").url).content.decode()
    assert shown in page and 'class="figure-ref"' in page


def test_before_the_run_finishes_the_reference_says_it_is_being_measured(client, site_tree):
    run = demo_runs.launch("memory")
    url = article_saying(site_tree, f"65B needs {{{{run {run.pk} gigabytes.total model=65b format=qlora-nf4-dq}}}}.").url
    page = client.get(url).content.decode()
    assert "65B needs <span class=\"figure-ref figure-ref--pending\">(being measured)</span>." in page
    demo_run(run.pk)
    page = client.get(url).content.decode()
    assert f'href="/en/lab/runs/{run.pk}/"' in page and " GB</a>." in page


@pytest.mark.parametrize(("reference", "message"), [
    ("{{run accuracy}}", "write the run's number and then the figure"),
    ("{{run 999999 accuracy}}", "there is no demo run 999999"),
    ("{{run SWEEP accuracy rank=3}}", "recorded no such figure"),
    ("{{run SWEEP accuracy rank=}}", "should read key=value"),
    ("{{run SWEEP accuracy latency_ms rank=2}}", "one figure per reference"),
    ("{{telescope 4 magnitude}}", "unknown figure source “telescope”"),
])
def test_a_reference_that_cannot_work_is_refused_with_a_reason(sweep, reference, message):
    block = ArticleStreamBlock().child_blocks["paragraph"]
    value = block.to_python(f"<p>Rank 2: {reference.replace('SWEEP', str(sweep.pk))}</p>")
    with pytest.raises(ValidationError, match=message):
        block.clean(value)
    block.clean(block.to_python(f"<p>Rank 2: {{{{run {sweep.pk} accuracy rank=2}}}}</p>"))


def test_a_reference_to_an_unfinished_run_is_accepted_and_left_out_of_the_readable_text(site_tree):
    run = demo_runs.launch("memory")
    block = ArticleStreamBlock().child_blocks["paragraph"]
    block.clean(block.to_python(f"<p>It needs {{{{run {run.pk} gigabytes.total model=7b format=bf16-lora}}}}.</p>"))
    page = article_saying(site_tree, f"It needs {{{{run {run.pk} gigabytes.total model=7b format=bf16-lora}}}} at most.")
    assert "{{" not in stream_text(page.body) and "It needs  at most." in stream_text(page.body)


def test_a_page_quoting_many_figures_reads_its_runs_once(client, site_tree, sweep, django_assert_max_num_queries):
    text = " ".join(f"{{{{run {sweep.pk} accuracy rank={rank}}}}}" for rank in (2, 4) for _ in range(5))
    url = article_saying(site_tree, text).url
    client.get(url)
    with django_assert_max_num_queries(30) as queries:
        client.get(url)
    assert sum("adapters_app_demorun" in query["sql"] for query in queries.captured_queries) == 1
