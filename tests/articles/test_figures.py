"""The demo figures: SVG rendered from templates, text in the language's catalogue, laid out by the
browser (tests/browser/test_figures.py measures it there), and the data behind the charts."""

import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from articles.demo import figures

SVG = "{http://www.w3.org/2000/svg}"
FIGURES_JSON = Path(figures.__file__).with_name("figures.json")
ALL_CASES = list(itertools.product(figures.FIGURE_KEYS, figures.LANGUAGES))


def parse(key, lang):
    return ET.fromstring(figures.render(key, lang).svg)


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(("key", "lang"), ALL_CASES)
def test_every_figure_renders_in_every_language(key, lang):
    rendered = figures.render(key, lang)
    root = ET.fromstring(rendered.svg)
    assert root.get("viewBox") == "0 0 1600 900"
    assert root.get("lang") == lang
    assert root.get("direction") == ("rtl" if lang == "ar" else "ltr")
    # no raster image and no script: text is text, drawn by the reader's browser
    assert not list(root.iter(f"{SVG}image")) and not list(root.iter(f"{SVG}script"))
    with translation.override(lang):
        title = str(figures.TITLES[key])
    assert title in texts(root)
    assert len(texts(root)) > 5
    assert rendered.untranslated == (), f"{key} in {lang} shows untranslated strings: {rendered.untranslated}"


def test_languages_differ_and_numbers_follow_the_language():
    english, german, french = (figures.render("peft-methods", lang).svg for lang in ("en", "de", "fr"))
    assert "6,738,415,616" in english and "6.738.415.616" in german and "6\xa0738\xa0415\xa0616" in french
    assert "0.0622%" in english and "0,0622\xa0%" in german
    memory = figures.render("qlora-memory", "de").svg
    assert "36,6" in memory and "NF4 0,5625" in memory, "65B in NF4 takes 36.5625 GB: rounded, not cut off"


def test_arabic_flow_diagrams_are_mirrored_and_charts_are_not():
    pipeline = parse("deployment-pipeline", "ar")
    groups = [g for g in pipeline.iter(f"{SVG}g") if g.get("transform")]
    assert groups and all(g.get("transform") == "matrix(-1 0 0 1 1600 0)" for g in groups)
    title = next(t for t in pipeline.iter(f"{SVG}text") if "".join(t.itertext()) == texts(pipeline)[0])
    assert (title.get("x"), title.get("text-anchor")) == ("1552", "start")  # the title starts on the right
    assert not [g for g in parse("deployment-pipeline", "en").iter(f"{SVG}g") if g.get("transform")]
    chart = parse("qlora-memory", "ar")
    assert not [g for g in chart.iter(f"{SVG}g") if g.get("transform")]
    formula = next(t for t in parse("lora-architecture", "ar").iter(f"{SVG}text") if "BAx" in "".join(t.itertext()))
    assert formula.get("direction") == "ltr"  # formulas read left to right in Arabic too


def test_illustrative_badge_only_on_figures_that_are_not_measurements():
    for key in figures.FIGURE_KEYS:
        badge = [g for g in parse(key, "en").iter(f"{SVG}g") if g.get("data-role") == "badge"]
        assert bool(badge) == (key in figures.ILLUSTRATIVE), key
    assert figures.ILLUSTRATIVE == {"evaluation-matrix"}
    with translation.override("ja"):
        label = translation.gettext("Illustrative")
    assert label != "Illustrative" and label in texts(parse("evaluation-matrix", "ja"))


def test_translator_line_breaks_become_lines():
    template = Template('{% load figure_tags %}{% label 100 200 text width=300 %}')
    svg = template.render(Context({"text": "first line\nsecond <line>", "lang": "en"}))
    element = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')[0]
    spans = list(element)
    assert [span.text for span in spans] == ["first line", "second <line>"]
    assert element.get("data-max-width") == "300"
    assert float(spans[1].get("y")) - float(spans[0].get("y")) == pytest.approx(35)
    assert float(spans[0].get("y")) + float(spans[1].get("y")) == pytest.approx(400)  # centred on y


