"""A response made for one viewer (a signed-in user, who sees the Wagtail userbar; a preview) is
`private, no-store`, whatever the ad settings; an anonymous reader's page stays cacheable."""

import pytest

from tests.articles.conftest import make_editorial, site_structure, site_tree  # noqa: F401 — shared fixtures
from tests.governance.conftest import as_user, make_user, people  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["", "ca-pub-1234567890123456"], ids=["no-ads", "ads"])
def adsense(request, settings):
    settings.ADSENSE_CLIENT_ID = request.param
    return settings


@pytest.fixture
def live_page(site_tree):
    return make_editorial(site_tree.index("articles"), "Caching adapters at the edge")


def cache_control(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_signed_in_editors_page_view_is_private_and_not_stored(client, adsense, live_page, people):
    response = as_user(client, people["editor"]).get(live_page.url)
    assert response.status_code == 200
    assert "wagtail-userbar" in response.content.decode()
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)


@pytest.mark.parametrize("path", ["/en/", "/en/search/?q=adapters", "/en/feed/", "/robots.txt", "/en/no-such-page/"])
def test_every_response_to_a_signed_in_user_is_private(client, adsense, live_page, people, path):
    response = as_user(client, people["writer"]).get(path)
    assert response.status_code in (200, 404)
    assert {"private", "no-store"} <= cache_control(response)


def test_a_preview_is_private_and_not_stored(client, adsense, live_page, people):
    response = as_user(client, people["editor"]).get(f"/admin/pages/{live_page.pk}/edit/preview/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_an_anonymous_readers_page_view_is_not_private(client, adsense, live_page):
    response = client.get(live_page.url)
    assert response.status_code == 200
    assert "wagtail-userbar" not in response.content.decode()
    assert not {"private", "no-store"} & cache_control(response)


def test_a_reader_who_signed_out_gets_the_anonymous_headers(client, adsense, live_page, people):
    """A session cookie alone (here, after signing out) does not make a response private."""
    as_user(client, people["editor"])
    client.logout()
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(live_page.url)
    assert not {"private", "no-store"} & cache_control(response)
