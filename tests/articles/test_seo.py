"""What search engines and social networks read, parsed from the rendered pages."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from articles.models import NewsPage

from .conftest import make_editorial, translate

pytestmark = pytest.mark.django_db


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def alternates(html):
    return {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}


def json_ld(html):
    graph = json.loads(html.select_one('script[type="application/ld+json"]').string)["@graph"]
    return {node["@type"]: node for node in graph}


def test_article_head_has_title_description_canonical_and_social_tags(client, article):
    html = head_of(client, article.url)
    assert html.title.get_text() == "Choosing the LoRA rank · LoRA Delivery"
    assert html.select_one('meta[name="description"]')["content"] == "Choosing the LoRA rank explained for platform engineers."
    assert html.select_one('link[rel="canonical"]')["href"] == f"http://testserver{article.url}"
    og = {tag["property"]: tag["content"] for tag in html.select("meta[property]")}
    assert og["og:type"] == "article" and og["og:url"] == f"http://testserver{article.url}"
    assert og["og:image"].startswith("http://testserver/") and og["og:image:width"] == "1200"
    assert og["og:image:alt"].startswith("Diagram of a frozen weight matrix")
    assert html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_article_json_ld_is_a_tech_article_with_required_properties(client, article):
    nodes = json_ld(head_of(client, article.url))
    tech = nodes["TechArticle"]
    assert tech["headline"] == "Choosing the LoRA rank"
    assert tech["datePublished"] == "2026-11-01T00:00:00+00:00"
    assert tech["dateModified"].endswith("+00:00")
    assert tech["inLanguage"] == "en"
    assert tech["image"][0].startswith("http://testserver/")
    assert tech["author"] == [{"@type": "Person", "name": "Mara Lindqvist", "url": "http://testserver/en/authors/mara-lindqvist/"}]
    assert tech["publisher"]["@type"] == "Organization" and tech["publisher"]["logo"]["url"].endswith("logo.png")
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[-1]["item"] == f"http://testserver{article.url}"


def test_news_json_ld_is_a_news_article(client, site_tree):
    news = make_editorial(site_tree.index("news"), "Punica's SGMV kernel", model=NewsPage)
    assert "NewsArticle" in json_ld(head_of(client, news.url))


def test_home_declares_organization_and_website_with_search(client, site_tree):
    nodes = json_ld(head_of(client, "/en/"))
    assert nodes["Organization"]["name"] == "LoRA Delivery"
    assert nodes["WebSite"]["potentialAction"]["target"]["urlTemplate"] == "http://testserver/en/search/?q={search_term_string}"


def test_hreflang_lists_live_translations_reciprocally_with_x_default(client, site_tree, article):
    japanese = translate(article, site_tree, "ja", title="LoRAランクの選び方", slug="choosing-lora-rank")
    arabic = translate(article, site_tree, "ar", title="اختيار رتبة LoRA", slug="choosing-lora-rank")
    expected = {
        "en": f"http://testserver{article.url}",
        "ja": f"http://testserver{japanese.url}",
        "ar": f"http://testserver{arabic.url}",
        "x-default": f"http://testserver{article.url}",
    }
    for url in (article.url, japanese.url, arabic.url):
        assert alternates(head_of(client, url)) == expected
    arabic.unpublish()
    assert "ar" not in alternates(head_of(client, article.url))


def test_language_switcher_offers_only_live_translations(client, site_tree, article):
    translate(article, site_tree, "de", title="Die LoRA-Rang-Wahl", slug="lora-rang")
    html = head_of(client, article.url)
    switcher = html.select_one(".language-switcher")
    assert [a["hreflang"] for a in switcher.select("a")] == ["de"]
    assert switcher.select_one('[aria-current="true"]').get_text() == "English"


def test_meta_description_falls_back_to_the_intro_at_155_characters(client, site_tree):
    page = make_editorial(site_tree.index("articles"), "Long intro", intro="adapters " * 50, search_description="")
    content = head_of(client, page.url).select_one('meta[name="description"]')["content"]
    assert len(content) <= 155


def test_sitemap_lists_every_live_page_with_hreflang_alternates(client, site_tree, article):
    japanese = translate(article, site_tree, "ja", title="LoRAランクの選び方", slug="choosing-lora-rank")
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(response.content)
    urls = {url.find("s:loc", ns).text: url for url in root.findall("s:url", ns)}
    assert "http://testserver/ja/" in urls and "http://testserver/ar/" in urls
    entry = urls[f"http://testserver{japanese.url}"]
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert links == {
        "en": f"http://testserver{article.url}",
        "ja": f"http://testserver{japanese.url}",
        "x-default": f"http://testserver{article.url}",
    }


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_rss_feed_per_language_is_advertised_and_lists_that_language(client, site_tree, article):
    translate(article, site_tree, "ja", title="LoRAランクの選び方", slug="choosing-lora-rank")
    make_editorial(site_tree.index("articles"), "English only")
    html = head_of(client, "/ja/")
    assert html.select_one('link[type="application/rss+xml"]')["href"] == "/ja/feed/"
    feed = ET.fromstring(client.get("/ja/feed/").content)
    assert feed.find("channel/language").text == "ja"
    assert [item.find("title").text for item in feed.findall("channel/item")] == ["LoRAランクの選び方"]
    english = ET.fromstring(client.get("/en/feed/").content)
    assert len(english.findall("channel/item")) == 2


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, site_tree):
    page = make_editorial(site_tree.index("articles"), "</script><script>alert(1)</script>")
    content = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in content
