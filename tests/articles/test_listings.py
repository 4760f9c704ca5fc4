"""Listings of articles and news: every one shows live pages of its locale newest first (a tie on the
date goes to the newer page) and loads the cards' images in a fixed number of queries."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage, NewsPage

from .conftest import make_editorial, translate

pytestmark = pytest.mark.django_db

CARD_RENDITION = "fill-640x360"  # the size templates/components/article_card.html asks for


def titles(html, selector=".card-list .card__title a"):
    return [a.get_text() for a in html.select(selector)]


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def dated_articles(site_tree, topic, author):
    """Three English articles: one older, two on the same later day (the second created last)."""
    index = site_tree.index("articles")
    older = make_editorial(index, "Older", days_ago=5, topics=[topic], authors=[author])
    first = make_editorial(index, "Same day, first", days_ago=1, topics=[topic], authors=[author])
    second = make_editorial(index, "Same day, second", days_ago=1, topics=[topic], authors=[author])
    return older, first, second


NEWEST_FIRST = ["Same day, second", "Same day, first", "Older"]


def test_listing_is_the_locales_live_pages_newest_first(site_tree, dated_articles):
    older, _first, _second = dated_articles
    draft = make_editorial(site_tree.index("articles"), "Unpublished")
    draft.unpublish()
    german = translate(older, site_tree, "de", title="Älter", slug="aelter")

    assert [page.title for page in ArticlePage.objects.listing(site_tree.locales["en"])] == NEWEST_FIRST
    assert list(ArticlePage.objects.listing(site_tree.locales["de"])) == [german]
    assert list(NewsPage.objects.listing(site_tree.locales["en"])) == []


def test_listing_loads_card_images_in_three_queries_however_many_cards(
    site_tree, hero_image, django_assert_num_queries
):
    index = site_tree.index("articles")
    english = site_tree.locales["en"]

    def render_cards():
        return [page.hero_image.get_rendition(CARD_RENDITION).url for page in ArticlePage.objects.listing(english)]

    make_editorial(index, "One", image=hero_image)
    render_cards()  # the rendition is made once, as on a running site
    for count in (1, 8):
        while ArticlePage.objects.listing(english).count() < count:
            make_editorial(index, f"Card {count}", image=hero_image)
        # pages with their locales, their hero images, the images' card renditions
        with django_assert_num_queries(3):
            assert len(render_cards()) == count


def test_home_page_lists_latest_articles_and_news_newest_first(client, site_tree, dated_articles):
    news_index = site_tree.index("news")
    make_editorial(news_index, "News, older", model=NewsPage, days_ago=4)
    make_editorial(news_index, "News, same day, first", model=NewsPage, days_ago=2)
    make_editorial(news_index, "News, same day, second", model=NewsPage, days_ago=2)
    html = get_html(client, "/en/")
    assert titles(html, "section[aria-labelledby=latest-heading] .card__title a") == NEWEST_FIRST
    assert titles(html, "section[aria-labelledby=news-heading] .card__title a") == [
        "News, same day, second",
        "News, same day, first",
        "News, older",
    ]


def test_article_index_topic_and_author_pages_list_newest_first(client, site_tree, dated_articles):
    make_editorial(site_tree.index("articles"), "Another subject, by someone else", days_ago=0)
    assert titles(get_html(client, "/en/topics/quantization/")) == NEWEST_FIRST
    assert titles(get_html(client, "/en/authors/mara-lindqvist/")) == NEWEST_FIRST
    index_url = site_tree.index("articles").url
    assert titles(get_html(client, index_url + "?topic=quantization")) == NEWEST_FIRST
    assert titles(get_html(client, index_url)) == ["Another subject, by someone else", *NEWEST_FIRST]


def test_topic_and_author_pages_list_only_their_locales_articles(client, site_tree, dated_articles):
    older, _first, _second = dated_articles
    translate(older, site_tree, "ja", title="古い記事", slug="older")
    assert titles(get_html(client, "/ja/topics/quantization/")) == ["古い記事"]
    assert titles(get_html(client, "/ja/authors/mara-lindqvist/")) == ["古い記事"]


def test_also_in_english_lists_untranslated_originals_newest_first(client, site_tree):
    index = site_tree.index("articles")
    # created oldest-published last, so creation order and publication order disagree
    make_editorial(index, "Published yesterday", days_ago=1)
    make_editorial(index, "Published last month", days_ago=30)
    translated = make_editorial(index, "Translated", days_ago=0)
    translate(translated, site_tree, "de", title="Übersetzt", slug="uebersetzt")
    html = get_html(client, site_tree.index("articles", "de").url)
    assert titles(html, ".also-in .card__title a") == ["Published yesterday", "Published last month"]


def test_feed_merges_articles_and_news_newest_first(client, site_tree, dated_articles):
    make_editorial(site_tree.index("news"), "News, between", model=NewsPage, days_ago=3)
    feed = ET.fromstring(client.get("/en/feed/").content)
    assert [item.find("title").text for item in feed.findall("channel/item")] == [
        "Same day, second",
        "Same day, first",
        "News, between",
        "Older",
    ]
