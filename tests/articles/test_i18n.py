"""Languages: prefixes, redirects, right-to-left, translated interface, 404 and 500 pages."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import path

from lorasite.urls import urlpatterns as site_urlpatterns

from .conftest import make_editorial

pytestmark = pytest.mark.django_db


def test_root_redirects_by_accept_language_else_english(client, site_tree):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")["Location"] == "/ja/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/ar/"
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")["Location"] == "/en/"


def test_arabic_renders_right_to_left_with_translated_interface(client, site_tree):
    html = BeautifulSoup(client.get("/ar/").content, "html.parser")
    assert html.html["dir"] == "rtl" and html.html["lang"] == "ar"
    assert html.select_one(".skip-link").get_text() != "Skip to main content"
    english = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert english.html["dir"] == "ltr"


@pytest.mark.parametrize("code", ["de", "fr", "es", "ja", "zh-hans", "ar"])
def test_interface_strings_are_translated(client, site_tree, code):
    html = BeautifulSoup(client.get(f"/{code}/").content, "html.parser")
    assert html.select_one(".skip-link").get_text() != "Skip to main content"
    assert html.select_one(".site-search button").get_text() != "Search"


@pytest.mark.parametrize("url", ["/xx/", "/pt/articles/", "/zh-hant/", "/en/no-such-page/"])
def test_unknown_language_or_page_is_a_404_not_a_500_or_redirect(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 404


def test_404_page_is_in_the_readers_language(client, site_tree):
    response = client.get("/ja/no-such-page/")
    html = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 404
    assert html.html["lang"] == "ja"
    assert html.h1.get_text() != "Page not found"
    assert html.select_one('meta[name="robots"]')["content"] == "noindex"


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("<str:lang>/fail/", failing_view), *site_urlpatterns]
handler500 = "lorasite.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_in_the_readers_language(client, site_tree):
    client.raise_request_exception = False
    response = client.get("/ar/fail/")
    html = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 500
    assert html.html["dir"] == "rtl"
    assert html.h1.get_text() != "Something went wrong"


def test_changing_a_slug_redirects_the_old_url(client, site_tree, django_capture_on_commit_callbacks):
    page = make_editorial(site_tree.index("articles"), "Rank choices")
    old_url = page.url
    page.slug = "choosing-the-rank"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/choosing-the-rank/"
