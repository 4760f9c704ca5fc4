"""A reader goes home → article → Japanese → back, in a real browser."""

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_reader_switches_an_article_to_japanese_and_back(page, live_server, demo_site):
    page.goto(f"{live_server.url}/en/")
    assert page.locator("h1").first.inner_text()
    screenshot(page, "01-home-en")

    page.locator(".featured a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "The complete LoRA deployment guide"
    assert page.locator(".article__body h2").count() >= 5
    assert page.evaluate("document.querySelector('.article__hero img').naturalWidth") > 0
    screenshot(page, "02-article-en")

    page.locator(".language-switcher a[hreflang='ja']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "/ja/" in page.url
    screenshot(page, "03-article-ja")

    page.locator(".language-switcher a[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "The complete LoRA deployment guide"


def test_arabic_article_is_laid_out_right_to_left(page, live_server, demo_site):
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator(".featured a").first.click()
    page.wait_for_load_state()
    body = page.locator(".article__body p").first.bounding_box()
    heading_right = page.evaluate("document.querySelector('h1').getBoundingClientRect().right")
    assert abs(heading_right - (body["x"] + body["width"])) < 40, "text starts at the right edge"
    screenshot(page, "04-article-ar")
