"""What subscribers receive: an alert when a page is first published in their language and topics (or a
daily digest), composed issues once their workflow approves them, each exactly once, however often a
fan-out runs, and never to an address that bounced or complained."""

import datetime

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.utils import timezone

from articles.models import NewsPage, Topic
from lorasite.jobs import JobState, sweep_stale_jobs
from newsletter import mails, sending
from newsletter.models import (
    Delivery,
    Frequency,
    NewsletterIssue,
    OutboundEmail,
    Send,
    SendKind,
    Subscriber,
    SubscriberState,
    Suppression,
)
from newsletter.roles import ensure_newsletter_roles
from newsletter.tasks import fan_out
from tests.articles.conftest import make_editorial, site_structure, site_tree  # noqa: F401 — shared fixtures
from tests.governance.conftest import make_user, people  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_BASE_URL = "https://lora.example"


def subscriber(email, language="de", topics=(), frequency=Frequency.IMMEDIATE, state=SubscriberState.SUBSCRIBED):
    person = Subscriber.objects.create(email=email, language=language, frequency=frequency, state=state)
    person.topics.set(topics)
    return person


def received(email):
    return [mail for mail in OutboundEmail.objects.order_by("pk") if mail.to == [email]]


def run(send):
    """The fan-out task as a worker runs it (its message may arrive more than once)."""
    return fan_out(send.pk)


@pytest.fixture
def readers(site_tree):
    quantization, vision = Topic.objects.get(slug="quantization"), Topic.objects.get(slug="vision")
    return {
        "any": subscriber("any@example.com"),
        "quant": subscriber("quant@example.com", topics=[quantization]),
        "vision": subscriber("vision@example.com", topics=[vision]),
        "daily": subscriber("daily@example.com", frequency=Frequency.DAILY),
        "english": subscriber("english@example.com", language="en"),
        "pending": subscriber("pending@example.com", state=SubscriberState.PENDING),
        "left": subscriber("left@example.com", state=SubscriberState.UNSUBSCRIBED),
        "topics": (quantization, vision),
    }


def test_a_page_first_published_in_a_language_alerts_its_subscribers_once(site_tree, readers, settings):
    settings.NEWSLETTER_FANOUT_BATCH = 2
    quantization, _vision = readers["topics"]
    page = make_editorial(site_tree.index("articles", "de"), "QLoRA im Betrieb", topics=[quantization])
    send = Send.objects.get(kind=SendKind.ALERT, page=page)
    assert (send.language, send.state) == ("de", JobState.QUEUED)

    assert run(send) == JobState.SUCCEEDED
    assert {delivery.subscriber.email for delivery in Delivery.objects.filter(send=send)} == {
        "any@example.com", "quant@example.com"}
    [alert] = received("quant@example.com")
    assert alert.subject == "Neu bei LoRA Delivery: QLoRA im Betrieb" and alert.language == "de"
    assert "https://lora.example/de/" in alert.body and alert.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for name in ("vision", "daily", "english", "pending", "left"):
        assert received(readers[name].email) == [], name

    assert run(send) == JobState.SUCCEEDED, "a redelivered message finds the send done"
    page.save_revision().publish()
    assert Send.objects.filter(page=page).count() == 1, "a later publication alerts nobody"
    Send.objects.filter(pk=send.pk).update(state=JobState.QUEUED)
    run(send)  # even a send run again from the start writes nothing twice
    assert Delivery.objects.count() == 2 and len(received("any@example.com")) == 1


