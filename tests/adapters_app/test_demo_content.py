"""The demo content's articles show the adapter lab's own runs: loading the content queues each standard
run once, the articles' blocks and quoted figures cite it, every quoted figure is one the demos record,
and no sentence that quotes a run writes a measured number by hand."""

import re

import pytest

from adapters_app import demo_runs
from adapters_app.lab.demos import DEMOS
from adapters_app.models import DemoRun
from adapters_app.references import RunFigures
from adapters_app.tasks import demo_run
from articles.demo.loader import DEMO_DIR
from articles.figure_references import REFERENCE
from articles.models import ArticlePage
from lorasite.jobs import JobState
from tests.articles.conftest import site_structure, site_tree  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db
CONTENT = sorted((DEMO_DIR / "content").glob("*.md"))
DEMO_LINE = re.compile(r"^::demo\s+([a-z-]+)", re.MULTILINE)
# A number with a unit of what the lab measures, written out rather than quoted from a run.
HAND_WRITTEN = re.compile(r"(?<![\w.{⁰-⁹])\d[\d,.]*\s?(%|ms\b|s\b|seconds|GB\b|MB\b|KB\b|kB\b|steps|seeds|"
                          r"parameters|examples|images|words|Schritte|Seeds|ステップ|シード)")


@pytest.fixture(autouse=True)
def lab_models(settings, tmp_path_factory):
    settings.ADAPTER_LAB_MODELS_DIR = tmp_path_factory.getbasetemp() / "lab-models"


def prose_paragraphs(path):
    """The file's body paragraphs outside code blocks: blank-line separated, tables and directives kept."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"^```.*?^```", "", body, flags=re.MULTILINE | re.DOTALL)
    return [paragraph for paragraph in re.split(r"\n\s*\n", body) if paragraph.strip()]


def references(paths=CONTENT):
    return [(path.name, match["source"], match["arguments"])
            for path in paths for paragraph in prose_paragraphs(path) for match in REFERENCE.finditer(paragraph)]


def test_the_rank_techniques_vision_and_qlora_articles_embed_runs_and_quote_them():
    embedded = {path.stem: set(DEMO_LINE.findall(path.read_text(encoding="utf-8"))) for path in CONTENT}
    assert embedded["choosing-lora-rank.en"] == {"rank-sweep"}
    assert embedded["adapter-techniques-compared.en"] == {"techniques"}
    assert embedded["lora-for-vision-transformers.en"] == {"vision"}
    for code in ("en", "de", "ja"):
        assert embedded[f"qlora-in-production.{code}"] == {"memory"}
    quoted = {(name, source) for name, source, _arguments in references()}
    for stem, kinds in embedded.items():
        for kind in kinds:
            assert (f"{stem}.md", kind) in quoted, f"{stem} shows {kind} but quotes none of its figures"
    assert "illustrative" not in (DEMO_DIR / "content" / "choosing-lora-rank.en.md").read_text().lower()


def test_no_sentence_that_quotes_a_run_writes_a_measured_number_by_hand():
    offending = []
    for path in CONTENT:
        for paragraph in prose_paragraphs(path):
            if REFERENCE.search(paragraph):
                offending += [(path.name, match[0]) for match in HAND_WRITTEN.finditer(REFERENCE.sub("", paragraph))]
    assert offending == []


def test_articles_quote_the_seeds_and_steps_of_the_runs_they_show_and_those_runs_keep_three_seeds():
    quoted = {(name, source, arguments.split()[0]) for name, source, arguments in references()}
    for path in CONTENT:
        for kind in DEMO_LINE.findall(path.read_text(encoding="utf-8")):
            defaults = DEMOS[kind].defaults
            if "seeds" not in defaults:
                continue  # the memory planner is arithmetic, not training
            assert len(defaults["seeds"]) >= 3 and defaults["steps"] >= 100, kind
            assert {(path.name, kind, "parameters.seeds"), (path.name, kind, "parameters.steps")} <= quoted, path.name


def test_every_figure_the_content_quotes_is_one_its_demo_records():
    """Each demo the content quotes runs here with its default configurations (ranks, techniques,
    injection points) and the fewest steps, and every quoted figure is found in what it recorded."""
    small = {"rank-sweep": {"steps": 1, "seeds": [0], "batch_size": 4},
             "techniques": {"steps": 1, "seeds": [0], "batch_size": 4},
             "vision": {"steps": 1, "seeds": [0], "batch_size": 8}, "memory": {}}
    quoted = references()
    runs = {}
    for kind in {source for _name, source, _arguments in quoted}:
        run = demo_runs.launch(kind, small[kind])
        assert demo_run(run.pk) == JobState.SUCCEEDED, DemoRun.objects.get(pk=run.pk).last_error
        runs[kind] = run.pk
    figures = RunFigures()
    for name, kind, arguments in quoted:
        figures.check(f"{runs[kind]} {arguments}")  # raises, naming the figure, when the run has no such figure
    rendered = figures.render([f"{runs[kind]} {arguments}" for _name, kind, arguments in quoted])
    assert all('class="figure-ref"' in html for html in rendered)


def test_loading_the_content_queues_each_standard_run_once_and_cites_it(site_tree):
    loader = site_tree.loader
    loader.load_pages(stems=["choosing-lora-rank", "qlora-in-production"])
    sweep = DemoRun.objects.get(kind="rank-sweep")
    memory = DemoRun.objects.get(kind="memory")
    assert sweep.state == memory.state == JobState.QUEUED and sweep.parameters == DEMOS["rank-sweep"].defaults

    article = ArticlePage.objects.get(slug="choosing-lora-rank", locale__language_code="en")
    blocks = [block for block in article.body if block.block_type == "demo_result"]
    assert [block.value["run"] for block in blocks] == [sweep]
    text = " ".join(block.value.source for block in article.body if block.block_type == "paragraph")
    assert f"{{{{run {sweep.pk} accuracy rank=16}}}}" in text and "{{rank-sweep" not in text
    german = ArticlePage.objects.get(translation_key=ArticlePage.objects.get(
        slug="qlora-in-production", locale__language_code="en").translation_key, locale__language_code="de")
    assert [block.value["run"] for block in german.body if block.block_type == "demo_result"] == [memory]

    loader.demo_runs.clear()  # as a new `load_demo_content` would start
    loader.load_pages(stems=["choosing-lora-rank"])
    assert DemoRun.objects.count() == 2, "loading again queues nothing new"
    demo_run(memory.pk)
    assert demo_runs.standard_run("memory") == (DemoRun.objects.get(pk=memory.pk), False)