@pytest.mark.parametrize(("align", "lang", "flip", "x", "anchor"), [
    ("start", "en", True, "100", "start"),
    ("start", "ar", True, "1500", "start"),
    ("left", "ar", True, "1500", "start"),
    ("left", "ar", False, "100", "end"),
    ("right", "en", False, "100", "end"),
    ("middle", "ar", True, "1500", "middle"),
])
def test_labels_mirror_in_right_to_left_figures(align, lang, flip, x, anchor):
    svg = Template('{% load figure_tags %}{% label 100 50 "x" align=align %}').render(
        Context({"align": align, "lang": lang, "rtl": lang == "ar", "flip": flip, "width": 1600}))
    element = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')[0]
    assert (element.get("x"), element.get("text-anchor")) == (x, anchor)


def test_unknown_key_or_language_is_refused():
    with pytest.raises(ValueError, match="unknown figure key"):
        figures.render("no-such-figure", "en")
    with pytest.raises(ValueError, match="unknown language"):
        figures.render("lora-architecture", "xx")


def test_missing_translation_falls_back_to_english_and_is_reported(japanese_catalogue_missing):
    rendered = figures.render("deployment-pipeline", "ja")
    assert rendered.untranslated == (japanese_catalogue_missing,)
    assert japanese_catalogue_missing in texts(ET.fromstring(rendered.svg))
    assert "データ整備" in rendered.svg  # the rest stays Japanese
    assert figures.render("deployment-pipeline", "de").untranslated == ()


def test_every_figure_string_is_found_for_the_untranslated_check():
    strings = figures.template_strings("lora-architecture")
    assert strings[0] == "LoRA: a frozen weight plus a trainable low-rank update"
    assert "Pretrained\nweight W" in strings and "Input x" in strings
    assert "d = 4096, r = 8:\n%(lora)s\ninstead of %(full)s\n(%(pct)s)" in strings
    assert "Illustrative" in figures.template_strings("evaluation-matrix")


# --- data behind the charts ---------------------------------------------------------------------

def test_qlora_memory_is_computed_from_bytes_per_parameter():
    assert dict(figures.BYTES_PER_PARAM) == {"bf16": 2.0, "int8": 1.0, "NF4": 0.5625, "NF4 + DQ": 0.516}
    assert figures.weight_memory_gb(7e9, 2.0) == pytest.approx(14.0)
    assert figures.weight_memory_gb(65e9, 0.5625) == pytest.approx(36.5625)
    assert figures.weight_memory_gb(65e9, 0.516) < figures.GPU_48GB < figures.weight_memory_gb(65e9, 1.0)


def test_peft_parameter_counts():
    shape = figures.LLAMA_7B_SHAPE
    assert figures.llama_parameter_count(**shape) == 6_738_415_616
    counts = figures.peft_trainable_parameters(**shape)
    assert counts["lora_qv"] == 32 * 2 * 8 * (4096 + 4096) == 4_194_304
    assert counts["lora_all"] == 19_988_480
    assert counts["prompt"] == 20 * 4096
    assert counts["prefix"] == 20 * 32 * 2 * 4096
    shares = [100 * count / counts["full"] for count in counts.values()]
    assert all(1e-3 <= share <= 100 for share in shares)  # inside the log axis of the figure


def test_chart_scales_and_ticks():
    log = figures.Scale(1e-3, 1e2, 600, 1400, log=True)
    assert (log(1e-3), log(1e2), log(1)) == (pytest.approx(600), pytest.approx(1400), pytest.approx(1080))
    assert figures.nice_step(145.6) == 50 and figures.nice_step(15.7) == 5
    assert figures.linear_ticks(150, 50) == [0, 50, 100, 150]


# --- metadata (figures.json) --------------------------------------------------------------------

def test_metadata_covers_every_figure_and_language():
    metadata = json.loads(FIGURES_JSON.read_text(encoding="utf-8"))
    assert set(metadata) == set(figures.FIGURE_KEYS)
    codes = {code for code, _name in settings.LANGUAGES}
    for key, info in metadata.items():
        for field in ("title", "alt_text", "caption"):
            assert set(info[field]) == codes, (key, field)
            assert all(text.strip() for text in info[field].values()), (key, field)
        assert info["licence"] and info["credit"] and info["source"]
        if key in figures.ILLUSTRATIVE:
            assert "illustrative" in info["source"].lower() or "illustrative" in info["caption"]["en"].lower()
