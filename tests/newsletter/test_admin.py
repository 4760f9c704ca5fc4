"""The newsletter in the admin: Editors list, filter and export subscribers (formula-safe CSV) and read
each one's consent record; sends show their delivery counts; mail lost mid-hand-off waits for a person."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from lorasite.jobs import JobState, sweep_stale_jobs
from newsletter import subscriptions
from newsletter.models import ConsentRecord, OutboundEmail, Send, Subscriber
from newsletter.tasks import deliver_email, fan_out
from tests.articles.conftest import make_editorial, site_structure, site_tree  # noqa: F401 — shared fixtures
from tests.factories import OutboundEmailFactory
from tests.governance.conftest import make_user, people  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, people):
    from newsletter.roles import ensure_newsletter_roles

    ensure_newsletter_roles()
    client.force_login(people["editor"])
    return client


def subscribed(email, language="en"):
    person = Subscriber.objects.create(email=email, language=language, state="subscribed")
    shown = subscriptions.consent_text("I agree.", "en")
    subscriptions.record(person, ConsentRecord.Action.SIGNUP,
                         subscriptions.Visit(ip_prefix="198.51.100.0/24", user_agent="Firefox", page="/en/"), "en", shown)
    return person


def test_editors_filter_and_export_subscribers_with_formula_cells_neutralised(editor):
    subscribed("=1+2@example.com")
    subscribed("reader@example.com", "ja")
    Subscriber.objects.create(email="waiting@example.com", language="en")
    listing = editor.get("/admin/newsletter/subscribers/?state=subscribed")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "reader@example.com" in text and "waiting@example.com" not in text
    assert "reader@example.com" not in editor.get("/admin/newsletter/subscribers/?language=en").content.decode()

    export = editor.get("/admin/newsletter/subscribers/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][0].lower().startswith("email")
    emails = [row[0] for row in rows[1:]]
    assert "'=1+2@example.com" in emails and "=1+2@example.com" not in emails


def test_a_subscribers_page_shows_their_consent_record(editor):
    person = subscribed("reader@example.com")
    page = editor.get(f"/admin/newsletter/subscribers/inspect/{person.pk}/").content.decode()
    assert "198.51.100.0/24" in page and "Firefox" in page and "I agree." in page


def test_sends_list_their_delivery_counts(editor, site_tree):
    subscribed("one@example.com")
    subscribed("two@example.com")
    page = make_editorial(site_tree.index("articles"), "Counting deliveries")
    send = Send.objects.get(page=page)
    fan_out(send.pk)
    first = send.deliveries.first().email
    deliver_email(first.pk)
    listing = editor.get("/admin/newsletter/sends/").content.decode()
    assert "Counting deliveries" in listing
    row = listing[listing.index("Counting deliveries"):]
    cells = [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in row.split("<td")[1:6]]
    assert cells[:5] == ["Alert", "Succeeded", "2", "1", "0"], "kind, state, messages, delivered, failed"
    assert OutboundEmail.objects.get(pk=first.pk).state == JobState.SUCCEEDED


def test_mail_lost_mid_hand_off_waits_for_a_person(client, people, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    long_ago = timezone.now() - timedelta(hours=1)
    lost = OutboundEmailFactory(state=JobState.RUNNING, attempts=1, started_at=long_ago, heartbeat_at=long_ago)
    kept = OutboundEmailFactory(state=JobState.RUNNING, attempts=1, started_at=long_ago, heartbeat_at=long_ago)
    sweep_stale_jobs()
    client.force_login(admin)
    page = client.get("/admin/newsletter/outbox/undecided/").content.decode()
    assert lost.subject in page and lost.to[0] in page and kept.to[0] in page

    client.post(f"/admin/newsletter/outbox/{lost.pk}/decide/", {"decision": "send"})
    client.post(f"/admin/newsletter/outbox/{kept.pk}/decide/", {"decision": "sent"})
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert (lost.state, lost.lost_in_flight) == (JobState.QUEUED, False)
    assert deliver_email(lost.pk) == JobState.SUCCEEDED
    assert (kept.state, kept.lost_in_flight) == (JobState.SUCCEEDED, False)
    client.force_login(people["editor"])
    assert client.get("/admin/newsletter/outbox/undecided/").status_code == 302
