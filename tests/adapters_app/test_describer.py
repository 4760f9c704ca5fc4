"""The offline describer, on images drawn here: what it says must be true of the image, in every
language, and fit for alt text."""

from types import SimpleNamespace

import pytest

from adapters_app.alttext.describer import OfflineDescriber
from adapters_app.alttext.engines import SourceImage
from adapters_app.alttext.facts import analyse, ocr_available, open_picture
from governance.media_checks import alt_text_problem

from .conftest import bar_chart, encode, noisy_gradient, solid_red

LANGUAGES = ["en", "de", "fr", "es", "ja", "zh-hans", "ar"]
RED = {"en": "red", "de": "rot", "fr": "rouge", "es": "roj", "ja": "赤", "zh-hans": "红", "ar": "أحمر"}
CHART = {"en": ("chart", "diagram"), "de": ("diagramm",), "fr": ("graphique", "diagramme"),
         "es": ("gráfico", "diagrama"), "ja": ("グラフ", "図"), "zh-hans": ("图表",), "ar": ("مخطط", "رسم بياني")}


def drafts_for(picture, name="image.png", title="Quarterly numbers", tags=(), read_text=True):
    data = picture if isinstance(picture, bytes) else encode(picture)
    source = SourceImage(open_picture(data, name), title=title, tags=tags)
    return {language: draft.text for language, draft in
            OfflineDescriber(read_text=read_text).describe([source], LANGUAGES)[0].items()}


def says_chart(text, language):
    return any(word in text.casefold() for word in CHART[language])


def test_a_solid_red_image_is_called_red_in_every_language():
    drafts = drafts_for(solid_red())
    for language, text in drafts.items():
        assert RED[language] in text.casefold(), (language, text)
        assert not says_chart(text, language)


def test_a_bar_chart_in_three_flat_colours_is_a_chart_or_diagram_in_every_language():
    drafts = drafts_for(bar_chart())
    for language, text in drafts.items():
        assert says_chart(text, language), (language, text)


def test_a_noisy_photo_like_gradient_is_not_called_a_chart():
    drafts = drafts_for(noisy_gradient())
    assert analyse(open_picture(encode(noisy_gradient()), "photo.png")).kind == "photo"
    for language, text in drafts.items():
        assert not says_chart(text, language), (language, text)
    assert "photograph" in drafts["en"].casefold()


def test_the_text_of_an_svg_figure_appears_in_its_draft(figure_svg):
    labels = analyse(open_picture(figure_svg, "lora-architecture.svg")).text
    assert len(labels) > 3
    drafts = drafts_for(figure_svg, "lora-architecture.svg", title="LoRA architecture")
    for language, text in drafts.items():
        assert labels[0] in text, (language, text)
        assert says_chart(text, language), (language, text)


@pytest.mark.parametrize("picture", [solid_red, bar_chart, noisy_gradient], ids=["solid", "chart", "photo"])
def test_drafts_fit_alt_text_and_differ_per_language(picture):
    title = "Quarterly numbers"
    drafts = drafts_for(picture(), title=title, tags=("finance", "charts"))
    assert len(set(drafts.values())) == len(LANGUAGES), "each language has its own wording"
    for language, text in drafts.items():
        assert 20 <= len(text) <= 200, (language, len(text), text)
        assert text.casefold() != title.casefold()
        assert title in text, "the editor's title closes the draft where there is room"
        assert alt_text_problem(text, SimpleNamespace(title=title, file_name="image.png"), language) is None, (language, text)


def test_long_labels_titles_and_tags_are_shortened_to_fit(figure_svg):
    drafts = drafts_for(figure_svg, "figure.svg", title="A very long title " * 10, tags=tuple(f"tag{i}" for i in range(30)))
    for language, text in drafts.items():
        assert 20 <= len(text) <= 200, (language, len(text))


def test_a_title_and_tags_close_the_draft():
    text = drafts_for(solid_red(), title="Brand colour swatch", tags=("brand", "palette"))["en"]
    assert text.endswith("Subject: Brand colour swatch; tags: brand and palette.")


def test_orientation_and_size_class_are_named():
    assert "small landscape format" in drafts_for(solid_red())["en"]
    assert "portrait" in drafts_for(solid_red().resize((300, 900)))["en"]


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed (scripts/system-deps test installs it)")
def test_text_in_a_raster_chart_is_read_by_ocr():
    drafts = drafts_for(bar_chart("Accuracy by rank"))
    assert "Accuracy by rank" in drafts["en"]
    assert "Accuracy by rank" in drafts["ja"]


def test_without_ocr_the_text_in_pixels_is_not_guessed():
    assert "Accuracy" not in drafts_for(bar_chart("Accuracy by rank"), read_text=False)["en"]
