"""The shared page cache as readers, editors and the CDN meet it: anonymous pages come from the cache,
keyed only by what the page reads; signed-in users, previews, messages and forms never touch it; every
change a page shows purges exactly the pages that show it, here and on the CDN; a failing cache fails no
page."""

import logging

import pytest
from django.core.cache import caches
from django.test import Client

from articles import purging
from articles.demo.loader import publish
from articles.models import ArticlePage, Author, LoraImage, Topic
from tests.support import frontend_cache

from tests.governance.conftest import make_user, people  # noqa: F401 — shared fixtures

from .conftest import make_editorial

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}}
    frontend_cache.PURGED.clear()
    return frontend_cache.PURGED


@pytest.fixture
def story(site_tree, topic, author):
    return make_editorial(site_tree.index("articles"), "Serving adapters at scale", topics=[topic], authors=[author])


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


def test_a_readers_page_is_served_from_the_cache_with_cdn_headers(client, story, page_cache,
                                                                   django_assert_max_num_queries):
    response, state = get(client, story.url)
    assert (response.status_code, state) == (200, "miss")
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=600" in control and "stale-while-revalidate=60" in control
    with django_assert_max_num_queries(2):
        again, state = get(client, story.url)
    assert state == "hit" and again.content == response.content


def test_only_the_parameters_a_page_reads_make_a_new_entry(client, story, site_tree, page_cache):
    listing = site_tree.index("articles").url
    assert get(client, listing)[1] == "miss"
    for noise in ("?utm_source=news&utm_medium=mail", "?fbclid=abc", "?x=1&y=2", "?page= "):
        assert get(client, listing + noise)[1] == "hit", noise
    assert get(client, listing + "?page=1")[1] == "miss", "a parameter the listing reads is its own entry"
    assert get(client, listing + "?utm_source=a&page=1")[1] == "hit"


@pytest.mark.parametrize("who", ["editor", "preview", "messages", "post"])
def test_signed_in_users_previews_messages_and_forms_never_touch_the_cache(client, story, page_cache, people, who):
    client.get(story.url)  # a reader filled the cache
    if who == "editor":
        client.force_login(people["editor"])
        response = client.get(story.url)
        assert "wagtail-userbar" in response.content.decode() and "no-store" in response["Cache-Control"]
    elif who == "preview":
        client.force_login(people["editor"])
        response = client.get(f"/admin/pages/{story.pk}/edit/preview/?mode=")
    elif who == "messages":
        client.cookies["messages"] = "anything"
        response = client.get(story.url)
    else:
        response = client.post(story.url)
    assert "X-Page-Cache" not in response
    assert Client().get(story.url)["X-Page-Cache"] == "hit", "and the readers' copy is untouched"


def test_pages_made_for_one_visitor_are_never_stored(client, site_tree, page_cache):
    for url in ("/en/newsletter/", "/en/newsletter/form-token/", "/admin/login/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url
    missing = client.get("/en/no-such-page/")
    assert missing.status_code == 404 and missing.get("X-Page-Cache") is None


def test_publishing_purges_exactly_the_pages_that_show_the_article(client, story, site_tree, topic, author,
                                                                   page_cache, cdn):
    home = site_tree.homes["en"]
    german = site_tree.loader.translate(story, "de", title="Adapter im großen Maßstab")
    expected = {
        story.url, german.url, site_tree.index("articles").url, site_tree.index("articles", "de").url,
        home.url, site_tree.homes["de"].url,
        home.route_url("feed"), site_tree.homes["de"].route_url("feed"),
        home.route_url("search"), site_tree.homes["de"].route_url("search"),
        home.route_url("topic", slug=topic.slug), site_tree.homes["de"].route_url("topic", slug=topic.slug),
        home.route_url("author", slug=author.slug), site_tree.homes["de"].route_url("author", slug=author.slug),
        "/sitemap.xml",
    }
    assert purging.page_paths(story) == expected

    for url in expected:
        client.get(url)
    frontend_cache.PURGED.clear()
    page = ArticlePage.objects.get(pk=story.pk)
    page.title = "Serving thousands of adapters"
    publish(page)
    for url in (story.url, home.url, home.route_url("topic", slug=topic.slug), site_tree.index("articles").url):
        response, state = get(client, url)
        assert state == "miss" and "Serving thousands of adapters" in response.content.decode(), url
    # The CDN gets the same list; Wagtail's frontend cache adds each path's other language prefixes.
    assert {f"http://localhost{url}" for url in expected} <= set(cdn)
    unprefixed = {url.split("/", 2)[-1] if url.count("/") > 1 else url for url in expected}
    assert {url.removeprefix("http://localhost/").split("/", 1)[-1] for url in cdn} <= unprefixed | {"sitemap.xml"}


def test_unpublishing_and_deleting_take_the_page_out_at_once(client, story, page_cache):
    assert get(client, story.url)[0].status_code == 200
    story.unpublish()
    assert client.get(story.url).status_code == 404
    other = make_editorial(story.get_parent(), "Short-lived note")
    client.get(other.url)
    url = other.url
    other.delete()
    assert client.get(url).status_code == 404


def test_image_topic_and_author_changes_purge_the_pages_that_show_them(client, site_tree, topic, hero_image,
                                                                      page_cache):
    story = make_editorial(site_tree.index("articles"), "Pictured", topics=[topic], image=hero_image)
    client.get(story.url)
    image = LoraImage.objects.get(pk=hero_image.pk)
    image.alt_text_en = "A newly described adapter diagram"
    image.save()
    assert get(client, story.url)[1] == "miss"

    client.get(story.url)
    Topic.objects.filter(pk=topic.pk).update()  # an update() without save() signals nothing …
    assert get(client, story.url)[1] == "hit"
    renamed = Topic.objects.get(pk=topic.pk)
    renamed.name_en = "Quantisation"
    renamed.save()  # … a save does, everywhere
    assert get(client, story.url)[1] == "miss" and get(client, site_tree.homes["ja"].url)[1] == "miss"
    Author.objects.first().save()
    assert get(client, story.url)[1] == "miss"


def test_a_failing_cache_serves_the_page_uncached_and_says_so(client, story, page_cache, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(caches["pages"] if "pages" in caches.settings else caches["default"], "get_many", down)
    with caplog.at_level(logging.ERROR, logger="articles.cache"):
        response = client.get(story.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "Page cache unavailable" in caplog.text


def test_a_flood_of_searches_cannot_evict_the_home_page(client, site_tree, page_cache):
    home = site_tree.homes["en"].url
    client.get(home)
    search = site_tree.homes["en"].route_url("search")
    for number in range(60):
        client.get(f"{search}?q=flood{number}")
    assert get(client, home)[1] == "hit"
    assert get(client, f"{search}?q=flood59")[1] == "hit", "searches are cached, in a store of their own"
