"""Search within the reader's language, including Japanese and Chinese words inside sentences."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.query import PageQuerySet

from articles.search import parse_query, words

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


# --- Whatever a reader types, the search answers with a page ------------------------------------

def search_failures(caplog):
    """Queries the search backend could not run (logged, and shown as "nothing matched")."""
    return [record for record in caplog.records if record.name == "articles.search"]


@pytest.mark.parametrize("query", ['a"b', 'lora"', '"a/b"'])
def test_reported_queries_with_quotes_answer_200(client, corpus, caplog, query):
    """Issue 9: SQLite FTS5 got these quotes unescaped and the page answered 500."""
    html, titles = results(client, "en", query)
    assert html.select_one("#results-heading") is not None
    assert search_failures(caplog) == []


def test_fts_operators_and_punctuation_are_plain_words(client, corpus, caplog):
    assert results(client, "en", "shadow AND (traffic OR NEAR(")[1] == []  # every word must match
    assert results(client, "en", "shadow* ^traffic: -adapters")[1] == ["Serving with vLLM"]
    assert results(client, "en", 'blue "green')[1] == ["Serving with vLLM"]  # an unbalanced quote quotes nothing
    assert search_failures(caplog) == []


@pytest.fixture
def phrase_pages(site_tree):
    index = site_tree.index("articles")
    together = make_editorial(index, "Adjacent words", body_text="The zorblat quexing stage runs nightly. " * 5)
    apart = make_editorial(index, "Separated words", body_text="Quexing comes first, and only later the zorblat stage. " * 5)
    return together, apart


def test_quoted_phrase_matches_adjacent_words_only(client, phrase_pages, caplog):
    assert sorted(results(client, "en", "zorblat quexing")[1]) == ["Adjacent words", "Separated words"]
    assert results(client, "en", '"zorblat quexing"')[1] == ["Adjacent words"]
    assert results(client, "en", '"zorblat, quexing!" nightly')[1] == ["Adjacent words"]
    assert search_failures(caplog) == []


def test_a_query_the_backend_cannot_run_shows_nothing_matched(client, corpus, caplog, monkeypatch):
    """A real database error while the backend evaluates the query: logged, and the reader sees the
    ordinary empty result (the savepoint keeps PostgreSQL's transaction usable for the rest of the page)."""

    class Failing:
        def __iter__(self):
            with connection.cursor() as cursor:
                cursor.execute("SELECT no_such_column FROM no_such_table")
            return iter(())

    monkeypatch.setattr(PageQuerySet, "search", lambda self, *args, **kwargs: Failing())
    with caplog.at_level(logging.ERROR, logger="articles.search"):
        html, titles = results(client, "en", "shadow")
    assert titles == []
    assert "Nothing matched" in html.get_text()
    assert len(search_failures(caplog)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"low rank" adapters', (["adapters"], [["low", "rank"]])),
        ('lora"', (["lora"], [])),
        ('a"b', (["a", "b"], [])),
        ('"a/b"', ([], [["a", "b"]])),
        ('"single"', (["single"], [])),
        ("NEAR( x* ^y z:w (-v) AND OR NOT", (["NEAR", "x", "y", "z", "w", "v", "AND", "OR", "NOT"], [])),
        ("snake_case \x00 🚀 ---", (["snake", "case"], [])),
        ("cafe\u0301 مُحَوِّل", (["café", "مُحَوِّل"], [])),  # combining marks stay inside their word
    ],
)
def test_parse_query_keeps_words_and_phrases_only(text, expected):
    assert parse_query(text) == expected


def test_parse_query_keeps_at_most_ten_words():
    loose, phrases = parse_query(" ".join(f"w{number}" for number in range(30)) + ' "p q r"')
    assert len(loose) == 10 and phrases == []


def test_words_never_carry_search_syntax():
    for word in words('a"b NEAR(x) *^:()-+{}[]<>\'"|&!~%'):
        assert all(character.isalnum() for character in word)


HOSTILE_FRAGMENTS = [
    '"', 'a"b', 'lora"', '"a/b"', "NEAR(", "NEAR(a b, 2)", "*", "^", ":", "(", ")", "-", "+", "{", "}",
    "AND", "OR NOT", "NOT", "col:term", "'", "''", "\\", "%", "_", "\x00", "\t\n", "x" * 5000, "rank " * 1000,
    "مرحبا بالعالم", "שלום", "\u202e\u202d", "🚀🦙", "👩‍💻", "e\u0301\u0301\u0301", "\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "量子化", "メモリ削減", "ｈａｌｆ", "\ufeff", "\u200b", "low rank", "shadow traffic",
]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    language=st.sampled_from(["en", "ja", "ar"]),
    pieces=st.lists(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_FRAGMENTS)), max_size=6),
    separator=st.sampled_from(["", " ", '"']),
)
def test_any_query_gets_a_page_never_an_error(client, corpus, caplog, language, pieces, separator):
    """Random text and hostile fragments, through the real view and backend: never a 5xx, never an
    exception, and never a query the backend refused (the fallback is not what keeps this green)."""
    query = separator.join(pieces)
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    assert search_failures(caplog) == []
