"""Page types: where each can be created, and that every one renders in every language."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    GalleryPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceLibraryPage,
    ResourcePage,
    StandardPage,
)
from articles.text import count_text, reading_minutes, text_length

from .conftest import make_editorial, translate

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (ArticlePage, {ArticleIndexPage}),
        (NewsPage, {NewsIndexPage}),
        (ResourcePage, {ResourceLibraryPage}),
        (ArticleIndexPage, {HomePage}),
        (NewsIndexPage, {HomePage}),
        (ResourceLibraryPage, {HomePage}),
        (GalleryPage, {HomePage}),
        (StandardPage, {HomePage}),
    ],
)
def test_page_types_are_creatable_only_where_they_belong(child, parents):
    assert set(child.allowed_parent_page_models()) == parents


def test_home_page_is_one_per_locale_root(site_tree):
    home = site_tree.homes["en"]
    assert not HomePage.can_create_at(home)
    assert ArticlePage.can_create_at(site_tree.index("articles"))
    assert not ArticlePage.can_create_at(home)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_structural_page_renders_in_every_language(client, site_tree, code):
    home = site_tree.homes[code]
    for page in [home, *home.get_children().live().specific()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = BeautifulSoup(response.content, "html.parser")
        assert html.html["lang"] == code
        assert html.h1 and html.h1.get_text(strip=True)


def test_article_and_news_render_with_their_parts(client, site_tree, article):
    news = make_editorial(site_tree.index("news"), "S-LoRA serves thousands of adapters", model=NewsPage)
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.h1.get_text() == "Choosing the LoRA rank"
    assert page.find("time")["datetime"] == "2026-11-01"
    assert "Mara Lindqvist" in page.get_text()
    assert page.find("a", string="Quantization")["href"] == "/en/topics/quantization/"
    hero = page.select_one(".article__hero img")
    assert hero["alt"] == "Diagram of a frozen weight matrix beside a low-rank adapter path"

    news_page = BeautifulSoup(client.get(news.url).content, "html.parser")
    assert news_page.select_one(".sources a")["href"] == "https://arxiv.org/abs/2106.09685"


def test_translated_article_uses_the_image_alt_text_of_its_language(client, site_tree, article):
    japanese = translate(article, site_tree, "ja", title="LoRAランクの選び方", slug="choosing-lora-rank")
    page = BeautifulSoup(client.get(japanese.url).content, "html.parser")
    assert page.html["lang"] == "ja"
    assert page.select_one(".article__hero img")["alt"] == "凍結された重み行列と低ランクのアダプター経路の図"


def test_listing_shows_own_locale_and_offers_untranslated_english(client, site_tree, article):
    other = make_editorial(site_tree.index("articles"), "Serving patterns")
    translate(article, site_tree, "de", title="Die LoRA-Rang-Wahl", slug="lora-rang")
    page = BeautifulSoup(client.get(site_tree.index("articles", "de").url).content, "html.parser")
    listed = [a.get_text() for a in page.select(".card-list .card__title a")]
    assert listed[0] == "Die LoRA-Rang-Wahl"
    also = page.select_one(".also-in")
    assert [a.get_text() for a in also.select(".card__title a")] == [other.title]
    assert also.select_one(".card")["lang"] == "en"


def test_topic_filter_and_unknown_topic(client, site_tree, article, topic):
    make_editorial(site_tree.index("articles"), "Serving patterns")
    index = site_tree.index("articles")
    filtered = BeautifulSoup(client.get(index.url + "?topic=quantization").content, "html.parser")
    assert [a.get_text() for a in filtered.select(".card-list .card__title a")] == [article.title]
    assert client.get(index.url + "?topic=nonexistent").status_code == 404


def test_topic_and_author_pages_per_language(client, site_tree, article, topic):
    response = client.get("/en/topics/quantization/")
    assert response.status_code == 200
    assert article.title in response.content.decode()
    japanese = client.get("/ja/topics/quantization/").content.decode()
    assert "<h1>量子化</h1>" in japanese
    assert client.get("/en/authors/mara-lindqvist/").status_code == 200
    assert client.get("/en/topics/no-such-topic/").status_code == 404


def test_pagination_handles_malformed_page_numbers(client, site_tree):
    for number in range(14):
        make_editorial(site_tree.index("articles"), f"Article {number}", days_ago=number)
    url = site_tree.index("articles").url
    first = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(first.select(".card-list > li")) == 12
    assert "Page 1 of 2" in first.select_one(".pagination").get_text()
    assert client.get(url + "?page=abc").status_code == 200
    last = BeautifulSoup(client.get(url + "?page=999").content, "html.parser")
    assert len(last.select(".card-list > li")) == 2


@pytest.mark.parametrize(
    ("text", "words", "cjk"),
    [
        ("Rank four adapters learn quickly.", 5, 0),
        ("低ランク適応は本番環境で使われる。", 0, 16),
        ("LoRA の rank を選ぶ", 2, 4),
        ("<p>مرحبا <b>بالعالم</b></p>", 2, 0),
    ],
)
def test_text_is_counted_in_words_and_cjk_characters(text, words, cjk):
    assert count_text(text) == (words, cjk)


def test_reading_time_counts_cjk_by_characters():
    assert reading_minutes("word " * 460) == 2
    assert reading_minutes("字" * 1000) == 2
    assert text_length("字" * 500) == 230


def test_publishing_a_page_held_since_before_its_children_keeps_them(client, site_tree):
    home = site_tree.homes["ja"]  # loaded by the fixture; gains no children afterwards here
    stale = type(home).objects.get(pk=home.pk)
    stale.numchild = 0  # what an object loaded before its children were added carries
    from articles.demo.loader import publish

    publish(stale)
    assert client.get(site_tree.index("articles", "ja").url).status_code == 200
