"""Newsletter sign-up as a reader meets it: double opt-in with single-use expiring links, the same answer
whatever the address's state, rate limits, a honeypot, refused header injection, one-click unsubscribe,
preferences, a copy of one's data and erasure. Mail is read from the outbox it is queued in."""

import json
import re
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from articles.models import Topic
from newsletter import subscriptions
from newsletter.forms import CONSENT_TEXT
from newsletter.models import ConsentRecord, OutboundEmail, Subscriber, Suppression
from tests.articles.conftest import site_structure, site_tree  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db
SIGNUP = "/en/newsletter/subscribe/"


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    cache.clear()
    settings.PUBLIC_BASE_URL = "https://lora.example"


def sign_up(client, email="reader@example.com", language="de", topics=(), **extra):
    data = {"newsletter-email": email, "newsletter-language": language, "newsletter-frequency": "immediate",
            "newsletter-consent": "on", "newsletter-page": "/de/articles/qlora/", **extra}
    if topics:
        data["newsletter-topics"] = [str(topic.pk) for topic in topics]
    return client.post(SIGNUP, data, HTTP_USER_AGENT="Mozilla/5.0 (X11) Test", REMOTE_ADDR="203.0.113.77")


def mails_to(email):
    return [mail for mail in OutboundEmail.objects.order_by("pk") if mail.to == [email]]


def link_in(mail, name):
    return re.search(rf"https://lora\.example(/\w+(?:-\w+)?/newsletter/{name}/[^/\s\"]+/)", mail.body).group(1)


def test_double_opt_in_from_sign_up_to_welcome(client, site_tree):
    topic = Topic.objects.get(slug="quantization")
    response = sign_up(client, "  Reader@Example.COM ", topics=[topic])
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/check-your-inbox/"

    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.state, subscriber.language) == ("reader@example.com", "pending", "de")
    assert list(subscriber.topics.all()) == [topic]
    consent = subscriber.consents.get()
    assert (consent.action, consent.ip_prefix, consent.page, consent.language) == (
        "signup", "203.0.113.0/24", "/de/articles/qlora/", "de")
    assert consent.user_agent == "Mozilla/5.0 (X11) Test"
    shown = consent.consent_text  # the form was on an English page
    assert (shown.language, shown.text) == ("en", str(CONSENT_TEXT)) and len(shown.sha256) == 64

    [confirmation] = mails_to("reader@example.com")
    assert "Bestätigen" in confirmation.subject and "List-Unsubscribe" not in confirmation.headers
    confirm_path = link_in(confirmation, "confirm")
    assert confirm_path.startswith("/de/newsletter/confirm/")

    page = client.get(confirm_path)
    assert page.status_code == 200 and b"<form method=\"post\">" in page.content
    assert Subscriber.objects.get().state == "pending", "opening the link (or a mail scanner) confirms nobody"
    done = client.post(confirm_path)
    assert done.status_code == 200 and "Danke".encode() in done.content
    subscriber.refresh_from_db()
    assert subscriber.state == "subscribed" and subscriber.confirmed_at
    assert [c.action for c in subscriber.consents.all()] == ["signup", "confirm"]

    welcome = mails_to("reader@example.com")[-1]
    unsubscribe = "https://lora.example/de/newsletter/unsubscribe/"
    assert welcome.headers["List-Unsubscribe"].startswith(f"<{unsubscribe}")
    assert welcome.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    again = client.post(confirm_path)
    assert again.status_code == 400 and "bereits verwendet".encode() in again.content


def test_a_tampered_or_expired_link_changes_nothing(client, site_tree, settings, monkeypatch):
    sign_up(client)
    path = link_in(mails_to("reader@example.com")[0], "confirm")
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert client.post(tampered).status_code == 400
    assert client.get("/de/newsletter/confirm/not-a-token/").status_code == 400

    later = time.time() + settings.NEWSLETTER_CONFIRM_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = client.post(path)
    assert expired.status_code == 400 and "abgelaufen".encode() in expired.content
    assert Subscriber.objects.get().state == "pending"


