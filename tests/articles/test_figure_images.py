"""Figures as Wagtail images: one SVG per language, redrawn when the catalogue changes, a warning in
the checks panel when a string is still in English, and a raster card for social networks."""

import pytest
from bs4 import BeautifulSoup

from articles.demo import figures
from governance.checks import run_checks

from .conftest import make_editorial


def figure_image(site_tree, key="deployment-pipeline", code="ja"):
    loader = site_tree.loader
    return loader.ensure_image(key, code, loader.demo_collection())


def test_figure_is_stored_as_svg_once(site_tree):
    image = figure_image(site_tree)
    assert image.is_svg() and (image.width, image.height) == (1600, 900)
    assert image.untranslated_text == []
    with image.open_file() as stored:
        assert stored.read().decode() == figures.render("deployment-pipeline", "ja").svg
    again = figure_image(site_tree)
    assert (again.pk, again.file.name) == (image.pk, image.file.name)  # nothing redrawn or copied
    rendition = image.get_rendition("fill-640x360")
    assert rendition.url.endswith(".svg") and (rendition.width, rendition.height) == (640, 360)


def test_catalogue_change_redraws_the_figure_and_the_checks_panel_warns(site_tree, japanese_catalogue_missing):
    image = figure_image(site_tree)
    assert image.untranslated_text == [japanese_catalogue_missing]
    with image.open_file() as stored:
        assert japanese_catalogue_missing in stored.read().decode()
    page = make_editorial(site_tree.index("articles", "ja"), "LoRA のデプロイ", image=image)
    result = next(result for result in run_checks(page) if result.rule.id == "figure-text-translated")
    assert not result.passed and not result.blocking  # a warning: publication is not held up
    assert "“Training”" in result.failures[0] and image.title in result.failures[0]


def test_translated_figure_passes_the_check(site_tree):
    page = make_editorial(site_tree.index("articles", "ja"), "LoRA のデプロイ", image=figure_image(site_tree))
    result = next(result for result in run_checks(page) if result.rule.id == "figure-text-translated")
    assert result.passed


def test_page_with_a_figure_shares_the_raster_site_card(client, site_tree):
    page = make_editorial(site_tree.index("articles"), "Deploying LoRA", image=figure_image(site_tree, code="en"))
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    og = {tag["property"]: tag["content"] for tag in html.select("meta[property]")}
    assert og["og:image"].endswith("/img/site-card.png") and og["og:image:width"] == "1200"
    assert html.select_one('meta[name="twitter:image"]')["content"] == og["og:image"]
    assert html.select_one("article img")["src"].endswith(".svg")  # the figure itself stays SVG
