"""The ad-slot gate, as readers and editors see it: a slot is on the page only for an approved
placement on the live revision, for an anonymous reader, outside previews and declared views."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from wagtail.models import PageLogEntry

from governance import gate
from governance.models import AdPlacement
from governance.monetization import request_placement
from governance.review import act_on_current_step, submit_for_review

from .conftest import as_user

pytestmark = pytest.mark.django_db

CLIENT_ID = "ca-pub-1234567890123456"
SCRIPT = "pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"


@pytest.fixture(autouse=True)
def adsense(settings):
    settings.ADSENSE_CLIENT_ID = CLIENT_ID
    settings.ADSENSE_SLOTS = {"in_article": "1111111111", "sidebar": "2222222222", "end_of_article": "3333333333"}
    settings.ADSENSE_TEST_MODE = False
    settings.CONSENT_MANAGEMENT_SCRIPT_URL = ""
    return settings


def slots_on(client, url):
    html = client.get(url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return [aside["data-ad-slot-name"] for aside in soup.select("div.ad-slot")], html


def test_an_approved_placement_shows_every_enabled_slot_to_an_anonymous_reader(client, approved_placement):
    slots, html = slots_on(client, approved_placement.page.url)
    assert slots == ["in_article", "end_of_article", "sidebar"]
    soup = BeautifulSoup(html, "html.parser")
    unit = soup.select_one("div.ad-slot--in_article ins.adsbygoogle")
    assert unit["data-ad-client"] == CLIENT_ID
    assert unit["data-ad-slot"] == "1111111111"
    assert unit["data-ad-format"] == "auto" and unit["data-full-width-responsive"] == "true"
    assert "data-adtest" not in unit.attrs
    assert soup.select_one("div.ad-slot--in_article .ad-slot__label").get_text() == "Advertisements"
    # the in-article unit sits inside the body, between two sections, not next to navigation
    assert soup.select_one(".article__body div.ad-slot--in_article") is not None
    assert soup.select_one("nav div.ad-slot, header div.ad-slot") is None


def test_the_script_loads_once_and_after_the_consent_defaults(client, approved_placement):
    _slots, html = slots_on(client, approved_placement.page.url)
    assert html.count(SCRIPT) == 1
    consent = html.index('gtag("consent", "default"')
    assert consent < html.index('<ins class="adsbygoogle"') < html.index(SCRIPT)
    defaults = re.search(r'gtag\("consent", "default", \{([^}]*)\}', html).group(1)
    for signal in ("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage"):
        assert f'{signal}: "denied"' in defaults
    assert html.index("requestNonPersonalizedAds = 1") < html.index(SCRIPT)


def test_the_consent_platform_script_loads_before_any_ad(client, approved_placement, adsense):
    adsense.CONSENT_MANAGEMENT_SCRIPT_URL = "https://cmp.example/loader.js"
    _slots, html = slots_on(client, approved_placement.page.url)
    assert html.index('gtag("consent", "default"') < html.index("https://cmp.example/loader.js") < html.index(SCRIPT)


def test_test_mode_marks_every_unit(client, approved_placement, adsense):
    adsense.ADSENSE_TEST_MODE = True
    _slots, html = slots_on(client, approved_placement.page.url)
    soup = BeautifulSoup(html, "html.parser")
    assert all(unit.get("data-adtest") == "on" for unit in soup.select("ins.adsbygoogle"))
    assert "test unit, no real ads" in soup.select_one(".ad-slot__label").get_text()


def test_only_enabled_slots_render(client, live_article, people):
    request_placement(live_article, people["editor"], slots=("end_of_article",))
    act_on_current_step(AdPlacement.objects.get(page=live_article), people["monetization"])
    slots, _html = slots_on(client, live_article.url)
    assert slots == ["end_of_article"]


def test_no_placement_requested_no_ads(client, live_article):
    slots, html = slots_on(client, live_article.url)
    assert slots == [] and SCRIPT not in html and 'gtag("consent"' not in html


def test_a_pending_placement_shows_nothing(client, live_article, people):
    request_placement(live_article, people["editor"])
    assert AdPlacement.objects.get(page=live_article).state == "pending"
    slots, html = slots_on(client, live_article.url)
    assert slots == [] and SCRIPT not in html


def test_a_rejected_placement_shows_nothing(client, live_article, people):
    request_placement(live_article, people["editor"])
    placement = AdPlacement.objects.get(page=live_article)
    act_on_current_step(placement, people["monetization"], action="reject", comment="Too close to the fold.")
    assert AdPlacement.objects.get(pk=placement.pk).state == "rejected"
    assert slots_on(client, live_article.url)[0] == []


def test_publishing_a_new_revision_suspends_the_placement(client, approved_placement, people):
    page = approved_placement.page.specific
    assert slots_on(client, page.url)[0]
    page.intro = "Rewritten intro after the ad approval."
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])

    placement = AdPlacement.objects.get(pk=approved_placement.pk)
    assert placement.state == "suspended"
    assert "approve the placement again" in placement.suspension_reason
    slots, html = slots_on(client, page.url)
    assert slots == [] and SCRIPT not in html
    assert PageLogEntry.objects.filter(action="governance.ads.suspend").count() == 0  # pages' log
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="governance.ads.suspend", object_id=str(placement.pk)).exists()


def test_unpublishing_the_page_suspends_the_placement(approved_placement):
    approved_placement.page.unpublish()
    placement = AdPlacement.objects.get(pk=approved_placement.pk)
    assert placement.state == "suspended" and placement.suspension_reason == "The page was unpublished."


def test_a_suspended_placement_comes_back_only_when_approved_again(client, approved_placement, people):
    page = approved_placement.page.specific
    page.intro = "A new revision."
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    assert slots_on(client, page.url)[0] == []

    request_placement(page, people["editor"], slots=("in_article",))
    assert slots_on(client, page.url)[0] == []  # pending again
    act_on_current_step(AdPlacement.objects.get(pk=approved_placement.pk), people["monetization"])
    placement = AdPlacement.objects.get(pk=approved_placement.pk)
    assert placement.state == "approved" and placement.suspension_reason == ""
    assert placement.approved_revision_id == page.__class__.objects.get(pk=page.pk).live_revision_id
    assert slots_on(client, page.url)[0] == ["in_article"]


def test_a_signed_in_editor_never_sees_ads(client, approved_placement, people):
    response = as_user(client, people["editor"]).get(approved_placement.page.url)
    html = response.content.decode()
    assert "ad-slot" not in html and SCRIPT not in html
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_preview_never_shows_ads(client, approved_placement, people):
    page = approved_placement.page
    response = as_user(client, people["editor"]).get(f"/admin/pages/{page.pk}/edit/preview/")
    assert response.status_code == 200
    assert "ad-slot" not in response.content.decode()
    # the gate refuses a preview even for a request that is otherwise an anonymous reader's
    request = RequestFactory().get(page.url)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert gate.ad_decision(request, page).allowed
    preview = RequestFactory().get(page.url)
    preview.user, preview.is_preview = AnonymousUser(), True
    decision = gate.ad_decision(preview, page)
    assert not decision.allowed and decision.reason == "Previews never carry ads."


def test_no_client_id_no_ads_and_no_google_tags(client, approved_placement, adsense):
    adsense.ADSENSE_CLIENT_ID = ""
    slots, html = slots_on(client, approved_placement.page.url)
    assert slots == [] and "googlesyndication" not in html and 'gtag("consent"' not in html


def test_a_malformed_client_id_counts_as_unset(client, approved_placement, adsense):
    adsense.ADSENSE_CLIENT_ID = "pub-123"
    assert slots_on(client, approved_placement.page.url)[0] == []


def test_a_page_type_that_declares_itself_non_monetizable_never_shows_ads(client, approved_placement, monkeypatch):
    monkeypatch.setattr(type(approved_placement.page.specific), "monetizable", False, raising=False)
    assert slots_on(client, approved_placement.page.url)[0] == []


@pytest.mark.parametrize("path", ["/en/no-such-page/", "/en/search/?q=zzzyzzx", "/admin/login/"])
def test_declared_non_monetizable_views_refuse(client, approved_placement, path):
    """404, a search with no results and the admin login are declared non-monetizable: the gate
    refuses them even for the page with an approved placement."""
    from django.urls import resolve

    response = client.get(path)
    assert response.status_code in (200, 404)
    request = response.wsgi_request
    decision = gate.ad_decision(request, approved_placement.page)
    assert not decision.allowed
    if path != "/en/no-such-page/":
        assert getattr(resolve(path.split("?")[0]).func, "non_monetizable", False) or request.ads_declined


def test_every_admin_view_is_declared_non_monetizable():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    admin_views = [(route, view) for route, view in walk(get_resolver().url_patterns)
                   if route.startswith(("admin/", "django-admin/"))]
    assert len(admin_views) > 100
    assert [route for route, view in admin_views if not getattr(view, "non_monetizable", False)] == []


def test_caches_never_carry_a_slot_across_readers(client, approved_placement, people, page_cache):
    """The same URL, asked in turn by a reader, an editor and a reader again, then after a
    suspension: each answer follows the gate, through the shared page cache and any CDN."""
    url = approved_placement.page.url
    anonymous = client.get(url)
    assert "ad-slot" in anonymous.content.decode()
    assert "Cookie" not in anonymous.get("Vary", ""), "an anonymous reader's page is the same for everyone"
    assert "public" in anonymous["Cache-Control"] and anonymous["X-Page-Cache"] == "miss"
    client.cookies["ad_consent"] = "granted"
    assert client.get(url)["X-Page-Cache"] == "hit", "a consent cookie changes nothing"

    editor_client = type(client)()
    editor = as_user(editor_client, people["editor"]).get(url)
    assert "ad-slot" not in editor.content.decode() and "no-store" in editor["Cache-Control"]
    assert "X-Page-Cache" not in editor and "Cookie" in editor["Vary"]
    again = client.get(url)
    assert "ad-slot" in again.content.decode() and again["X-Page-Cache"] == "hit"

    page = approved_placement.page.specific
    page.intro = "Changed after approval."
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    assert "ad-slot" not in client.get(url).content.decode()


def test_the_gate_costs_one_query_per_page(client, approved_placement, adsense):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = approved_placement.page.url
    client.get(url)
    with CaptureQueriesContext(connection) as with_ads:
        assert "ad-slot" in client.get(url).content.decode()
    adsense.ADSENSE_CLIENT_ID = ""  # the gate stops before looking for a placement
    with CaptureQueriesContext(connection) as without_ads:
        assert "ad-slot" not in client.get(url).content.decode()
    assert len(with_ads) - len(without_ads) == 1


def test_ads_txt_names_the_publisher(client):
    response = client.get("/ads.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "google.com, pub-1234567890123456, DIRECT, f08c47fec0942fa0\n"


def test_ads_txt_is_not_found_without_a_publisher(client, adsense):
    adsense.ADSENSE_CLIENT_ID = ""
    assert client.get("/ads.txt").status_code == 404


def test_ads_txt_marks_a_test_publisher(client, adsense):
    adsense.ADSENSE_TEST_MODE = True
    lines = client.get("/ads.txt").content.decode().splitlines()
    assert lines[0].startswith("# Test publisher id") and lines[1].startswith("google.com, pub-")


def test_start_up_checks_say_what_keeps_ads_off(adsense):
    assert gate.adsense_settings_check() == []
    adsense.ADSENSE_SLOTS = {**adsense.ADSENSE_SLOTS, "sidebar": ""}
    assert [problem.id for problem in gate.adsense_settings_check()] == ["governance.W002"]
    adsense.ADSENSE_CLIENT_ID = "ca-pub-12"
    assert [problem.id for problem in gate.adsense_settings_check()] == ["governance.W001"]
    adsense.ADSENSE_CLIENT_ID, adsense.ADSENSE_TEST_MODE, adsense.DEBUG = CLIENT_ID, True, False
    assert "governance.W003" in [problem.id for problem in gate.adsense_settings_check()]