def test_a_fan_out_lost_with_its_worker_resumes_without_sending_anyone_anything_twice(
        site_tree, readers, settings, monkeypatch):
    settings.NEWSLETTER_FANOUT_BATCH = 1
    for number in range(4):
        subscriber(f"more{number}@example.com")
    page = make_editorial(site_tree.index("articles", "de"), "Adapter im Einsatz")
    send = Send.objects.get(page=page)
    real_alert, calls = mails.alert, []

    def dies_on_the_fourth(person, alert_page):
        calls.append(person.email)
        if len(calls) == 4:
            raise SystemExit("worker killed")  # not an error the job records: the process is gone
        return real_alert(person, alert_page)

    monkeypatch.setattr(mails, "alert", dies_on_the_fourth)
    with pytest.raises(SystemExit):
        run(send)
    assert Send.objects.get(pk=send.pk).state == JobState.RUNNING and Delivery.objects.count() == 3
    monkeypatch.setattr(mails, "alert", real_alert)

    Send.objects.filter(pk=send.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    assert sweep_stale_jobs()["newsletter.Send"]["requeued"] == 1
    assert run(send) == JobState.SUCCEEDED
    everyone = Subscriber.objects.filter(state="subscribed", language="de", frequency="immediate").count()
    assert Delivery.objects.count() == everyone == 7  # the page has no topics: every immediate reader
    assert all(len(received(person.email)) == 1 for person in Subscriber.objects.filter(deliveries__isnull=False))


def test_daily_subscribers_get_one_digest_of_what_matches_their_topics(site_tree, readers):
    quantization, vision = readers["topics"]
    news = site_tree.index("news", "de")
    first = make_editorial(news, "NF4 erklärt", model=NewsPage, topics=[quantization])
    second = make_editorial(news, "ViT-Adapter", model=NewsPage, topics=[vision])
    picky = subscriber("picky@example.com", frequency=Frequency.DAILY, topics=[vision])
    elsewhere = subscriber("elsewhere@example.com", frequency=Frequency.DAILY, topics=[Topic.objects.get(slug="safety")])
    today = timezone.now().date()

    [digest] = sending.queue_digests(today)
    assert sending.queue_digests(today) == [], "one digest per language and day"
    run(digest)
    [everything] = received("daily@example.com")
    assert first.title in everything.body and second.title in everything.body
    [only_vision] = received(picky.email)
    assert second.title in only_vision.body and first.title not in only_vision.body
    assert received(elsewhere.email) == [], "no digest when nothing matches"
    assert Send.objects.filter(kind=SendKind.ALERT, page__in=[first, second]).count() == 2, "immediate readers' alerts"
    assert Send.objects.filter(kind=SendKind.DIGEST).count() == 1


@pytest.fixture
def issue(site_tree, readers):
    ensure_newsletter_roles()
    quantization, _vision = readers["topics"]
    article = make_editorial(site_tree.index("articles", "de"), "Rang wählen", topics=[quantization])
    composed = NewsletterIssue(subject="Ausgabe 1: Quantisierung", language="de", intro="Das Neueste.", body=[
        {"type": "heading", "value": "Diese Woche"},
        {"type": "paragraph", "value": '<p>Lesen Sie <a href="https://arxiv.org/abs/2305.14314">QLoRA</a>.</p>'},
        {"type": "featured", "value": {"page": article.pk, "note": ""}}], live=False)
    composed.save()
    composed.topics.set([quantization])
    composed.save()
    Delivery.objects.all().delete()
    OutboundEmail.objects.all().delete()
    return composed


def test_a_composed_issue_goes_out_when_an_editor_or_monetization_manager_approves_it(issue, people, readers):
    from django.core.exceptions import PermissionDenied

    from governance.review import act_on_current_step, submit_for_review

    writer, editor, monetization = people["writer"], people["editor"], people["monetization"]
    assert not any(person.has_perm("newsletter.publish_newsletterissue") for person in people.values())
    submit_for_review(issue, writer)
    assert not Send.objects.filter(issue=issue).exists(), "nothing is sent before approval"
    with pytest.raises(PermissionDenied):
        act_on_current_step(issue, writer)  # nobody approves their own issue
    act_on_current_step(issue, monetization)
    issue.refresh_from_db()
    assert issue.live
    send = Send.objects.get(kind=SendKind.ISSUE, issue=issue)
    run(send)
    assert {d.subscriber.email for d in send.deliveries.all()} == {"any@example.com", "quant@example.com",
                                                                    "daily@example.com"}
    [mail] = received("quant@example.com")
    assert mail.subject == "Ausgabe 1: Quantisierung" and "Rang wählen" in mail.body
    assert 'href="https://lora.example/de/' in mail.html_body and "List-Unsubscribe" in mail.headers
    issue.save_revision(user=editor).publish()
    assert Send.objects.filter(issue=issue).count() == 1, "publishing again sends nothing again"


def test_the_issue_preview_and_test_send(client, issue, people):
    editor = people["editor"]
    client.force_login(editor)
    preview = issue.make_preview_request()  # what the editor's preview panel shows: the mail itself
    assert preview.status_code == 200 and "Rang wählen" in preview.content.decode()
    assert "Ausgabe 1: Quantisierung" in preview.content.decode()
    page = client.get(f"/admin/newsletter/issues/{issue.pk}/test-send/")
    assert page.status_code == 200
    assert client.post(f"/admin/newsletter/issues/{issue.pk}/test-send/").status_code == 302
    [test] = received(editor.email)
    assert test.subject == "[Test] Ausgabe 1: Quantisierung" and not Delivery.objects.exists()
    client.force_login(people["policy"])
    refused = client.post(f"/admin/newsletter/issues/{issue.pk}/test-send/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/"), "Wagtail's answer to a permission denied"
    assert received(people["policy"].email) == []


def test_bounces_and_complaints_suppress_the_address(site_tree, readers):
    for event_type, person in (("bounced", readers["any"]), ("complained", readers["quant"])):
        tracking.send(sender=object, event=AnymailTrackingEvent(event_type=event_type, recipient=person.email.upper()),
                      esp_name="Postmark")
    tracking.send(sender=object, event=AnymailTrackingEvent(event_type="deferred", recipient="daily@example.com"),
                  esp_name="Postmark")
    assert set(Suppression.objects.values_list("reason", flat=True)) == {"bounced", "complained"}
    assert Subscriber.objects.get(email="any@example.com").state == "unsubscribed"
    assert Subscriber.objects.get(email="daily@example.com").state == "subscribed", "a soft bounce is not final"
    page = make_editorial(site_tree.index("articles", "de"), "Nach dem Bounce")
    run(Send.objects.get(page=page))
    assert received("any@example.com") == [] and received("quant@example.com") == []
