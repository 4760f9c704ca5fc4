"""A reviewer approves with the page editor's own "Approve" button.

That button posts the whole edit form, and Wagtail saves a revision first when the form reports a
change. It used to always report one: ``published_date``'s callable default compared against a
hidden initial input Wagtail never renders, and rich text came back with new Draftail block keys.
The reviewer then became the page's last editor, was refused as approving their own work, and the
review restarted. Here the form is posted back as a browser does: the stored block ids, and fresh
block keys (as for rich text saved from code).
"""

import pytest
from wagtail.models import Page, TaskState

from .conftest import as_user, awaiting_policy_review, draft
from .test_publish_routes import edit_form

pytestmark = pytest.mark.django_db


def posted_back(client, page, **body):
    """The edit form as a browser posts it back: the stored block's id, new Draftail block keys."""
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form(client, url, **body)
    data["body-0-id"] = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object().body[0].id
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    return client.post(url, data)


def test_the_policy_reviewer_approves_with_the_editors_approve_button(client, site_tree, people):
    page = draft(site_tree)
    policy_step = awaiting_policy_review(client, page, people)
    revisions = page.revisions.count()

    posted_back(as_user(client, people["policy"]), page)

    policy_step.refresh_from_db()
    assert policy_step.status == TaskState.STATUS_APPROVED
    assert Page.objects.get(pk=page.pk).live
    assert page.revisions.count() == revisions  # approving saved no revision of its own


def test_a_real_change_in_the_editor_still_counts_as_an_edit(client, site_tree, people):
    page = draft(site_tree)
    policy_step = awaiting_policy_review(client, page, people)

    posted_back(as_user(client, people["policy"]), page, body="A rewritten body the reviewer slipped in. " * 40)

    policy_step.refresh_from_db()
    assert policy_step.status == TaskState.STATUS_IN_PROGRESS
    assert not Page.objects.get(pk=page.pk).live
