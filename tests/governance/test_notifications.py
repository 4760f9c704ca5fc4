"""Workflow notification mails leave through the outbox and the `mail` queue, in each recipient's
language, never inside the request."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from newsletter.models import OutboundEmail
from newsletter.tasks import deliver_email

from .conftest import as_user, draft, submit

pytestmark = pytest.mark.django_db


def test_reviewers_are_told_in_their_language_through_the_outbox(client, site_tree, people, settings):
    # Django's test set-up swaps EMAIL_BACKEND for locmem; restore the site's own.
    settings.EMAIL_BACKEND = "newsletter.backends.OutboxEmailBackend"
    profile = UserProfile.get_for_user(people["editor"])
    profile.preferred_language = "de"
    profile.save()
    page = draft(site_tree)

    submit(as_user(client, people["writer"]), page)

    assert mail.outbox == [], "nothing is sent while the writer's request is handled"
    queued = {address: email for email in OutboundEmail.objects.all() for address in email.to}
    german = queued["eddie@example.com"]
    english = queued["erin@example.com"]
    assert german.language == "de" and english.language == "en"
    assert german.subject != english.subject  # rendered in each reader's language

    for email in OutboundEmail.objects.all():
        deliver_email(email.pk)
    assert {tuple(message.to) for message in mail.outbox} >= {("eddie@example.com",), ("erin@example.com",)}
