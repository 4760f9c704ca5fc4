"""The model engine on tiny random models saved in a temporary folder: the real from_pretrained
loading, batched generate() and translation code, end to end through the job."""

import pytest
from django.utils import translation

from adapters_app.alttext import drafts
from adapters_app.alttext.engines import Draft, EngineConfig, SourceImage, Skipped, build_engine
from adapters_app.alttext.facts import open_picture
from adapters_app.alttext.vision import Translator, VisionModelEngine
from adapters_app.models import AltTextJob
from adapters_app.tasks import alt_text_drafts
from lorasite.jobs import JobState

from .conftest import bar_chart, encode, noisy_gradient, solid_red

LANGUAGES = ["en", "de", "fr", "es", "ja", "zh-hans", "ar"]


def sources(count):
    pictures = [solid_red(), bar_chart(), noisy_gradient(seed=1), solid_red().resize((100, 300)),
                bar_chart().rotate(90, expand=True), noisy_gradient(seed=2)]
    return [SourceImage(open_picture(encode(picture), f"{i}.png"), title=f"Image {i}") for i, picture in
            enumerate(pictures[:count])]


@pytest.fixture
def model_settings(settings, tiny_models):
    settings.ALT_TEXT_ENGINE = "model"
    settings.ALT_TEXT_MODEL = str(tiny_models["captioner"])
    settings.ALT_TEXT_TRANSLATION_MODEL = str(tiny_models["translator"])
    return settings


def test_the_captioner_loads_and_batching_does_not_mix_images(tiny_models):
    one_at_a_time = VisionModelEngine(str(tiny_models["captioner"]), batch_size=1)
    batched = VisionModelEngine(str(tiny_models["captioner"]), batch_size=4)
    rasters = [source.picture.raster for source in sources(6)]
    captions = batched.caption(rasters)
    assert len(captions) == 6 and all(captions)
    assert captions == one_at_a_time.caption(rasters)


def test_english_is_captioned_and_translated_into_every_language(tiny_models):
    engine = build_engine(EngineConfig(engine="model", model=str(tiny_models["captioner"]),
                                       translation_model=str(tiny_models["translator"])))
    [result] = engine.describe(sources(1), LANGUAGES)
    assert set(result) == set(LANGUAGES)
    assert result["en"].model_name == "captioner" and result["en"].engine == "model"
    for language in LANGUAGES[1:]:
        assert isinstance(result[language], Draft) and result[language].text, language
        assert result[language].model_name == "translator"


def test_the_target_language_is_forced_as_the_first_generated_token(tiny_models):
    translator = Translator(str(tiny_models["translator"]))
    _model, tokenizer = translator.load(str(tiny_models["translator"]))
    for language, token in (("de", "__de__"), ("ja", "__ja__"), ("zh-hans", "__zh__")):
        ids = translator.generate(["a red square"], language)[0]
        assert ids[1] == tokenizer.convert_tokens_to_ids(token), language


def test_a_person_s_approved_english_is_translated_instead_of_a_caption(tiny_models):
    engine = build_engine(EngineConfig(engine="model", model=str(tiny_models["captioner"]),
                                       translation_model=str(tiny_models["translator"])))
    approved = "Bar chart of accuracy by rank."
    source = SourceImage(sources(1)[0].picture, title="Chart", approved={"en": approved})
    [result] = engine.describe([source], ["de"])
    assert result["de"].text == engine.translator.translate([approved], "de")[0]


def test_without_a_translation_model_other_languages_stay_missing_with_the_reason(model_settings, stored):
    model_settings.ALT_TEXT_TRANSLATION_MODEL = ""
    image = stored(bar_chart(), "chart.png", title="Chart")
    [_queued], _, _ = drafts.request_alt_text([image], ["en", "de"])
    job = AltTextJob.objects.get(image=image)
    assert alt_text_drafts(job.pk) == JobState.SUCCEEDED

    image.refresh_from_db()
    assert image.alt_text_en and image.alt_text_state("en") == "draft"
    assert not image.alt_text_de and image.alt_text_state("de") == "missing"
    job.refresh_from_db()
    assert job.engine == "model" and job.outcomes["de"]["outcome"] == "skipped"
    with translation.override("de"):
        [(_code, _name, label, reason)] = [row for row in drafts.outcome_rows(job) if row[0] == "de"]
    assert label == "Kein Entwurf" and "ALT_TEXT_TRANSLATION_MODEL" in reason and "Übersetzungsmodell" in reason


def test_a_job_on_the_model_engine_records_the_model_of_each_draft(model_settings, stored):
    image = stored(noisy_gradient(), "photo.png", title="Lab bench")
    drafts.request_alt_text([image], ["en", "ja"])
    alt_text_drafts(AltTextJob.objects.get(image=image).pk)
    models = {row.language: (row.engine, row.model_name) for row in image.alt_text_reviews.all()}
    assert models == {"en": ("model", "captioner"), "ja": ("model", "translator")}


def test_an_svg_is_described_by_the_offline_describer_under_the_model_engine(model_settings, stored, figure_svg):
    image = stored(figure_svg, "figure.svg", title="LoRA architecture")
    drafts.request_alt_text([image], ["en"])
    alt_text_drafts(AltTextJob.objects.get(image=image).pk)
    image.refresh_from_db()
    assert "LoRA: a frozen weight" in image.alt_text_en
    assert image.alt_text_reviews.get(language="en").engine == "offline"


@pytest.mark.parametrize(("location", "message"), [
    ("/nonexistent/alt-text-model", "which is not a folder"),
    ("EMPTY", "holds no model (no config.json)"),
    ("TRANSLATOR", "cannot be loaded"),
])
def test_a_missing_or_wrong_model_folder_fails_the_job_with_what_to_fix(model_settings, stored, tmp_path, tiny_models,
                                                                       location, message):
    model_settings.ALT_TEXT_MODEL = {"EMPTY": str(tmp_path), "TRANSLATOR": str(tiny_models["translator"])}.get(
        location, location)
    image = stored(solid_red(), "red.png", title="Swatch")
    drafts.request_alt_text([image], ["en"])
    job = AltTextJob.objects.get(image=image)
    assert alt_text_drafts(job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert message in job.last_error and "ALT_TEXT_MODEL" in job.last_error
    assert job.attempts == 1 and not image.alt_text_reviews.exists()


def test_skipped_languages_explain_themselves():
    engine = VisionModelEngine("/unused", translation_model="")
    [result] = engine.describe([SourceImage(open_picture(encode(solid_red()), "r.png"), approved={"en": "Red."})],
                               ["de"])
    assert isinstance(result["de"], Skipped) and "ALT_TEXT_TRANSLATION_MODEL" in result["de"].message


def test_system_checks_report_a_misconfigured_engine_at_start(settings, tmp_path, tiny_models):
    from django.core.checks import run_checks

    def ids():
        return sorted(message.id for message in run_checks() if message.id and message.id.startswith("adapters_app"))

    assert ids() == []
    settings.ALT_TEXT_ENGINE = "vision"
    assert ids() == ["adapters_app.E001"]
    settings.ALT_TEXT_ENGINE = "model"
    assert ids() == ["adapters_app.E002"]
    settings.ALT_TEXT_MODEL = str(tmp_path / "missing")
    settings.ALT_TEXT_TRANSLATION_MODEL = f"de={tiny_models['translator']};ja={tmp_path}"
    assert ids() == ["adapters_app.W001", "adapters_app.W001"]
    settings.ALT_TEXT_MODEL = str(tiny_models["captioner"])
    settings.ALT_TEXT_TRANSLATION_MODEL = str(tiny_models["translator"])
    assert ids() == []
