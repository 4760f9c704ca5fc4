"""Who may do what with a page, tried through the real admin views for every role.

Each role acts on a page in its own language's tree: the German translator on a German article,
everyone else on an English one (that translators cannot touch other languages is
test_roles.py's business). Pages to review were submitted by another writer, so nobody here is
turned away for approving their own work (test_workflow.py covers that rule).
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from governance.roles import TRANSLATORS, WRITERS, translator_group_name

from .conftest import approve_url, as_user, current_task, make_editorial, submit
from .test_publish_routes import edit_form

pytestmark = pytest.mark.django_db

ACTIONS = ["open editor", "submit", "approve editorial", "approve policy", "publish from editor", "bulk publish",
           "governance report"]
Y, N = "allowed", "refused"

# The policy, as a table. A superuser's direct and bulk publishing is an override and needs a reason
# (test_override.py, test_bulk_override.py); here they give one.
POLICY = {
    #                 open     submit  approve    approve  publish      bulk     governance
    #                 editor           editorial  policy   from editor  publish  report
    "writer":        (Y,       Y,      N,         N,       N,           N,       N),
    "editor":        (Y,       Y,      Y,         N,       N,           N,       Y),
    "policy":        (N,       N,      N,         Y,       N,           N,       Y),
    "monetization":  (N,       N,      N,         N,       N,           N,       Y),
    "translator-de": (Y,       Y,      N,         N,       N,           N,       N),
    "superuser":     (Y,       Y,      Y,         Y,       Y,           Y,       Y),
}
CASES = [(role, action, expected) for role, row in POLICY.items() for action, expected in zip(ACTIONS, row)]
REASON = "Matrix check: an override with a reason."


@pytest.fixture
def cast(people, make_user, django_user_model):
    """people (conftest) has the writer, two editors, the policy reviewer and the monetization manager."""
    return {
        **people,
        "author": make_user("wes", WRITERS),
        "translator-de": make_user("greta", TRANSLATORS, translator_group_name("de")),
        "superuser": django_user_model.objects.create_superuser("root", "root@example.com", "pw"),
    }


def new_draft(site_tree, role):
    index = site_tree.index("articles", "de" if role == "translator-de" else "en")
    page = make_editorial(index, "Adapter rollout notes")
    page.unpublish()
    return Page.objects.get(pk=page.pk).specific


def is_live(page):
    return Page.objects.get(pk=page.pk).live


def published_by(page, user):
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", user=user).exists()


def open_editor(client, page, user, cast):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return response.status_code == 200 and BeautifulSoup(response.content, "html.parser").select_one(
        "form#page-edit-form") is not None


def submit_for_review(client, page, user, cast):
    if not open_editor(client, page, user, cast):
        client.post(f"/admin/pages/{page.pk}/edit/", {"title": page.title, "action-submit": "submit"})
    else:
        submit(client, page)
    state, _task_state = current_task(page)
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == user


def approve_step(step_name):
    def approve(client, page, user, cast):
        submit(as_user(client, cast["author"]), page)
        if step_name == "Policy review":
            _state, editorial = current_task(page)
            as_user(client, cast["editor2"]).post(approve_url(page, editorial), {"comment": "ok"})
        _state, task_state = current_task(page)
        assert task_state.task.name == step_name
        as_user(client, user).post(approve_url(page, task_state), {"comment": "Looks right."})
        task_state.refresh_from_db()
        return task_state.status == TaskState.STATUS_APPROVED

    return approve


def publish_from_editor(client, page, user, cast):
    url = f"/admin/pages/{page.pk}/edit/"
    if open_editor(client, page, user, cast):
        data = edit_form(client, url)
        data["override_reason"] = REASON
    else:
        data = {"title": page.title}
    data["action-publish"] = "action-publish"
    client.post(url, data)
    return is_live(page) and published_by(page, user)


def bulk_publish(client, page, user, cast):
    url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/pages/{page.get_parent().pk}/"
    client.post(url, {"override_reason": REASON})
    return is_live(page) and published_by(page, user)


def view_report(client, page, user, cast):
    response = client.get("/admin/governance/report/")
    return response.status_code == 200 and b'data-report="overrides"' in response.content


PERFORM = dict(zip(ACTIONS, [open_editor, submit_for_review, approve_step("Editorial review"),
                             approve_step("Policy review"), publish_from_editor, bulk_publish, view_report]))


@pytest.mark.parametrize(("role", "action", "expected"), CASES,
                         ids=[f"{role}-{action.replace(' ', '_')}" for role, action, _expected in CASES])
def test_permission_matrix(client, site_tree, cast, role, action, expected):
    page = new_draft(site_tree, role)
    user = cast[role]
    outcome = PERFORM[action](as_user(client, user), page, user, cast)
    assert (Y if outcome else N) == expected, f"{role} / {action}"
    if action not in ("approve policy", "publish from editor", "bulk publish") or expected == N:
        assert not is_live(page), "only a finished workflow or a superuser's override publishes"
