"""The home page's routes (topics, authors, search, feed) as every language links to them: each link
is the route in the page's own language, and following it serves that route."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from .conftest import translate

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def get_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def graph(html):
    nodes = json.loads(html.select_one('script[type="application/ld+json"]').string)["@graph"]
    return {node["@type"]: node for node in nodes}


@pytest.fixture
def articles_in_every_language(site_tree, article):
    pages = {"en": article}
    for code in LANGUAGES[1:]:
        pages[code] = translate(article, site_tree, code, title=f"Choosing the rank ({code})", slug="choosing-rank")
    return pages


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_links_its_languages_feed_and_search(client, site_tree, code):
    html = get_html(client, f"/{code}/")
    feed = html.select_one('link[rel="alternate"][type="application/rss+xml"]')["href"]
    assert feed == f"/{code}/feed/"
    assert [a["href"] for a in html.select(".footer-links a") if a["href"].endswith("/feed/")] == [feed]
    assert html.select_one("form.site-search")["action"] == f"/{code}/search/"
    search_action = graph(html)["WebSite"]["potentialAction"]["target"]["urlTemplate"]
    assert search_action == f"http://testserver/{code}/search/?q={{search_term_string}}"

    channel = ET.fromstring(client.get(feed).content).find("channel")
    assert channel.find("language").text == code
    assert get_html(client, f"/{code}/search/?q=LoRA").html["lang"] == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_article_links_author_and_topic_routes_in_its_language(client, articles_in_every_language, code):
    page = articles_in_every_language[code]
    html = get_html(client, page.url)
    author = html.select_one(".article__meta a")
    assert author["href"] == f"/{code}/authors/mara-lindqvist/"
    topic = html.select_one(".tags a")
    assert topic["href"] == f"/{code}/topics/quantization/"
    people = graph(html)["TechArticle"]["author"]
    assert [person["url"] for person in people] == [f"http://testserver{author['href']}"]

    for link in (author, topic):
        routed = get_html(client, link["href"])
        assert routed.html["lang"] == code
        assert page.title in [a.get_text() for a in routed.select(".card__title a")]


@pytest.mark.parametrize("code", ["en", "de", "ar"])
def test_not_found_page_searches_in_its_language(client, site_tree, code):
    html = get_html(client, f"/{code}/no-such-page/", status=404)
    assert html.select_one("form.search-form")["action"] == f"/{code}/search/"


def sitemap_links(client, loc):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entry = next(url for url in root.findall("s:url", SITEMAP_NS) if url.find("s:loc", SITEMAP_NS).text == loc)
    return {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP_NS)}


def head_links(client, url):
    html = get_html(client, url)
    return {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}


@pytest.mark.parametrize("default", ["en", "de"])
def test_sitemap_and_head_name_the_default_locales_page_as_x_default(client, settings, site_tree, article, default):
    settings.LANGUAGE_CODE = default
    german = translate(article, site_tree, "de", title="Die LoRA-Rang-Wahl", slug="lora-rang")
    default_url = f"http://testserver{(article if default == 'en' else german).url}"
    for page in (article, german):
        assert sitemap_links(client, f"http://testserver{page.url}")["x-default"] == default_url
        assert head_links(client, page.url)["x-default"] == default_url


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("route", ["topics/quantization/", "authors/mara-lindqvist/", "search/"])
def test_a_routed_page_is_its_own_canonical_with_the_same_route_in_every_language(client, site_tree, code, route):
    html = get_html(client, f"/{code}/{route}")
    assert html.select_one('link[rel="canonical"]')["href"] == f"http://testserver/{code}/{route}"
    alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}
    assert alternates["x-default"] == f"http://testserver/en/{route}"
    assert set(alternates.values()) == {f"http://testserver/{other}/{route}" for other in LANGUAGES}
    switcher = [a["href"] for a in html.select(".language-switcher a[href]")]
    assert switcher and all(href.endswith(f"/{route}") for href in switcher)
    crumbs = graph(html)["BreadcrumbList"]["itemListElement"]
    assert crumbs[-1]["item"] == f"http://testserver/{code}/{route}"
    assert "WebSite" not in graph(html)
