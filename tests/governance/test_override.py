"""A superuser may publish outside the workflow only with a reason, which is logged and reported."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from .conftest import BODY_WORDS, as_user, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model, people):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw")


def publish_directly(client, page, reason=None):
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text(f"<p>{BODY_WORDS}</p>"))])}))
    if reason is not None:
        data["override_reason"] = reason
    data["action-publish"] = "publish"
    return client.post(url, data, follow=True)


def test_publishing_without_review_needs_a_reason(client, site_tree, superuser):
    page = draft(site_tree)
    response = publish_directly(as_user(client, superuser), page)
    assert "needs a reason" in response.content.decode()
    assert not Page.objects.get(pk=page.pk).live
    assert not PageLogEntry.objects.filter(page=page, action="governance.override").exists()


def test_override_with_a_reason_is_logged_and_reported(client, site_tree, superuser, people):
    page = draft(site_tree)
    publish_directly(as_user(client, superuser), page, reason="Security advisory must go out tonight.")
    assert Page.objects.get(pk=page.pk).live
    entry = PageLogEntry.objects.get(page=page, action="governance.override")
    assert entry.user == superuser and entry.data["reason"] == "Security advisory must go out tonight."

    html = BeautifulSoup(as_user(client, people["editor"]).get("/admin/governance/report/").content, "html.parser")
    assert "Security advisory must go out tonight." in html.select_one('[data-report="overrides"]').get_text()


def test_only_superusers_see_the_override_field(client, site_tree, people, superuser):
    page = draft(site_tree)
    assert "override_reason" not in as_user(client, people["editor"]).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "override_reason" in as_user(client, superuser).get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_the_override_action_checks_permission_and_reason_before_it_publishes(site_tree, superuser, people):
    from governance.override import OverridePermissionError, OverrideReasonMissing, PublishOutsideWorkflowAction

    page = draft(site_tree)
    with pytest.raises(OverridePermissionError):
        PublishOutsideWorkflowAction(page, people["editor"], "urgent fix").execute()
    with pytest.raises(OverrideReasonMissing):
        PublishOutsideWorkflowAction(page, superuser, "   ").execute()
    assert not Page.objects.get(pk=page.pk).live
    assert not PageLogEntry.objects.filter(page_id=page.pk, action="governance.override").exists()
    PublishOutsideWorkflowAction(page, superuser, "Security notice, reviewed by phone").execute()
    assert Page.objects.get(pk=page.pk).live
    entries = PageLogEntry.objects.filter(page_id=page.pk, action="governance.override")
    assert [entry.data["reason"] for entry in entries] == ["Security notice, reviewed by phone"]


def test_editor_form_and_bulk_action_ask_for_a_reason_under_the_same_condition(client, site_tree, superuser):
    """No workflow covers the page: neither the editor nor the bulk action asks, and nothing is logged."""
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()
    page = draft(site_tree)
    response = publish_directly(as_user(client, superuser), page)
    assert response.status_code == 200 and Page.objects.get(pk=page.pk).live
    assert not PageLogEntry.objects.filter(page_id=page.pk, action="governance.override").exists()
