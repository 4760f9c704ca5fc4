"""Writer → editor → policy reviewer → reader, in a real browser: the writer edits a draft article
and submits it to Publication review, the editor approves the Editorial review step from the
dashboard, the policy reviewer approves the Policy review step from the page editor, and only then
does an anonymous reader find the article at its public address."""


import pytest
from playwright.sync_api import expect

from wagtail.models import WorkflowState

from articles.demo.loader import DemoLoader
from tests.articles.conftest import make_editorial

from .conftest import DEMO_PASSWORD, log_in, new_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Rolling out adapters per tenant"


@pytest.fixture
def draft_article(transactional_db, settings):
    """The site structure, the demo logins (with DEMO_PASSWORD) and a draft article nobody reviewed yet."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.DEMO_USERS_PASSWORD = DEMO_PASSWORD
    loader = DemoLoader(log=lambda message: None)
    loader.build_structure()
    loader.people  # noqa: B018 — the demo logins
    article = make_editorial(loader.indexes[("articles", "en")], "Adapters per tenant (draft)",
                             slug="adapters-per-tenant")
    article.unpublish()
    article.refresh_from_db()
    return article


def messages_text(page):
    return page.locator(".messages").inner_text()


def test_writer_editor_and_policy_reviewer_take_an_article_live(browser, live_server, draft_article):
    public_url = f"{live_server.url}{draft_article.get_url()}"
    assert public_url.endswith("/adapters-per-tenant/")
    reader = new_page(browser)
    assert reader.goto(public_url).status == 404

    # The writer finishes the draft and submits it.
    writer = log_in(browser, live_server, "writer")
    writer.goto(f"{live_server.url}/admin/pages/{draft_article.pk}/edit/")
    writer.fill("#id_title", TITLE)
    writer.fill("#id_intro", "One adapter per tenant, loaded on demand: what it costs and how to roll it out.")
    screenshot(writer, "30-writer-edits-draft")
    assert writer.get_by_role("button", name="Publish", exact=True).count() == 0  # nobody but superusers publishes
    writer.get_by_role("button", name="More actions").click()
    writer.get_by_role("button", name="Submit to Publication review").click()
    writer.wait_for_load_state()
    assert "submitted for moderation" in messages_text(writer)
    screenshot(writer, "31-writer-submitted")
    assert reader.goto(public_url).status == 404

    # The editor approves the Editorial review step from the dashboard.
    editor = log_in(browser, live_server, "editor")
    waiting = editor.locator("#awaiting-review-content")
    row = waiting.locator("tr", has_text=TITLE)
    assert row.count() == 1
    screenshot(editor, "32-editor-dashboard")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    # The dashboard posts the approval and reloads: the article has left the editor's queue.
    expect(editor.locator("#awaiting-review-content tr", has_text=TITLE)).to_have_count(0)
    assert reader.goto(public_url).status == 404

    # The policy reviewer reads it in the editor, then approves the Policy review step with a
    # comment from the dashboard. (Not with the editor's own Approve button: that posts the whole
    # form, Wagtail counts it as an edit by the reviewer, and segregation of duties then refuses them;
    # see tests/governance/test_approve_in_editor.py.)
    policy = log_in(browser, live_server, "policy")
    queued = policy.locator("#awaiting-review-content tr", has_text=TITLE)
    expect(queued).to_have_count(1)
    queued.get_by_role("link", name=TITLE).click()
    policy.wait_for_load_state()
    assert f"/admin/pages/{draft_article.pk}/edit/" in policy.url
    assert policy.locator("#id_title").input_value() == TITLE
    policy.goto(f"{live_server.url}/admin/")
    queued.get_by_role("button", name="Actions").click()
    queued.get_by_role("button", name="Approve with comment").click()
    modal = policy.locator(".modal-content")
    modal.locator("textarea[name=comment]").fill("No policy concerns.")
    screenshot(policy, "33-policy-reviewer-approves")
    modal.get_by_role("button", name="Approve with comment").click()
    expect(policy.locator("#awaiting-review-content tr", has_text=TITLE)).to_have_count(0)

    # Only now is it live, as the writer wrote it.
    response = reader.goto(public_url)
    assert response.status == 200
    assert reader.locator("h1").inner_text() == TITLE
    assert "loaded on demand" in reader.content()
    screenshot(reader, "34-reader-sees-article")

    # On record: who approved which step.
    state = WorkflowState.objects.filter(object_id=str(draft_article.pk)).latest("pk")
    assert state.status == WorkflowState.STATUS_APPROVED and state.requested_by.username == "writer"
    steps = {task_state.task.name: (task_state.status, task_state.finished_by and task_state.finished_by.username,
                                    task_state.comment) for task_state in state.task_states.all()}
    assert steps["Editorial review"][:2] == ("approved", "editor")
    assert steps["Policy review"] == ("approved", "policy", "No policy concerns.")
