"""Known bug, recorded as a strict xfail: a reviewer cannot approve with the page editor's own
"Approve" button.

That button posts the whole edit form. Wagtail's edit view saves a new revision first whenever the
form reports a change (``perform_workflow_action``), and for article and news pages it always does:
``published_date`` has a callable default (``default=timezone.localdate``), so Django gives its form
field ``show_hidden_initial``, but Wagtail's panels never render the hidden ``initial-…`` input, so
the field always counts as changed; rich text saved from code (the demo loader, tests) also differs
from what the editor posts back by Draftail's ``data-block-key`` attributes. The reviewer thus
becomes the page's last editor, ``ReviewTask`` refuses them as approving their own work ("Sorry, you
do not have permission to access this area."), and their empty revision stays the latest one, so
they can no longer approve from the dashboard either and the earlier steps must be approved again.

Approving from the dashboard (or /admin/pages/workflow/action/…) works and is what
tests/browser/test_review_workflow.py uses. When this is fixed, this test passes and, being
strict, fails the suite as XPASS: remove the mark then.
"""

import pytest
from wagtail.models import Page, TaskState

from .conftest import as_user, draft, submit
from .test_publish_routes import edit_form
from .test_workflow import approve_url, current_task

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(strict=True, reason="the page editor's Approve button saves a revision as the reviewer first")
def test_the_policy_reviewer_approves_with_the_editors_approve_button(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["writer"]), page)
    _state, editorial = current_task(page)
    as_user(client, people["editor"]).post(approve_url(page, editorial), {"comment": "ok"})
    state, policy_step = current_task(page)

    reviewer = as_user(client, people["policy"])
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form(reviewer, url)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    reviewer.post(url, data)

    policy_step.refresh_from_db()
    assert policy_step.status == TaskState.STATUS_APPROVED
    assert Page.objects.get(pk=page.pk).live
