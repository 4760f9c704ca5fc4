"""Requesting and approving ad placements through the admin: the automated ad-policy checks,
the Monetization manager's approval, who may do what, and the report."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from governance.models import AdPlacement, BannedClaim
from governance.monetization import ad_policy_failures, request_placement
from governance.review import act_on_current_step
from governance.roles import EDITORS, MONETIZATION_MANAGERS

from .conftest import as_user, draft, long_body

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_governance_adplacement:{name}", args=args)


def request_in_admin(client, page, slots=("in_article", "end_of_article")):
    """What an editor does: Ad placements → Add, choose the page and slots, press Submit."""
    data = {"page": page.pk, "action-submit": "submit"}
    data.update({slot: "on" for slot in slots})
    return client.post(url("add"), data, follow=True)


def checks_comment(placement):
    state = WorkflowState.objects.for_instance(placement).order_by("-pk").first()
    return state.task_states.get(task__name="Ad-policy checks").comment


def approve_in_admin(client, placement):
    task_state = placement.current_workflow_task_state
    return client.post(url("workflow_action", placement.pk, "approve", task_state.pk), {"comment": "Fine."})


def test_an_editor_requests_and_a_monetization_manager_approves_in_the_admin(client, live_article, people):
    response = request_in_admin(as_user(client, people["editor"]), live_article)
    assert response.status_code == 200
    placement = AdPlacement.objects.get(page=live_article)
    assert placement.state == "pending"
    assert placement.current_workflow_task_state.task.name == "Monetization approval"
    assert checks_comment(placement) == "All ad-policy checks passed."

    # the manager finds it on the dashboard, then approves it
    dashboard = as_user(client, people["monetization"]).get("/admin/").content.decode()
    assert "Serving many adapters per GPU" in dashboard
    approve_in_admin(client, placement)
    placement = AdPlacement.objects.get(pk=placement.pk)
    assert placement.state == "approved"
    assert placement.approved_by == people["monetization"]
    assert placement.approved_revision_id == live_article.live_revision_id


def test_approving_from_the_placement_editor_finishes_the_workflow(client, live_article, people):
    """The editor's own Approve button posts the whole form: with nothing changed, that must not
    count as an edit by the approver (which would refuse them, or restart the review)."""
    from wagtail.test.utils.form_data import querydict_from_html

    request_placement(live_article, people["editor"])
    placement = AdPlacement.objects.get(page=live_article)
    as_user(client, people["monetization"])
    edit_url = url("edit", placement.pk)
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="w-editor-form")
    data.update({"in_article": "on", "end_of_article": "on"})  # as rendered: checked
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    client.post(edit_url, data)
    placement = AdPlacement.objects.get(pk=placement.pk)
    assert placement.state == "approved"
    assert placement.approved_by == people["monetization"]
    assert placement.revisions.count() == 1


def test_a_writer_may_request_too(client, live_article, people):
    request_in_admin(as_user(client, people["writer"]), live_article)
    assert AdPlacement.objects.get(page=live_article).state == "pending"


# Who may request a placement and who may approve one, as the admin enforces it.
AD_PERMISSIONS = {
    #  role            request  approve
    "writer":        (True,    False),
    "editor":        (True,    False),
    "policy":        (False,   False),
    "monetization":  (False,   True),
    "translator-de": (False,   False),
    "superuser":     (True,    True),
}


@pytest.fixture
def actors(people, make_user, django_user_model):
    from governance.roles import TRANSLATORS, translator_group_name

    return {
        **people,
        "translator-de": make_user("tilde", TRANSLATORS, translator_group_name("de")),
        "superuser": django_user_model.objects.create_superuser("root", "root@example.com", "pw"),
    }


@pytest.mark.parametrize("role", AD_PERMISSIONS)
def test_who_may_request_a_placement(client, live_article, actors, role):
    may_request, _may_approve = AD_PERMISSIONS[role]
    response = request_in_admin(as_user(client, actors[role]), live_article)
    assert response.status_code in (200, 403)
    requested = AdPlacement.objects.filter(page=live_article).first()
    assert (requested is not None and requested.state == "pending") is may_request


@pytest.mark.parametrize("role", AD_PERMISSIONS)
def test_who_may_approve_a_placement(client, live_article, actors, role):
    _may_request, may_approve = AD_PERMISSIONS[role]
    request_placement(live_article, actors["editor2"])
    placement = AdPlacement.objects.get(page=live_article)
    task_state = placement.current_workflow_task_state
    response = approve_in_admin(as_user(client, actors[role]), placement)
    assert response.status_code in (200, 302, 403)
    approved = TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    assert approved is may_approve
    assert (AdPlacement.objects.get(pk=placement.pk).state == "approved") is may_approve


def test_the_requester_cannot_approve_their_own_request(client, live_article, make_user, people):
    both = make_user("bea", EDITORS, MONETIZATION_MANAGERS)
    request_placement(live_article, both)
    placement = AdPlacement.objects.get(page=live_article)
    approve_in_admin(as_user(client, both), placement)
    assert AdPlacement.objects.get(pk=placement.pk).state == "pending"
    approve_in_admin(as_user(client, people["monetization"]), placement)
    assert AdPlacement.objects.get(pk=placement.pk).state == "approved"


def test_a_replayed_approval_after_a_suspension_changes_nothing(client, approved_placement, people):
    placement = approved_placement
    state = WorkflowState.objects.for_instance(placement).get()
    old_step = state.task_states.get(task__name="Monetization approval")
    page = placement.page.specific
    page.intro = "Edited after approval."
    from governance.review import submit_for_review

    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    response = as_user(client, people["monetization"]).post(
        url("workflow_action", placement.pk, "approve", old_step.pk), {"comment": "again"}, follow=True
    )
    assert "not currently awaiting moderation" in response.content.decode()
    assert AdPlacement.objects.get(pk=placement.pk).state == "suspended"


def test_nobody_publishes_a_placement_directly_not_even_a_superuser(client, live_article, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    as_user(client, root)
    add_form = client.get(url("add")).content.decode()
    assert 'name="action-publish"' not in add_form
    client.post(url("add"), {"page": live_article.pk, "in_article": "on", "action-publish": "publish"})
    placement = AdPlacement.objects.filter(page=live_article).first()
    assert placement is None or placement.state != "approved"


def test_a_placement_needs_a_slot(client, live_article, people):
    response = request_in_admin(as_user(client, people["editor"]), live_article, slots=())
    assert "Enable at least one slot" in response.content.decode()
    assert not AdPlacement.objects.filter(page=live_article).exists()


# --- The automated ad-policy checks ---------------------------------------------------------

def rejected_with(page, people):
    request_placement(page, people["editor"])
    placement = AdPlacement.objects.get(page=page)
    assert placement.state == "rejected"
    return checks_comment(placement)


def test_checks_pass_a_long_reviewed_live_article(live_article):
    assert ad_policy_failures(live_article) == []


def test_checks_refuse_a_page_that_is_not_live(site_tree, people):
    page = draft(site_tree, title="Unreleased benchmark")
    assert "not live" in rejected_with(page, people)


def test_checks_refuse_too_little_publisher_content(site_tree, people, settings):
    from governance.review import submit_for_review

    page = draft(site_tree, title="Short adapter note")  # about 390 words
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    assert "ads need at least 600" in rejected_with(page, people)
    settings.ADS_MIN_PUBLISHER_WORDS = 300
    assert ad_policy_failures(page.specific.__class__.objects.get(pk=page.pk)) == []


def test_checks_refuse_a_page_published_outside_the_workflow(site_tree, people):
    page = draft(site_tree, title="Hotfix notice")
    page.body = long_body()
    page.save_revision().publish()  # what an override does: no policy review on record
    assert "did not pass policy review" in rejected_with(page, people)


def test_checks_refuse_a_page_type_not_allowed(site_tree, people):
    from articles.models import StandardPage

    about = StandardPage.objects.live().filter(locale__language_code="en").first()
    assert "not allowed on this page type" in rejected_with(about, people)


def test_checks_refuse_a_page_that_fails_a_registry_check(live_article, people):
    BannedClaim.objects.create(phrase="adapters per GPU")  # appears in the title
    assert "No banned claims" in rejected_with(live_article, people)


def test_checks_refuse_experiment_or_playground_traffic(live_article, people, monkeypatch):
    monkeypatch.setattr(type(live_article), "monetizable", False, raising=False)
    assert "experiment, demo or playground" in rejected_with(live_article, people)


def test_a_page_edit_during_review_cancels_the_placement_review(live_article, people):
    from governance.review import submit_for_review

    request_placement(live_article, people["editor"])
    live_article.intro = "Changed while the placement waited."
    submit_for_review(live_article, people["writer"])
    act_on_current_step(live_article, people["editor"])
    act_on_current_step(live_article, people["policy"])
    placement = AdPlacement.objects.get(page=live_article)
    assert not placement.workflow_in_progress
    assert placement.state == "suspended"


# --- The report -----------------------------------------------------------------------------

def test_the_report_lists_placements_by_state_with_the_suspension_reason(client, approved_placement, site_tree,
                                                                        people):
    from governance.review import submit_for_review

    page = approved_placement.page.specific
    page.intro = "Edited after approval."
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])

    report = as_user(client, people["monetization"]).get("/admin/governance/report/")
    html = BeautifulSoup(report.content, "html.parser")
    counts = {cell["data-state"]: cell.get_text() for cell in html.select('[data-report="placement-states"] td')}
    assert counts["suspended"] == "1" and counts["approved"] == "0"
    row = html.select_one('[data-report="placements"] tr[data-placement-state="suspended"]')
    assert "Serving many adapters per GPU" in row.get_text()
    assert "approve the placement again" in row.get_text()


def test_the_requester_cannot_edit_the_placement_under_review(client, live_article, people):
    from wagtail.test.utils.form_data import querydict_from_html

    request_placement(live_article, people["editor"], slots=("end_of_article",))
    placement = AdPlacement.objects.get(page=live_article)
    as_user(client, people["editor"])
    edit_url = url("edit", placement.pk)
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="w-editor-form")
    data.update({"end_of_article": "on", "sidebar": "on"})
    response = client.post(edit_url, data)
    assert "could not be saved as it is locked" in response.content.decode()
    assert placement.revisions.count() == 1


def test_a_revision_under_review_is_never_rewritten_in_place(client, live_article, django_user_model, people):
    """Wagtail's editor may overwrite its user's latest revision in place (a superuser may edit
    through the review lock); the one under review is a record, so the edit becomes a new revision
    and the placement goes through the checks again."""
    from wagtail.test.utils.form_data import querydict_from_html

    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    request_placement(live_article, root, slots=("end_of_article",))
    placement = AdPlacement.objects.get(page=live_article)
    submitted = placement.get_latest_revision()
    as_user(client, root)
    edit_url = url("edit", placement.pk)
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="w-editor-form")
    data.update({"end_of_article": "on", "sidebar": "on", "overwrite_revision_id": str(submitted.pk)})
    client.post(edit_url, data)

    submitted.refresh_from_db()
    assert submitted.content["sidebar"] is False
    assert placement.revisions.count() == 2


def test_the_placement_listing_costs_the_same_for_one_or_many(client, site_tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("list"))
        assert response.status_code == 200
        return len(queries)

    pages = [draft(site_tree, title=f"Placement article {number}") for number in range(4)]
    request_placement(pages[0], people["editor"])
    as_user(client, people["monetization"])
    one = listing_queries()
    for page in pages[1:]:
        request_placement(page, people["editor"])
    rows = BeautifulSoup(client.get(url("list")).content, "html.parser").select("table.listing tbody tr")
    assert len(rows) == 4 and all("rejected" in row.get_text() for row in rows)  # drafts fail the checks
    assert listing_queries() == one
