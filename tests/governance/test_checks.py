import pytest

from governance import checks
from governance.models import BannedClaim

from .conftest import make_editorial

pytestmark = pytest.mark.django_db


def failing(page):
    return {result.rule.id: result.failures for result in checks.run_checks(page) if not result.passed}


def test_a_good_article_passes_every_check(site_tree):
    page = make_editorial(site_tree.index("articles"), "Rank sweeps")
    assert failing(page) == {}


def test_each_rule_reports_a_readable_reason(site_tree):
    BannedClaim.objects.create(phrase="guaranteed earnings")
    page = make_editorial(
        site_tree.index("articles"), "Quick tips", search_description="",
        body_text='Click here for guaranteed earnings. <a href="htp:/broken">link</a>',
    )
    failures = failing(page)
    assert set(failures) == {"meta-description", "banned-claims", "article-length", "outbound-links"}
    assert "guaranteed earnings" in failures["banned-claims"][0]
    assert "htp:/broken" in failures["outbound-links"][0]
    assert "at least 300" in failures["article-length"][0]


def test_cjk_length_is_counted_by_characters(site_tree):
    short = make_editorial(site_tree.index("articles"), "短い", body_text="低ランク適応の説明。" * 20)
    long = make_editorial(site_tree.index("articles"), "長い", body_text="低ランク適応の説明。" * 80)
    assert "article-length" in failing(short)
    assert "article-length" not in failing(long)


def test_banned_claims_list_is_editable_and_inactive_claims_are_ignored(site_tree):
    page = make_editorial(site_tree.index("articles"), "Ads", body_text="Please click the ads. " + "Real content. " * 200)
    claim = BannedClaim.objects.create(phrase="Click the ads")
    assert "banned-claims" in failing(page)
    claim.active = False
    claim.save()
    assert "banned-claims" not in failing(page)


def test_stale_translation_is_flagged(site_tree, django_capture_on_commit_callbacks):
    from tests.articles.conftest import translate
    from articles.demo.loader import publish

    original = make_editorial(site_tree.index("articles"), "Serving patterns")
    german = translate(original, site_tree, "de", title="Serving-Muster")
    assert "translation-fresh" not in failing(german)
    original.intro = "Updated after the translation."
    publish(original)
    assert "translation-fresh" in failing(german)
