"""An editor requests ads on a live article, a Monetization manager approves them, and then an
anonymous reader sees the slots while the signed-in editor does not: in a real browser."""

import re

import pytest

from articles.demo.loader import DemoLoader
from articles.models import ArticlePage

from .conftest import DEMO_PASSWORD, log_in, new_page, screenshot
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEM = "lora-for-vision-transformers"


@pytest.fixture
def article_without_ads(transactional_db, settings):
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.DEMO_USERS_PASSWORD = DEMO_PASSWORD
    settings.ADSENSE_CLIENT_ID = "ca-pub-1234567890123456"
    settings.ADSENSE_SLOTS = {"in_article": "1111111111", "sidebar": "2222222222", "end_of_article": "3333333333"}
    settings.ADSENSE_TEST_MODE = True
    loader = DemoLoader(log=lambda message: None)
    loader.build_structure()
    loader.people  # noqa: B018 — the demo logins, with DEMO_PASSWORD
    loader.load_pages(stems=[STEM])
    return ArticlePage.objects.live().get(slug=STEM, locale__language_code="en")


def test_editor_requests_manager_approves_reader_sees_the_slots(browser, live_server, article_without_ads, axe_source):
    article_url = f"{live_server.url}{article_without_ads.url}"
    reader = new_page(browser)
    reader.goto(article_url)
    assert reader.locator("div.ad-slot").count() == 0

    # The editor asks for ads from the page editor's Settings tab.
    editor = log_in(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/pages/{article_without_ads.pk}/edit/")
    editor.get_by_role("tab", name="Settings").click()
    editor.get_by_role("link", name="Request ads on this page").click()
    editor.wait_for_load_state()
    editor.get_by_label("Beside the article").check()
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Submit to Ad placement review").click()
    editor.wait_for_load_state()
    assert "submitted for moderation" in editor.locator(".messages").inner_text()
    screenshot(editor, "20-ads-requested")

    # Submitted is not approved: the reader still sees no ads.
    reader.reload()
    assert reader.locator("div.ad-slot").count() == 0

    # The Monetization manager finds it on the dashboard and approves it.
    manager = log_in(browser, live_server, "monetization")
    manager.locator("#awaiting-review-content").get_by_role("link", name=re.compile("LoRA for vision transformers")).click()
    manager.wait_for_load_state()
    manager.get_by_role("button", name="More actions").click()
    manager.get_by_role("button", name="Approve", exact=True).click()
    manager.wait_for_load_state()
    screenshot(manager, "21-ads-approved")

    reader.reload()
    slots = reader.locator("div.ad-slot")
    assert slots.count() == 3
    assert [slots.nth(i).get_attribute("data-ad-slot-name") for i in range(3)] == [
        "in_article", "end_of_article", "sidebar"]
    assert slots.first.locator(".ad-slot__label").inner_text().startswith("ADVERTISEMENTS")  # CSS uppercases it
    sidebar = reader.locator("div.ad-slot--sidebar").bounding_box()
    body = reader.locator(".article__body").bounding_box()
    assert sidebar["x"] >= body["x"] + body["width"], "the sidebar unit sits beside the article on a wide screen"
    assert reader.evaluate("getComputedStyle(document.querySelector('div.ad-slot--sidebar')).position") == "static"
    # Consent Mode: denied by default and non-personalised ads, until the consent platform grants it
    assert reader.evaluate("Array.from(dataLayer[0])") == ["consent", "default", {
        "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
        "analytics_storage": "denied", "wait_for_update": 500}]
    assert reader.evaluate("adsbygoogle.requestNonPersonalizedAds") == 1
    reader.evaluate("gtag('consent', 'update', {ad_storage: 'granted', ad_user_data: 'granted', "
                    "ad_personalization: 'granted', analytics_storage: 'granted'})")
    assert reader.evaluate("adsbygoogle.requestNonPersonalizedAds") == 0
    assert violations(reader, axe_source) == []
    reader.locator("div.ad-slot--in_article").scroll_into_view_if_needed()
    screenshot(reader, "22-reader-sees-in-article-slot")

    # The editor, signed in, reads the same page without ads.
    editor.goto(article_url)
    assert editor.locator("div.ad-slot").count() == 0
    assert editor.locator("ins.adsbygoogle").count() == 0
