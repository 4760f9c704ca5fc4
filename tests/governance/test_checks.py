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


def test_a_resources_description_is_scanned_for_banned_claims(site_tree):
    """The checks read a page's text through the content interface (the page's own get_plain_text), so
    a resource's description counts; the check's old copy of the text rule read title and body only."""
    from django.core.files.base import ContentFile

    from articles.demo.loader import publish
    from articles.models import LoraDocument, ResourcePage

    document = LoraDocument.objects.create(title="Checklist", file=ContentFile(b"- [ ] rank", name="list.md"))
    page = publish(site_tree.index("resources").add_child(instance=ResourcePage(
        title="Rollout checklist", search_description="What to check before a rollout.", resource_type="checklist",
        description="<p>Follow it for guaranteed earnings.</p>", document=document)))
    BannedClaim.objects.create(phrase="guaranteed earnings")
    assert "guaranteed earnings" in failing(page)["banned-claims"][0]


def test_a_page_type_without_the_interface_gets_its_defaults():
    from types import SimpleNamespace

    from governance import content

    bare = SimpleNamespace(title="About", search_description="Who we are")
    assert content.plain_text(bare) == "About Who we are"
    assert (content.prose_length(bare), content.outbound_links(bare), content.images_used(bare)) == (0, [], [])
    assert content.is_monetizable(bare) and not content.is_long_form(bare) and not content.cites_sources(bare)


def test_news_sources_are_read_through_the_interface(site_tree):
    from articles.models import NewsPage

    page = make_editorial(site_tree.index("news"), "PEFT release", model=NewsPage,
                          sources=[{"type": "source", "value": {"url": "https://example.org/notes", "label": "Notes"}}])
    assert page.primary_sources() == ["https://example.org/notes"]
    assert "news-source" not in failing(page)
    page.sources = []
    assert "Add at least one primary source" in failing(page)["news-source"][0]
