"""The governance report in the admin: states, pending steps, failures by rule and by remediation
queue, filters and CSV export; only for the roles that need it."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from governance.models import BannedClaim

from .conftest import as_user, draft, make_editorial, submit

pytestmark = pytest.mark.django_db
URL = "/admin/governance/report/"


@pytest.fixture
def governed_site(client, site_tree, people):
    BannedClaim.objects.create(phrase="guaranteed earnings")
    make_editorial(site_tree.index("articles"), "Clean article")
    make_editorial(site_tree.index("articles"), "Promo", body_text="Guaranteed earnings for every reader. " * 60)
    waiting = draft(site_tree, title="Waiting article")
    submit(as_user(client, people["writer"]), waiting)
    client.logout()
    return site_tree


def test_report_shows_states_pending_steps_and_remediation_queues(client, governed_site, people):
    html = BeautifulSoup(as_user(client, people["editor"]).get(URL).content, "html.parser")
    english = html.select_one('[data-report="states"] tbody tr')
    assert english.th.get_text() == "en"
    assert english.select_one('[data-state="in-review"]').get_text() == "1"
    pending = html.select_one('[data-report="pending"] tbody').get_text()
    assert "Waiting article" in pending and "Editorial review" in pending and "Editors" in pending
    by_rule = html.select_one('[data-report="by-rule"]').get_text()
    assert "No banned claims" in by_rule
    queues = {section["data-owner"]: section.get_text() for section in html.select('[data-report="queue"]')}
    assert "Promo" in queues["Policy reviewers"]


def test_report_filters_by_rule_and_exports_csv(client, governed_site, people):
    editor = as_user(client, people["editor"])
    response = editor.get(URL, {"rule": "banned-claims", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["page_id", "title", "language", "state", "rule", "reason", "remediation", "owner_group"]
    assert [row[1] for row in rows[1:]] == ["Promo"]
    assert rows[1][6:] == ["content-fix", "Policy reviewers"]


def test_only_reviewing_roles_see_the_report(client, governed_site, people):
    refused = as_user(client, people["writer"]).get(URL, follow=True)
    assert refused.redirect_chain[-1][0] == "/admin/"
    assert any("do not have permission" in str(message) for message in refused.context["messages"])
    assert as_user(client, people["policy"]).get(URL).status_code == 200
