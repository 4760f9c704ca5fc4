"""Tests for the demo figure generator (articles/demo/figures.py) and its metadata (figures.json).

Plain pytest functions: no Django, no database. Every figure is drawn once per language and cached
for the module, so the whole file runs in well under 20 seconds.
"""

import functools
import itertools
import json
import math
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageFont, ImageStat, features

from articles.demo import figures

FIGURES_JSON = Path(figures.__file__).with_name("figures.json")
ALL_CASES = [(key, lang) for key in figures.FIGURE_KEYS for lang in figures.LANGUAGES]
EXPECTED_KEYS = (
    "lora-architecture",
    "deployment-pipeline",
    "evaluation-matrix",
    "qlora-memory",
    "vit-lora-targets",
    "serving-topology",
    "rank-sweep",
    "adapter-routing",
    "peft-methods",
    "adapter-lifecycle",
)
# "Image of …" and its equivalents: alt text should say what the figure shows, not that it is one.
FORBIDDEN_ALT_PREFIXES = {
    "en": ("image of", "picture of", "photo of", "an image", "a picture"),
    "de": ("bild von", "bild:", "foto von", "abbildung von", "ein bild"),
    "fr": ("image de", "image d'", "photo de", "illustration de", "une image"),
    "es": ("imagen de", "foto de", "una imagen", "ilustración de"),
    "ja": ("画像", "写真", "イメージ"),
    "zh-hans": ("图片", "图像：", "图像:", "照片"),
    "ar": ("صورة", "صورة ل"),
}
MISSING_CODEPOINT = "\u0378"  # unassigned in Unicode: every font draws its .notdef box for it


@pytest.fixture(scope="module")
def drawn():
    """draw(key, lang), cached for the whole module."""
    return functools.cache(figures.draw)


@pytest.fixture(scope="module")
def metadata():
    return json.loads(FIGURES_JSON.read_text(encoding="utf-8"))


# --- images -----------------------------------------------------------------------------------


def test_figure_keys_and_languages():
    assert figures.FIGURE_KEYS == EXPECTED_KEYS
    assert figures.LANGUAGES == ("en", "de", "fr", "es", "ja", "zh-hans", "ar")


@pytest.mark.parametrize(("key", "lang"), ALL_CASES)
def test_every_figure_draws_in_every_language(drawn, key, lang):
    image = drawn(key, lang)
    assert image.size == (1600, 900)
    assert image.mode == "RGB"
    colours = image.getcolors(maxcolors=4096)
    assert colours is None or len(colours) > 200, "too few distinct colours: the figure looks blank"
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 20
    non_white = sum(count for count, rgb in (image.getcolors(maxcolors=1 << 20) or []) if rgb != (255, 255, 255))
    assert non_white > 0.04 * 1600 * 900
    # text that overflowed its box, left the canvas or overlaps other text is recorded while drawing
    assert image.info["layout_warnings"] == []


def test_languages_produce_different_images(drawn):
    for key in figures.FIGURE_KEYS:
        english = drawn(key, "en").tobytes()
        for lang in figures.LANGUAGES[1:]:
            assert drawn(key, lang).tobytes() != english, f"{key} in {lang} is identical to English"