def test_a_new_link_replaces_the_old_one(client, site_tree):
    sign_up(client)
    first = link_in(mails_to("reader@example.com")[0], "confirm")
    sign_up(client)
    second = link_in(mails_to("reader@example.com")[1], "confirm")
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 200


def test_the_answer_is_the_same_for_new_pending_and_subscribed_addresses(client, site_tree):
    answers = []
    for _ in range(2):
        answers.append(sign_up(client, "twice@example.com"))
    client.post(link_in(mails_to("twice@example.com")[-1], "confirm"))
    answers.append(sign_up(client, "twice@example.com"))
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/en/newsletter/check-your-inbox/")}
    subjects = [mail.subject for mail in mails_to("twice@example.com")]
    assert len(subjects) == 4  # confirm, confirm, welcome, already subscribed
    assert "bereits" in subjects[-1], "the subscriber is told by mail, not on the page"
    assert Subscriber.objects.get().state == "subscribed"


def test_rate_limits_per_client_and_per_address(client, site_tree, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "4/h"
    settings.NEWSLETTER_ADDRESS_RATE = "2/d"
    answers = [sign_up(client, "limit@example.com") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [302] * 4
    assert len(mails_to("limit@example.com")) == 2, "an address gets at most two mails a day"
    refused = sign_up(client, "other@example.com")
    assert refused.status_code == 429 and b"Too many sign-ups" in refused.content
    assert not Subscriber.objects.filter(email="other@example.com").exists()


def test_the_honeypot_and_hostile_input_store_nothing(client, site_tree):
    bot = sign_up(client, "bot@example.com", website="https://spam.example")
    assert bot.status_code == 302 and not Subscriber.objects.exists() and not OutboundEmail.objects.exists()
    for hostile in ("victim@example.com\nBcc: all@example.com", "victim@example.com\r\nBcc: all@example.com", "victim@example.com%0ABcc:all@example.com", "x" * 250 + "@e.com",
                    "not an address", ""):
        answer = sign_up(client, hostile)
        assert answer.status_code == 400, hostile
    no_consent = client.post(SIGNUP, {"newsletter-email": "a@example.com", "newsletter-language": "en",
                                      "newsletter-frequency": "immediate"})
    assert no_consent.status_code == 400 and b"Tick the box" in no_consent.content
    unknown_language = sign_up(client, language="xx")
    assert unknown_language.status_code == 400
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()


def test_sign_up_requires_a_csrf_token_which_the_cached_footer_form_fetches(site_tree):
    browser = Client(enforce_csrf_checks=True)
    assert sign_up(browser).status_code == 403
    footer = browser.get("/en/").content.decode()
    assert "csrfmiddlewaretoken" not in footer and 'data-token-url="/en/newsletter/form-token/"' in footer
    token_response = browser.get("/en/newsletter/form-token/")
    assert "no-store" in token_response["Cache-Control"] or "max-age=0" in token_response["Cache-Control"]
    answer = sign_up(browser, csrfmiddlewaretoken=token_response.json()["token"])
    assert answer.status_code == 302 and Subscriber.objects.get().email == "reader@example.com"


def test_the_footer_form_works_on_a_page_served_from_a_cache(site_tree, settings, django_assert_max_num_queries):
    """Django's own whole-page cache serves the home page to two readers; both can sign up from it."""
    settings.MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *settings.MIDDLEWARE,
                           "django.middleware.cache.FetchFromCacheMiddleware"]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    original = first.get("/en/")
    assert "csrftoken" not in original.cookies, "the page sets no per-visitor cookie, so it can be cached"
    with django_assert_max_num_queries(2):
        cached = second.get("/en/")
    assert cached.content == original.content and b"csrfmiddlewaretoken" not in cached.content
    for browser, email in ((first, "one@example.com"), (second, "two@example.com")):
        token = browser.get("/en/newsletter/form-token/").json()["token"]
        assert sign_up(browser, email, csrfmiddlewaretoken=token).status_code == 302
    assert Subscriber.objects.count() == 2


def test_one_click_unsubscribe_by_post_without_cookies_and_a_get_that_changes_nothing(client, site_tree):
    sign_up(client)
    client.post(link_in(mails_to("reader@example.com")[0], "confirm"))
    welcome = mails_to("reader@example.com")[-1]
    url = welcome.headers["List-Unsubscribe"].strip("<>").split(">")[0].removeprefix("https://lora.example")

    mail_client = Client(enforce_csrf_checks=True)
    page = mail_client.get(url)
    assert page.status_code == 200 and Subscriber.objects.get().state == "subscribed"
    done = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and Subscriber.objects.get().state == "unsubscribed"
    assert mail_client.post(url).status_code == 200
    assert [c.action for c in Subscriber.objects.get().consents.all()] == ["signup", "confirm", "unsubscribe"]
    assert Client().post(url[:-3] + "xx/").status_code == 400


def test_preferences_export_and_erasure(client, site_tree):
    sign_up(client, "keep@example.com")
    client.post(link_in(mails_to("keep@example.com")[0], "confirm"))
    preferences = link_in(mails_to("keep@example.com")[-1], "preferences")
    vision = Topic.objects.get(slug="vision")
    saved = client.post(preferences, {"action": "save", "language": "ja", "topics": [vision.pk], "frequency": "daily"})
    assert saved.status_code == 200 and saved.context["saved"]
    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.frequency, list(subscriber.topics.all())) == ("ja", "daily", [vision])

    copy = client.post(preferences, {"action": "export"})
    data = json.loads(copy.content)
    assert copy["Content-Disposition"].startswith("attachment") and data["email"] == "keep@example.com"
    assert [record["action"] for record in data["consent_records"]] == ["signup", "confirm", "preferences"]
    assert data["consent_records"][0]["consent_text"] and data["topics"] == ["vision"]

    erased = client.post(preferences, {"action": "erase"})
    assert erased.status_code == 200
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    assert Suppression.objects.get().email_sha256 == subscriptions.email_sha256("keep@example.com")
    assert "keep@example.com" not in json.dumps(list(Suppression.objects.values()), default=str)
    before = OutboundEmail.objects.count()
    assert sign_up(client, "KEEP@example.com").status_code == 302
    assert OutboundEmail.objects.count() == before and not Subscriber.objects.exists(), "never mailed again"
    assert client.get(preferences).status_code == 400


