"""Scheduled go-live under `make run`: a page whose publication workflow finished with a go-live date
in the future goes live when Celery beat's `publish_scheduled` task runs after that date.

The task runs in-process here (``apply``); time is moved by patching ``timezone.now``, as Wagtail's
own tests of ``publish_scheduled`` do.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from governance.review import act_on_current_step, submit_for_review
from governance.tasks import publish_scheduled
from governance.workflow import SCHEDULED_PUBLISHING_LOCK

from .conftest import current_task, draft

pytestmark = pytest.mark.django_db


def run_task_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return publish_scheduled.apply().get()


def is_live(page):
    return Page.objects.get(pk=page.pk).live


def scheduled_log_entries(page):
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish.scheduled").count()


@pytest.fixture
def approved_for_later(site_tree, people):
    """A draft the writer submitted with a go-live date an hour from now, approved at every step."""
    page = draft(site_tree, title="Rank schedules for the spring release")
    page.go_live_at = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    assert current_task(page)[0].status == WorkflowState.STATUS_APPROVED
    return page


def test_an_approved_page_goes_live_when_the_task_runs_after_its_go_live_date(approved_for_later):
    page = approved_for_later
    scheduled = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == page.go_live_at
    assert not is_live(page)

    assert run_task_at(page.go_live_at - timedelta(minutes=1)) == 0
    assert not is_live(page)
    assert scheduled_log_entries(page) == 0

    assert run_task_at(page.go_live_at + timedelta(minutes=1)) == 1
    live = Page.objects.get(pk=page.pk)
    assert live.live and live.live_revision_id == scheduled.pk
    assert scheduled_log_entries(page) == 1


def test_the_task_is_idempotent(approved_for_later):
    page = approved_for_later
    later = page.go_live_at + timedelta(minutes=1)
    assert run_task_at(later) == 1
    assert run_task_at(later) == 0
    assert run_task_at(later + timedelta(minutes=1)) == 0
    assert is_live(page)
    assert scheduled_log_entries(page) == 1


def test_a_run_that_overlaps_another_does_nothing(approved_for_later):
    page = approved_for_later
    cache.set(SCHEDULED_PUBLISHING_LOCK, True, 60)
    try:
        assert run_task_at(page.go_live_at + timedelta(minutes=1)) is None
        assert not is_live(page)
    finally:
        cache.delete(SCHEDULED_PUBLISHING_LOCK)
    assert run_task_at(page.go_live_at + timedelta(minutes=1)) == 1
    assert is_live(page)


def test_beat_runs_scheduled_publishing_every_minute_on_the_default_queue():
    from lorasite.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled"]
    assert entry["task"] == "governance.tasks.publish_scheduled" == publish_scheduled.name
    assert entry["schedule"] == 60
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "default"
