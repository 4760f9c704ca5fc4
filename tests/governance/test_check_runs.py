"""Stored check results: each run of the workflow's automated checks is kept (page, revision, rule,
outcome, reason, time), and the governance report reads the latest run of each page's latest
revision, storing one first where it is missing or outdated."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, WorkflowState
from wagtail.users.models import UserProfile

from articles.demo.loader import publish
from governance import checks
from governance.models import BannedClaim, CheckRun, CheckRunResult

from .conftest import as_user, current_task, draft, make_editorial, submit

pytestmark = pytest.mark.django_db
URL = "/admin/governance/report/"


def outcomes(run):
    return {(row.rule_id, row.outcome) for row in run.results.all()}


def listing(client):
    """The report's listing of failures as (page title, check, reason) rows."""
    html = BeautifulSoup(client.get(URL).content, "html.parser")
    rows = []
    for row in html.select("table.listing:not([data-report]) tbody tr"):
        cells = [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        rows.append((cells[0], cells[3], cells[4]))
    return rows


def test_the_workflow_checks_step_stores_its_results(client, site_tree, people):
    page = draft(site_tree)
    submit(as_user(client, people["writer"]), page)
    page.refresh_from_db()

    run = CheckRun.objects.get(page=page)
    assert run.latest and run.passed and run.revision_id == page.latest_revision_id
    assert run.revision == current_task(page)[0].task_states.get(task__name="Automated checks").revision
    assert {outcome for _rule, outcome in outcomes(run)} == {CheckRunResult.PASSED}
    assert {rule for rule, _outcome in outcomes(run)} >= {"meta-description", "banned-claims", "article-length"}


def test_a_second_run_after_an_edit_is_the_latest_and_the_first_stays_as_history(client, site_tree, people):
    page = draft(site_tree)
    writer = as_user(client, people["writer"])
    submit(writer, page, search_description="")
    assert current_task(page)[0].status == WorkflowState.STATUS_NEEDS_CHANGES
    first = CheckRun.objects.get(page=page)
    assert not first.passed
    failed = first.results.get(outcome=CheckRunResult.FAILED)
    assert failed.rule_id == "meta-description" and failed.owner_group == "Writers"
    assert failed.reason == "Write a meta description (about 155 characters) in the Promote tab."

    submit(writer, page, search_description="Rank choice for adapters, explained.")
    page.refresh_from_db()
    first.refresh_from_db()
    second = CheckRun.objects.get(page=page, latest=True)
    assert second.pk != first.pk and not first.latest
    assert second.passed and second.revision_id == page.latest_revision_id != first.revision_id
    assert list(CheckRun.objects.filter(page=page).order_by("checked_at")) == [first, second]

    # The report shows the latest run: the fixed failure is gone, and it stored nothing new.
    assert listing(as_user(client, people["editor"])) == []
    assert CheckRun.objects.filter(page=page).count() == 2


def test_the_report_stores_results_for_pages_checked_by_no_workflow(client, site_tree, people):
    page = make_editorial(site_tree.index("articles"), "Made by a script", search_description="")
    assert not CheckRun.objects.filter(page=page).exists()

    editor = as_user(client, people["editor"])
    assert listing(editor) == [("Made by a script", "Meta description present",
                                "Write a meta description (about 155 characters) in the Promote tab.")]
    run = CheckRun.objects.get(page=page)
    assert run.revision_id == page.latest_revision_id

    listing(editor)
    assert CheckRun.objects.filter(page=page).count() == 1, "a current run is read, not run again"


def test_a_new_revision_outside_the_workflow_is_checked_when_the_report_is_read(client, site_tree, people):
    page = make_editorial(site_tree.index("articles"), "Edited by a script")
    editor = as_user(client, people["editor"])
    assert listing(editor) == []
    page.search_description = ""
    publish(page)
    assert [row[0] for row in listing(editor)] == ["Edited by a script"]
    assert CheckRun.objects.filter(page=page).count() == 2


def test_a_new_banned_claim_reaches_pages_already_checked(client, site_tree, people):
    make_editorial(site_tree.index("articles"), "Earnings", body_text="Guaranteed earnings for you. " * 80)
    editor = as_user(client, people["editor"])
    assert listing(editor) == []
    claim = BannedClaim.objects.create(phrase="guaranteed earnings")
    assert [row[:2] for row in listing(editor)] == [("Earnings", "No banned claims")]
    claim.delete()
    assert listing(editor) == []


def test_a_translation_turns_stale_when_its_original_is_published_again(client, site_tree, people):
    from tests.articles.conftest import translate

    original = make_editorial(site_tree.index("articles"), "Serving patterns")
    translate(original, site_tree, "de", title="Serving-Muster")
    editor = as_user(client, people["editor"])

    def stale():
        return BeautifulSoup(editor.get(URL).content, "html.parser").select_one('[data-report="stale"]').get_text()

    assert "Serving-Muster" not in stale()
    original.intro = "Updated after the translation."
    publish(original)
    assert "Serving-Muster" in stale()


def test_stored_reasons_are_shown_in_the_readers_language(client, site_tree, people):
    BannedClaim.objects.create(phrase="guaranteed earnings")
    make_editorial(site_tree.index("articles"), "Promo", body_text="Guaranteed earnings for every reader. " * 60)
    assert listing(as_user(client, people["policy"]))[0][2] == "Remove the banned claim “guaranteed earnings”."

    profile = UserProfile.get_for_user(people["editor"])
    profile.preferred_language = "de"
    profile.save()
    assert listing(as_user(client, people["editor"]))[0][2] == "Entfernen Sie die verbotene Behauptung „guaranteed earnings“."


def test_record_checks_keeps_one_latest_run_per_page(site_tree):
    page = make_editorial(site_tree.index("articles"), "Checked twice", search_description="")
    results = checks.record_checks(page)
    assert [result.rule.id for result in results if not result.passed] == ["meta-description"]
    checks.record_checks(Page.objects.get(pk=page.pk))
    runs = CheckRun.objects.filter(page=page)
    assert runs.count() == 2 and runs.filter(latest=True).count() == 1
    latest = runs.get(latest=True)
    assert latest.results.filter(outcome=CheckRunResult.FAILED).get().reason_text == (
        "Write a meta description (about 155 characters) in the Promote tab.")
