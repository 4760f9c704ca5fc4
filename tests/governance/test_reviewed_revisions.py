"""An edit never rewrites a revision a review step has seen (governance/revision_guard.py).

The hole this closes: Wagtail's editor can overwrite the user's own latest revision in place
(autosave posts ``overwrite_revision_id``). Approvals belong to a revision id, so an editor who had
submitted a page could, during Editorial review, overwrite the submitted revision with text failing
the automated checks; after the editorial and policy approvals the workflow published it, and the
checks never saw it.
"""

import pytest
from wagtail.models import Page, Revision, WorkflowState

from .conftest import approve_url, as_user, awaiting_policy_review, current_task, draft, submit
from .test_publish_routes import edit_form

pytestmark = pytest.mark.django_db

FAILING_BODY = "Guaranteed earnings with this adapter. Too short."


def save_over(client, page, revision_id, body=FAILING_BODY, **fields):
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form(client, url, body=body)
    data["overwrite_revision_id"] = str(revision_id)
    data.update(fields)
    return client.post(url, data, follow=True)


def test_overwriting_the_submitted_revision_sends_the_page_back_through_the_checks(client, site_tree, people):
    page = draft(site_tree)
    author = as_user(client, people["editor"])
    submit(author, page)
    state, editorial = current_task(page)
    submitted = editorial.revision_id

    save_over(author, page, submitted, search_description="")
    assert Revision.objects.get(pk=submitted).as_object().search_description  # the reviewed record is intact
    latest = Page.objects.get(pk=page.pk).latest_revision_id
    assert latest != submitted

    as_user(client, people["editor2"]).post(approve_url(page, editorial), {"comment": "Read the submitted text."})
    state.refresh_from_db()
    checks = state.task_states.order_by("-pk").first()
    assert checks.task.name == "Automated checks" and checks.revision_id == latest
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "Meta description present" in checks.comment
    assert not Page.objects.get(pk=page.pk).live


def test_a_live_revision_is_not_rewritten(client, site_tree, people):
    page = draft(site_tree)
    policy_step = awaiting_policy_review(client, page, people)
    as_user(client, people["policy"]).post(approve_url(page, policy_step), {"comment": ""})
    live_revision = Page.objects.get(pk=page.pk).live_revision
    assert live_revision.user == people["writer"]

    save_over(as_user(client, people["writer"]), page, live_revision.pk)
    live_revision.refresh_from_db()
    assert FAILING_BODY not in str(live_revision.content["body"])
    assert Page.objects.get(pk=page.pk).latest_revision_id != live_revision.pk


def test_a_draft_nobody_reviewed_is_still_autosaved_in_place(client, site_tree, people):
    page = draft(site_tree)
    writer = as_user(client, people["writer"])
    url = f"/admin/pages/{page.pk}/edit/"
    writer.post(url, edit_form(writer, url), follow=True)  # "Save draft": the writer's own revision
    own = Page.objects.get(pk=page.pk).latest_revision_id

    save_over(writer, page, own, body="Low rank adapters, second draft. " * 40)
    assert Page.objects.get(pk=page.pk).latest_revision_id == own
    assert "second draft" in str(Revision.objects.get(pk=own).content["body"])
