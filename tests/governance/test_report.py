"""The governance report in the admin (a Wagtail report view): states, pending steps, failures by
rule and by remediation queue above a listing of every open check failure, Wagtail's filters and
its CSV and XLSX export; only for the roles that need it."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.db import reset_queries
from openpyxl import load_workbook

from governance.models import BannedClaim

from .conftest import as_user, draft, make_editorial, submit

pytestmark = pytest.mark.django_db
URL = "/admin/governance/report/"
RESULTS_URL = "/admin/governance/report/results/"


@pytest.fixture
def governed_site(client, site_tree, people):
    BannedClaim.objects.create(phrase="guaranteed earnings")
    make_editorial(site_tree.index("articles"), "Clean article")
    make_editorial(site_tree.index("articles"), "Promo", body_text="Guaranteed earnings for every reader. " * 60)
    waiting = draft(site_tree, title="Waiting article")
    submit(as_user(client, people["writer"]), waiting)
    client.logout()
    return site_tree


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def listed(html):
    """The listing's rows as {page title: [cell texts]}, one entry per failure (titles repeat)."""
    rows = []
    for row in html.select("table.listing:not([data-report]) tbody tr"):
        cells = [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        rows.append(cells)
    return rows


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_report_shows_states_pending_steps_and_remediation_queues(client, governed_site, people):
    html = soup(as_user(client, people["editor"]).get(URL))
    english = html.select_one('[data-report="states"] tbody tr')
    assert english.th.get_text() == "en"
    assert english.select_one('[data-state="in-review"]').get_text() == "1"
    pending = html.select_one('[data-report="pending"] tbody').get_text()
    assert "Waiting article" in pending and "Editorial review" in pending and "Editors" in pending
    by_rule = {row.th.get_text(): row.td.get_text() for row in html.select('[data-report="by-rule"] tr')}
    assert by_rule == {"No banned claims": "1"}
    queue = html.select_one('[data-report="queue"][data-owner="Policy reviewers"]')
    assert queue.td.get_text() == "1" and "Content fix" in queue.th.get_text()
    # The queue links to the listing filtered to it, where the failing page is.
    filtered = soup(client.get(queue.a["href"]))
    assert [row[0] for row in listed(filtered)] == ["Promo"]


def test_listing_shows_each_failure_with_its_page_rule_reason_and_owner(client, governed_site, people):
    rows = listed(soup(as_user(client, people["editor"]).get(URL)))
    assert len(rows) == 1
    title, language, state, rule, reason, remediation, owner, _checked = rows[0]
    assert (title, language, state, rule) == ("Promo", "English", "live", "No banned claims")
    assert reason == "Remove the banned claim “guaranteed earnings”."
    assert (remediation, owner) == ("Content fix", "Policy reviewers")


def test_report_filters_by_language_check_remediation_and_owner(client, governed_site, people, site_tree):
    from tests.articles.conftest import translate

    german = translate(site_tree.index("articles"), site_tree, "de", title="Artikel")
    make_editorial(german, "Ohne Beschreibung", search_description="")
    editor = as_user(client, people["editor"])

    assert {row[0] for row in listed(soup(editor.get(URL)))} == {"Promo", "Ohne Beschreibung"}
    by_language = soup(editor.get(URL, {"locale": "de"}))
    assert [row[0] for row in listed(by_language)] == ["Ohne Beschreibung"]
    assert [row.th.get_text() for row in by_language.select('[data-report="states"] tbody tr')] == ["de"]
    assert "Waiting article" not in by_language.select_one('[data-report="pending"]').get_text()
    assert [row[0] for row in listed(soup(editor.get(URL, {"rule": "banned-claims"})))] == ["Promo"]
    assert [row[0] for row in listed(soup(editor.get(URL, {"owner_group": "Writers"})))] == ["Ohne Beschreibung"]
    assert len(listed(soup(editor.get(URL, {"remediation": "content-fix"})))) == 2
    assert listed(soup(editor.get(URL, {"remediation": "translation-update"}))) == []
    # Wagtail refreshes the results in place from the results view, summaries included.
    results = soup(editor.get(RESULTS_URL, {"rule": "meta-description"}))
    assert [row[0] for row in listed(results)] == ["Ohne Beschreibung"]
    assert [row.th.get_text() for row in results.select('[data-report="by-rule"] tr')] == ["Meta description present"]


def test_report_exports_csv_and_xlsx_with_the_filters(client, governed_site, people):
    editor = as_user(client, people["editor"])
    rows = csv_rows(editor.get(URL, {"rule": "banned-claims", "export": "csv"}))
    assert rows[0] == ["Page ID", "Title", "Language", "Page state", "Check", "Reason", "Remediation", "Owner group",
                       "Checked"]
    assert [row[1:8] for row in rows[1:]] == [
        ["Promo", "en", "live", "banned-claims", "Remove the banned claim “guaranteed earnings”.", "content-fix",
         "Policy reviewers"]]

    response = editor.get(URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][:2] == ("Page ID", "Title") and [row[1] for row in values[1:]] == ["Promo"]


def test_csv_export_does_not_let_a_title_run_as_a_formula(client, site_tree, people):
    make_editorial(site_tree.index("articles"), '=HYPERLINK("http://evil")', search_description="")
    rows = csv_rows(as_user(client, people["editor"]).get(URL, {"export": "csv"}))
    titles = [row[1] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://evil")']


def test_only_reviewing_roles_see_the_report(client, governed_site, people):
    refused = as_user(client, people["writer"]).get(URL, follow=True)
    assert refused.redirect_chain[-1][0] == "/admin/"
    assert any("do not have permission" in str(message) for message in refused.context["messages"])
    assert as_user(client, people["writer"]).get(URL, {"export": "csv"}).status_code == 302
    assert as_user(client, people["policy"]).get(URL).status_code == 200
    menu = as_user(client, people["editor"]).get("/admin/").content.decode()
    assert URL in menu
    assert URL not in as_user(client, people["writer"]).get("/admin/").content.decode()


def test_report_reads_stored_results_in_a_flat_number_of_queries(client, site_tree, people,
                                                                  django_assert_max_num_queries):
    index = site_tree.index("articles")
    editor = as_user(client, people["editor"])

    def pages_with_failures(count, start):
        for number in range(start, start + count):
            make_editorial(index, f"Undescribed {number}", search_description="")
            submit(as_user(client, people["writer"]), draft(site_tree, title=f"Waiting {number}"))
        as_user(client, people["editor"])
        editor.get(URL)  # the first view stores results for the pages made without the workflow

    pages_with_failures(2, 0)
    reset_queries()  # the log keeps only the last 9000 queries: counting needs room
    with django_assert_max_num_queries(40) as few:
        assert len(listed(soup(editor.get(URL)))) == 2
    small_site = len(few.captured_queries)
    pages_with_failures(6, 2)
    reset_queries()
    with django_assert_max_num_queries(small_site):
        html = soup(editor.get(URL))
    assert len(listed(html)) == 8
    assert len(html.select('[data-report="pending"] tbody tr')) == 8


def test_an_ad_placement_waiting_for_approval_links_to_its_editor(client, live_article, people):
    from governance.models import AdPlacement
    from governance.monetization import request_placement

    request_placement(live_article, people["editor"], slots=("end_of_article",))
    placement = AdPlacement.objects.get(page=live_article)
    html = soup(as_user(client, people["monetization"]).get(URL, {"locale": "en"}))
    [row] = [row for row in html.select('[data-report="pending"] tbody tr') if "Monetization approval" in row.get_text()]
    assert row.a["href"] == f"/admin/snippets/governance/adplacement/edit/{placement.pk}/"
    assert "Serving many adapters per GPU" in row.a.get_text() and "(en)" in row.get_text()
