"""The publication workflow, driven through the admin as the people in each role would."""

import pytest
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from .conftest import approve_url, as_user, current_task, draft, submit

pytestmark = pytest.mark.django_db


def test_failing_checks_send_the_page_back_with_reasons(client, site_tree, people):
    page = draft(site_tree)
    response = submit(as_user(client, people["writer"]), page, body_html="<p>Too short.</p>", search_description="")
    assert response.status_code == 200
    state, task_state = current_task(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.status == TaskState.STATUS_REJECTED
    assert "Meta description present" in task_state.comment and "at least 300" in task_state.comment
    assert not Page.objects.get(pk=page.pk).live


def test_passing_page_goes_through_editorial_and_policy_review_to_live(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["writer"]), page)
    state, task_state = current_task(page)
    assert task_state.task.name == "Editorial review"
    assert state.task_states.get(task__name="Automated checks").comment == "All automated checks passed."

    as_user(client, people["editor"]).post(approve_url(page, task_state), {"comment": "Clear and accurate."})
    state, task_state = current_task(page)
    assert task_state.task.name == "Policy review"
    assert not Page.objects.get(pk=page.pk).live

    as_user(client, people["policy"]).post(approve_url(page, task_state), {"comment": ""})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert Page.objects.get(pk=page.pk).live
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= set(actions)


def test_nobody_approves_what_they_submitted(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["editor"]), page)
    state, task_state = current_task(page)
    assert task_state.task.name == "Editorial review"

    response = as_user(client, people["editor"]).post(approve_url(page, task_state), {"comment": "LGTM"})
    assert response.status_code in (302, 403)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    as_user(client, people["editor2"]).post(approve_url(page, task_state), {"comment": "Fine"})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED


def test_a_writer_cannot_forge_an_approval(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["writer"]), page)
    state, task_state = current_task(page)
    for user in (people["writer"], people["policy"]):
        as_user(client, user).post(approve_url(page, task_state), {"comment": "forged"})
        task_state.refresh_from_db()
        assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_replayed_approval_changes_nothing(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["writer"]), page)
    state, editorial = current_task(page)
    editor = as_user(client, people["editor"])
    editor.post(approve_url(page, editorial), {"comment": "ok"})
    _state, policy_step = current_task(page)
    editor.post(approve_url(page, editorial), {"comment": "again"})  # the same request, replayed
    policy_step.refresh_from_db()
    assert policy_step.status == TaskState.STATUS_IN_PROGRESS
    assert TaskState.objects.filter(workflow_state=state, task__name="Editorial review").count() == 1


def test_checks_panel_shows_each_rule_in_the_editor(client, site_tree, people):
    page = draft(site_tree, search_description="")
    response = as_user(client, people["writer"]).get(f"/admin/pages/{page.pk}/edit/")
    html = response.content.decode()
    assert 'data-check="meta-description" data-passed="false"' in html
    assert 'data-check="article-length" data-passed="true"' in html