def test_sign_up_succeeds_while_the_broker_is_down_and_the_sweep_sends_the_mail_later(
        client, site_tree, monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from lorasite.celery import app as celery_app
    from lorasite.jobs import sweep_stale_jobs

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    sent = []
    monkeypatch.setattr(celery_app, "send_task", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        answer = sign_up(client, "patient@example.com")
    assert answer.status_code == 302
    [mail] = mails_to("patient@example.com")
    assert mail.state == "queued" and Subscriber.objects.get().state == "pending"

    monkeypatch.setattr(celery_app, "send_task", lambda name, args, **kwargs: sent.append((name, args)))
    OutboundEmail.objects.filter(pk=mail.pk).update(enqueued_at=mail.created_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stale_jobs()["newsletter.OutboundEmail"]["resent"] == 1
    assert sent == [("newsletter.tasks.deliver_email", [mail.pk])]


def test_the_newsletter_pages_carry_no_ads(client, site_tree):
    from governance.gate import ad_decision

    for url in ("/en/newsletter/", "/en/newsletter/check-your-inbox/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not ad_decision(response.wsgi_request).allowed, url


def test_an_erasure_requested_by_mail_is_one_command(site_tree):
    from django.core.management import CommandError, call_command

    person = Subscriber.objects.create(email="asked@example.com", language="en", state="subscribed")
    subscriptions.record(person, ConsentRecord.Action.SIGNUP, subscriptions.Visit(), "en")
    call_command("erase_subscriber", "Asked@Example.com")
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    assert subscriptions.is_suppressed("asked@example.com")
    with pytest.raises(CommandError, match="valid email"):
        call_command("erase_subscriber", "not an address")