def test_save_png(tmp_path):
    path = figures.save_png("qlora-memory", "ja", tmp_path / "out" / "qlora-memory.ja.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1600, 900)


@pytest.mark.parametrize("bad", ["", "lora", "LoRA-Architecture", "figure-11"])
def test_unknown_key_raises(bad):
    with pytest.raises(ValueError, match="unknown figure key"):
        figures.draw(bad, "en")


@pytest.mark.parametrize("bad", ["", "EN", "zh", "zh-Hans", "pt", "ar-EG"])
def test_unknown_language_raises(bad):
    with pytest.raises(ValueError, match="unknown language"):
        figures.draw("lora-architecture", bad)
    with pytest.raises(ValueError):
        figures.save_png("lora-architecture", bad, "/nonexistent/never-written.png")


# --- fonts, tofu and Arabic shaping ---------------------------------------------------------------


def _labels(lang):
    """Every string the module can draw for a language."""
    index = figures.LANGUAGES.index(lang)
    texts = [values[index].replace("\xad", "") for values in figures._T.values()]
    return texts + list(figures._LATIN_ONLY)


@functools.cache
def _mask_bytes(face, text, direction):
    font = ImageFont.truetype(face.path, 48, index=face.index, layout_engine=figures.layout_engine())
    kwargs = {"direction": direction} if figures.layout_engine() is ImageFont.Layout.RAQM else {}
    mask = font.getmask(text, **kwargs)
    return mask.size, bytes(mask)


@functools.cache
def _fonttools_cmap(face):
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    return set(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap())


def _is_tofu(face, ch, direction):
    """True if the font draws ch as .notdef: checked on its cmap with fontTools when installed,
    otherwise by comparing the glyph's bitmap with the bitmap of an unassigned code point."""
    cmap = _fonttools_cmap(face)
    if cmap is not None:
        return ord(ch) not in cmap
    return _mask_bytes(face, ch, direction) == _mask_bytes(face, MISSING_CODEPOINT, direction)


def test_notdef_reference_is_really_a_box():
    """The bitmap comparison only means something if .notdef draws visible ink."""
    for lang in ("en", "ja", "ar"):
        face = figures.font_chain(lang, direction="rtl" if lang == "ar" else "ltr")[0]
        _size, data = _mask_bytes(face, MISSING_CODEPOINT, "ltr")
        assert any(data), f"{face.name} has an empty .notdef glyph"


@pytest.mark.parametrize("lang", figures.LANGUAGES)
def test_no_tofu_in_any_label(lang):
    """Each character of every label, in the font the renderer picks for it, has a real glyph."""
    checked = set()
    for text in _labels(lang):
        for segment in figures.segments(text, lang):
            for ch in segment.text:
                if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc"):
                    continue
                if (segment.face, ch) in checked:
                    continue
                checked.add((segment.face, ch))
                name = unicodedata.name(ch, "?")
                assert not _is_tofu(segment.face, ch, segment.direction), (
                    f"U+{ord(ch):04X} {name} renders as tofu in {segment.face.name} ({lang}: {text!r})"
                )
    assert checked


@pytest.mark.parametrize(("lang", "family_part"), [("ja", "CJK"), ("zh-hans", "CJK"), ("ar", "Arabic"), ("en", "Sans")])
def test_language_uses_a_suitable_font(lang, family_part):
    face = figures.font_chain(lang, direction="rtl" if lang == "ar" else "ltr")[0]
    family = ImageFont.truetype(face.path, 12, index=face.index).getname()[0]
    assert family_part in family, f"{lang} is drawn with {family}"
    if lang == "ja":
        assert family.endswith("JP")
    if lang == "zh-hans":
        assert family.endswith("SC")


def test_japanese_label_is_not_tofu():
    """A whole rendered Japanese label differs from the same number of .notdef boxes."""
    label = figures._tr("pipe.data", "ja")
    face = figures.segments(label, "ja")[0].face
    assert _mask_bytes(face, label, "ltr") != _mask_bytes(face, MISSING_CODEPOINT * len(label), "ltr")


def test_raqm_layout_available():
    assert features.check("raqm"), (
        "Pillow's raqm layout is missing: Arabic needs it for shaping and right-to-left order. "
        "On Debian/Ubuntu install libfribidi0 (Pillow wheels bundle libraqm and HarfBuzz)."
    )


def test_arabic_is_shaped():
    """Joined letters take their initial/medial/final forms, which are narrower than isolated forms."""
    face = figures.font_chain("ar", direction="rtl")[0]
    font = ImageFont.truetype(face.path, 48, index=face.index, layout_engine=ImageFont.Layout.RAQM)
    isolated = font.getlength("ب", direction="rtl", language="ar")
    joined = font.getlength("ببب", direction="rtl", language="ar")
    assert joined < 0.8 * 3 * isolated
    assert not _is_tofu(face, "ب", "rtl")


def test_arabic_runs_are_laid_out_right_to_left():
    # the first (logical) word of an Arabic label is drawn rightmost; Latin terms keep their order
    parts = figures.segments("نشر LoRA سريع", "ar")
    assert parts[0].text.strip() == "سريع"
    assert parts[-1].text.strip() == "نشر"
    assert any(p.text == "LoRA" and p.direction == "ltr" for p in parts)
    # numbers with separators stay together, and parentheses follow their content
    runs = figures._bidi_runs("من 16,777,216 (0.39%)")
    assert ("16,777,216", "ltr") in runs and ("0.39%", "ltr") in runs
    assert figures._bidi_runs("IA3 (k, v, down_proj)") == [("IA3 (k, v, down_proj)", "ltr")]


def test_arabic_figure_is_mirrored(drawn):
    """Flow diagrams run right to left in Arabic: the first pipeline stage sits on the right."""

    def ink_centre(image, box):
        region = image.crop(box).convert("L")
        return ImageStat.Stat(region.point(lambda v: 255 if v < 128 else 0)).mean[0]

    english, arabic = drawn("deployment-pipeline", "en"), drawn("deployment-pipeline", "ar")

    # the stage-1 badge is sky blue; find which side of the figure it is on
    def sky_x(image):
        xs = [x for x in range(0, 1600, 4) if image.getpixel((x, 200)) == figures.SKY]
        return sum(xs) / len(xs)

    assert sky_x(english) < 800 < sky_x(arabic)
    assert ink_centre(arabic, (1000, 20, 1580, 90)) > ink_centre(arabic, (20, 20, 600, 90))  # title on the right


def _clear_font_caches():
    for cached in (figures._font_files, figures._face, figures._fontconfig_face, figures.font_chain):
        cached.cache_clear()
    figures.segments.cache_clear()
    figures.text_width.cache_clear()


def test_missing_fonts_fail_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(figures, "_FONT_DIRS", ("/nonexistent-font-dir",))
    monkeypatch.setattr(figures.shutil, "which", lambda name: None)  # no fontconfig fallback either
    _clear_font_caches()
    try:
        for lang in ("en", "ja"):
            with pytest.raises(figures.FontError, match="fonts-noto-core and fonts-noto-cjk"):
                figures.draw("adapter-lifecycle", lang)
    finally:
        monkeypatch.undo()
        _clear_font_caches()
    assert figures.draw("adapter-lifecycle", "ja").size == (1600, 900)


# --- data computed in code --------------------------------------------------------------------------


def test_qlora_memory_is_computed_from_bytes_per_parameter():
    assert dict(figures.BYTES_PER_PARAM) == {"bf16": 2.0, "int8": 1.0, "NF4": 0.5625, "NF4 + DQ": 0.516}
    assert figures.weight_memory_gb(7e9, 2.0) == pytest.approx(14.0)
    assert figures.weight_memory_gb(65e9, 0.5625) == pytest.approx(36.5625)
    assert figures.weight_memory_gb(65e9, 0.516) == pytest.approx(33.54)
    assert figures.weight_memory_gb(65e9, 0.516) < figures.GPU_48GB < figures.weight_memory_gb(65e9, 1.0)


def test_peft_parameter_counts():
    shape = figures.LLAMA_7B_SHAPE
    assert figures.llama_parameter_count(**shape) == 6_738_415_616
    counts = figures.peft_trainable_parameters(**shape)
    assert counts["peft.lora_qv"] == 32 * 2 * 8 * (4096 + 4096) == 4_194_304
    assert counts["peft.lora_all"] == 19_988_480
    assert counts["peft.prompt"] == 20 * 4096
    assert counts["peft.prefix"] == 20 * 32 * 2 * 4096
    assert counts["peft.full"] == figures.llama_parameter_count(**shape)
    shares = [100 * c / counts["peft.full"] for c in counts.values()]
    assert all(1e-3 <= s <= 100 for s in shares)  # inside the log axis of the figure


def test_rank_sweep_reproduces_the_lab_finding():
    plain = [figures.rank_sweep_accuracy(r, rslora=False) for r in figures.RANKS]
    rs = [figures.rank_sweep_accuracy(r, rslora=True) for r in figures.RANKS]
    peak = figures.RANKS[plain.index(max(plain))]
    assert peak == 4
    assert max(plain) == pytest.approx(0.76, abs=0.01)
    assert plain[-1] < max(plain) - 0.15  # higher ranks do worse with alpha/r
    assert all(b >= a for a, b in itertools.pairwise(rs))  # rsLoRA keeps improving ...
    assert rs[-1] - rs[2] < 0.1  # ... slightly
    assert all(0 < v < 1 for v in plain + rs)


def test_number_formatting_follows_language():
    assert figures.fmt_number(65536, 0, "en") == "65,536"
    assert figures.fmt_number(65536, 0, "de") == "65.536"
    assert figures.fmt_number(0.39, 2, "fr") == "0,39"
    assert figures.fmt_percent(0.0622, "de") == "0,0622\u00a0%"
    assert math.isclose(float(figures.fmt_percent(33.5, "en").rstrip("%")), 33.5)


# --- figures.json ---------------------------------------------------------------------------------


def test_metadata_has_every_key(metadata):
    assert set(metadata) == set(figures.FIGURE_KEYS)


@pytest.mark.parametrize("key", figures.FIGURE_KEYS)
def test_metadata_entry(metadata, key):
    entry = metadata[key]
    for field in ("title", "alt_text", "caption"):
        assert set(entry[field]) == set(figures.LANGUAGES), f"{key}.{field} languages"
        for lang, text in entry[field].items():
            assert isinstance(text, str) and text.strip() == text and text, f"{key}.{field}.{lang}"
    assert entry["licence"] == "CC BY 4.0"
    assert entry["credit"] == "LoRA Delivery"
    assert entry["source"].startswith("Drawn for LoRA Delivery with Pillow (articles/demo/figures.py)")
    assert entry["ai_generated"] is False
    assert entry["title"] == figures.titles()[key], "figures.json titles must match the drawn titles"


@pytest.mark.parametrize("lang", figures.LANGUAGES)
def test_alt_texts(metadata, lang):
    seen = set()
    for key in figures.FIGURE_KEYS:
        alt = metadata[key]["alt_text"][lang]
        assert 80 <= len(alt) <= 250, f"{key} alt text in {lang} has {len(alt)} characters"
        lowered = alt.casefold()
        assert not lowered.startswith(FORBIDDEN_ALT_PREFIXES[lang]), f"{key} alt text in {lang}: {alt[:30]!r}"
        assert alt != metadata[key]["caption"][lang]
        seen.add(alt)
    assert len(seen) == len(figures.FIGURE_KEYS)


def test_metadata_cites_data_sources(metadata):
    assert "arXiv:2305.14314" in metadata["qlora-memory"]["source"]
    assert "illustrative" in metadata["evaluation-matrix"]["source"]
    assert "illustrative" in metadata["rank-sweep"]["source"]
    assert "32 layers, hidden 4096" in metadata["peft-methods"]["source"]
    # numbers in the English alt text come from the same computation as the chart
    assert f"{figures.weight_memory_gb(65e9, 0.516):.1f} GB" in metadata["qlora-memory"]["alt_text"]["en"]
