"""Every demo figure, rendered by Chromium in every language: no text leaves the figure,
outgrows the room its label has, or runs into other text. Screenshots in test-artifacts/figures/."""

import pytest

from articles.demo import figures

from .conftest import ARTIFACTS

LANGUAGES = figures.LANGUAGES

MEASURE = """
(svg) => {
  const view = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll("text")].map((text) => {
    const box = text.getBBox();
    return {text: text.textContent, x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height,
            width: box.width, max: text.dataset.maxWidth ? Number(text.dataset.maxWidth) : null};
  });
  return {view: [view.x, view.y, view.width, view.height], boxes};
}
"""


def layout_problems(measured):
    """Text outside the viewBox, wider than its label's room, or overlapping other text."""
    x, y, width, height = measured["view"]
    boxes = [box for box in measured["boxes"] if box["text"].strip()]
    problems = []
    for box in boxes:
        if box["x0"] < x - 0.5 or box["y0"] < y - 0.5 or box["x1"] > x + width + 0.5 or box["y1"] > y + height + 0.5:
            problems.append(f"leaves the figure: {box['text']!r}")
        if box["max"] is not None and box["width"] > box["max"] + 1:
            problems.append(f"{box['width']:.0f}px wide in {box['max']:.0f}px: {box['text']!r}")
    # a text box spans the font's whole ascent and descent; glyphs fill its middle part
    inked = [{**box, "y0": box["y0"] + 0.15 * (box["y1"] - box["y0"]), "y1": box["y1"] - 0.15 * (box["y1"] - box["y0"])}
             for box in boxes]
    for i, a in enumerate(inked):
        for b in inked[i + 1:]:
            if a["x0"] + 1 < b["x1"] and b["x0"] + 1 < a["x1"] and a["y0"] + 1 < b["y1"] and b["y0"] + 1 < a["y1"]:
                problems.append(f"overlaps: {a['text']!r} and {b['text']!r}")
    return problems


@pytest.fixture(scope="module")
def figure_page(browser_module):
    page = browser_module.new_page(viewport={"width": 1600, "height": 900})
    yield page
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", figures.FIGURE_KEYS)
def test_figure_text_fits(figure_page, key, lang):
    svg = figures.render(key, lang).svg
    figure_page.set_content(f'<!doctype html><html lang="{lang}"><body style="margin:0">{svg}</body></html>')
    figure_page.evaluate("document.fonts.ready")
    measured = figure_page.eval_on_selector("svg", MEASURE)
    folder = ARTIFACTS / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    figure_page.screenshot(path=str(folder / f"{key}-{lang}.png"))
    assert len(measured["boxes"]) > 3
    assert layout_problems(measured) == []
