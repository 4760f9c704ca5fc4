"""Search within the reader's language, including Japanese and Chinese words inside sentences."""

import pytest
from bs4 import BeautifulSoup

from .conftest import make_editorial, translate

pytestmark = pytest.mark.django_db


def results(client, code, query, **params):
    response = client.get(f"/{code}/search/", {"q": query, **params})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html, [a.get_text() for a in html.select(".search-results h3 a")]


@pytest.fixture
def corpus(site_tree):
    index = site_tree.index("articles")
    quant = make_editorial(index, "Quantization budgets", body_text="NF4 weights and double quantization save memory. " * 10)
    serving = make_editorial(index, "Serving with vLLM", body_text="Blue green rollouts and shadow traffic for adapters. " * 10)
    translate(quant, site_tree, "ja", title="量子化の予算", slug="quantization-budgets",
              body=[{"type": "paragraph", "value": "<p>本番環境でのメモリ削減には二重量子化が有効です。</p>"}])
    translate(serving, site_tree, "zh-hans", title="使用 vLLM 部署", slug="serving",
              body=[{"type": "paragraph", "value": "<p>蓝绿发布和影子流量可以安全地上线适配器。</p>"}])
    translate(serving, site_tree, "ar", title="التقديم باستخدام vLLM", slug="serving",
              body=[{"type": "paragraph", "value": "<p>النشر الأزرق والأخضر وحركة المرور الظلية للمحولات.</p>"}])
    return site_tree


def test_english_search_finds_body_words_with_highlighted_excerpt(client, corpus):
    html, titles = results(client, "en", "shadow traffic")
    assert titles == ["Serving with vLLM"]
    assert [mark.get_text().lower() for mark in html.select(".search-results mark")][:2] == ["shadow", "traffic"]


def test_search_stays_within_the_readers_language(client, corpus):
    assert results(client, "de", "shadow")[1] == []
    assert results(client, "en", "量子化")[1] == []


def test_japanese_finds_a_word_inside_a_sentence(client, corpus):
    html, titles = results(client, "ja", "メモリ削減")
    assert titles == ["量子化の予算"]
    assert html.select_one(".search-results mark").get_text() == "メモリ削減"


def test_chinese_finds_a_word_inside_a_sentence(client, corpus):
    assert results(client, "zh-hans", "影子流量")[1] == ["使用 vLLM 部署"]


def test_arabic_search(client, corpus):
    assert results(client, "ar", "المرور")[1] == ["التقديم باستخدام vLLM"]


@pytest.mark.parametrize(
    "query",
    ["x" * 5000, "%%%%", "<script>alert(1)</script>" * 20, "'; DROP TABLE wagtailcore_page; --", "\x00\x01rank"],
)
def test_hostile_queries_get_a_clear_page(client, corpus, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_too_long_query_is_explained(client, corpus):
    html, titles = results(client, "en", "rank " * 100)
    assert titles == []
    assert "too long" in html.select_one('[role="alert"]').get_text()


def test_search_results_paginate(client, site_tree):
    for number in range(12):
        make_editorial(site_tree.index("articles"), f"Adapter note {number}", days_ago=number,
                       body_text="The zephyrine rollout checklist. " * 5)
    html, titles = results(client, "en", "zephyrine")
    assert len(titles) == 10
    html, titles = results(client, "en", "zephyrine", page=2)
    assert len(titles) == 2
