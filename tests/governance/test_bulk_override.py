"""A superuser's bulk publish is an override like publishing from the editor: it needs a reason, and
every page it publishes is logged as ``governance.override`` and listed on the governance report."""

import pytest
from bs4 import BeautifulSoup
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, PageLogEntry, WorkflowPage

from governance.bulk_actions import GovernedPublishBulkAction

from .conftest import as_user, draft, make_editorial

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model, people):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw")


def bulk_publish_url(*pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"/admin/bulk/wagtailcore/page/publish/?{ids}&next=/admin/pages/{pages[0].get_parent().pk}/"


def overrides(page):
    return PageLogEntry.objects.filter(page_id=page.pk, action="governance.override")


def publications(page):
    """Publication entries (the test pages were first published by the set-up, with no user)."""
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")


def messages_of(response):
    return [" ".join(BeautifulSoup(str(m.message), "html.parser").get_text(" ").split())
            for m in response.context["messages"]]


def test_the_governed_action_replaces_wagtails():
    assert bulk_action_registry.get_bulk_action_class("wagtailcore", "page", "publish") is GovernedPublishBulkAction


def test_the_confirmation_asks_for_a_reason(client, site_tree, superuser):
    page = draft(site_tree)
    html = BeautifulSoup(as_user(client, superuser).get(bulk_publish_url(page)).content, "html.parser")
    form = html.select_one("form[data-governance-bulk-publish]")
    assert form.select_one("textarea[name=override_reason]") is not None
    assert "Reason for publishing without review" in form.get_text()


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_bulk_publish_without_a_reason_is_refused(client, site_tree, superuser, reason):
    first, second = draft(site_tree), draft(site_tree, title="Merging adapters before export")
    data = {} if reason is None else {"override_reason": reason}
    response = as_user(client, superuser).post(bulk_publish_url(first, second), data)
    assert response.status_code == 200  # the confirmation again, with the error on the field
    html = BeautifulSoup(response.content, "html.parser")
    assert "Publishing outside the review workflow needs a reason" in html.select_one(
        "form[data-governance-bulk-publish]").get_text()
    for page in (first, second):
        assert not Page.objects.get(pk=page.pk).live
        assert not publications(page).filter(user=superuser).exists() and not overrides(page).exists()


def test_bulk_publish_with_a_reason_publishes_and_logs_each_page(client, site_tree, superuser, people):
    first, second = draft(site_tree), draft(site_tree, title="Merging adapters before export")
    reason = "Embargo lifted; the review queue is down."
    response = as_user(client, superuser).post(bulk_publish_url(first, second), {"override_reason": f"  {reason} "},
                                               follow=True)
    assert "2 pages have been published" in messages_of(response)
    for page in (first, second):
        assert Page.objects.get(pk=page.pk).live
        entry = overrides(page).get()
        assert entry.user == superuser and entry.data == {"reason": reason}
        assert publications(page).filter(user=superuser).count() == 1

    report = BeautifulSoup(as_user(client, people["editor"]).get("/admin/governance/report/").content, "html.parser")
    listed = report.select_one('[data-report="overrides"]').get_text()
    assert reason in listed and first.title in listed and second.title in listed


def test_draft_subpages_published_with_their_parent_are_logged_too(client, site_tree, superuser):
    index = site_tree.index("news")
    drafts = [draft_under(index, title) for title in ("Adapter registry opens", "Quantized adapters ship")]
    waiting = list(index.get_descendants().not_live())
    assert set(drafts) <= {page.specific for page in waiting}
    form = BeautifulSoup(as_user(client, superuser).get(bulk_publish_url(index)).content, "html.parser").select_one(
        "form[data-governance-bulk-publish]")
    assert form.select_one("[name=include_descendants]") and form.select_one("textarea[name=override_reason]")
    response = as_user(client, superuser).post(bulk_publish_url(index),
                                               {"include_descendants": "on", "override_reason": "Launch day."},
                                               follow=True)
    assert any("have been published" in message for message in messages_of(response))
    for page in [index, *waiting]:
        assert Page.objects.get(pk=page.pk).live
        assert overrides(page).get().data == {"reason": "Launch day."}


def draft_under(index, title):
    from articles.models import NewsPage

    page = make_editorial(index, title, model=NewsPage)
    page.unpublish()
    return Page.objects.get(pk=page.pk).specific


def test_no_reason_is_asked_where_no_workflow_applies(client, site_tree, superuser):
    WorkflowPage.objects.all().delete()
    page = draft(site_tree)
    user = as_user(client, superuser)
    html = BeautifulSoup(user.get(bulk_publish_url(page)).content, "html.parser")
    assert html.select_one("textarea[name=override_reason]") is None
    user.post(bulk_publish_url(page), {})
    assert Page.objects.get(pk=page.pk).live
    assert not overrides(page).exists()


def test_other_roles_still_publish_nothing(client, site_tree, people):
    page = draft(site_tree)
    response = as_user(client, people["editor"]).post(bulk_publish_url(page), {"override_reason": "forged"},
                                                      follow=True)
    assert "0 pages have been published" in messages_of(response)
    assert not Page.objects.get(pk=page.pk).live
    assert not overrides(page).exists()
