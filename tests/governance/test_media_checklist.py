"""The media checklist: every image a page shows is licensed, sourced, credited, disclosed when
AI-generated and described in the page's language — or the page does not pass its checks."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page

from articles.models import AltTextState, GalleryImage, ImageAltText, LoraImage
from governance import checks
from governance.review import submit_for_review
from tests.articles.conftest import png_bytes

from .conftest import as_user, draft, make_editorial

pytestmark = pytest.mark.django_db


def make_image(title="Rank sweep chart", **fields):
    defaults = {"licence": "cc-by-4.0", "credit": "LoRA Delivery", "source": "https://lora.example/charts",
                "alt_text_en": "Accuracy rises with rank until rank four, then falls with alpha over r.",
                "alt_text_ja": "ランク4まで精度が上がり、その後 alpha/r では下がる折れ線グラフ"}
    image = LoraImage(title=title, file=ContentFile(png_bytes(), name="chart.png"), **{**defaults, **fields})
    image.save()
    return image


def media_failures(page):
    return {result.rule.id: [str(reason) for reason in result.failures] for result in checks.run_checks(page)
            if result.rule.id.startswith("media-") and result.failures}


def page_with(site_tree, image, code="en", **fields):
    return make_editorial(site_tree.index("articles", code), "Charts of the rank sweep", image=image, **fields)


def test_an_image_with_everything_passes(site_tree):
    assert media_failures(page_with(site_tree, make_image())) == {}


@pytest.mark.parametrize(("fields", "rule", "words"), [
    ({"licence": "unknown"}, "media-licence", "Find out the licence"),
    ({"licence": "licensed", "source": ""}, "media-source", "comes from"),
    ({"credit": ""}, "media-credit", "requires a credit line"),
    ({"ai_generated": True, "licence": "ai-generated", "generator": "Diffusion XL"}, "media-ai-disclosure",
     "disclosure caption"),
])
def test_each_rule_names_the_image_and_the_fix(site_tree, fields, rule, words):
    failures = media_failures(page_with(site_tree, make_image(**fields)))
    assert list(failures) == [rule]
    assert words in failures[rule][0] and "Rank sweep chart" in failures[rule][0]


def test_own_work_needs_no_source_and_disclosed_ai_images_pass(site_tree):
    assert media_failures(page_with(site_tree, make_image(licence="own-work", source="", credit=""))) == {}
    disclosed = make_image(ai_generated=True, licence="ai-generated", generator="Diffusion XL",
                           ai_disclosure_en="Generated with Diffusion XL to illustrate routing.")
    assert media_failures(page_with(site_tree, disclosed)) == {}
    assert "media-ai-disclosure" in media_failures(page_with(site_tree, disclosed, code="de"))
    unnamed = make_image(ai_generated=True, licence="ai-generated", ai_disclosure_en="Generated to illustrate routing.")
    assert "name the model or tool" in media_failures(page_with(site_tree, unnamed))["media-ai-disclosure"][0]


@pytest.mark.parametrize(("alt_ja", "words"), [
    ("", "has no alt text in ja"),
    ("画像：ランクと精度のグラフ", "starts with"),
    ("Rank sweep chart", "repeats its title"),
    ("グラフ", "write 5 to 250"),
    ("長" * 251, "write 5 to 250"),
])
def test_alt_text_is_checked_in_the_pages_language(site_tree, alt_ja, words):
    failures = media_failures(page_with(site_tree, make_image(alt_text_ja=alt_ja), code="ja"))
    assert list(failures) == ["media-alt-text"] and words in failures["media-alt-text"][0]
    assert media_failures(page_with(site_tree, make_image(alt_text_ja=alt_ja), code="en")) == {}


def test_a_machine_draft_blocks_until_a_person_approves_it(site_tree, people):
    image = make_image()
    ImageAltText.objects.create(image=image, language="ja", state=AltTextState.DRAFT, engine="offline",
                                model_name="describer-1")
    page = page_with(site_tree, image, code="ja")
    assert "machine-written draft" in media_failures(page)["media-alt-text"][0]
    image.approve_alt_text("ja", people["editor"])
    review = ImageAltText.objects.get(image=image, language="ja")
    assert (review.state, review.approved_by) == (AltTextState.APPROVED, people["editor"])
    assert media_failures(Page.objects.get(pk=page.pk).specific) == {}


def test_a_use_may_override_the_alt_text_or_be_decorative(site_tree):
    image = make_image(alt_text_ja="")
    body = [{"type": "image", "value": {"image": {"image": image.pk, "decorative": False,
                                                  "alt_text": "ランク別の正解率を比べる折れ線グラフ"}, "caption": ""}},
            {"type": "paragraph", "value": "<p>" + "本文。" * 400 + "</p>"}]
    page = make_editorial(site_tree.index("articles", "ja"), "ランク")
    page.body = body
    assert media_failures(page) == {}
    body[0]["value"]["image"] = {"image": image.pk, "decorative": False, "alt_text": ""}
    page.body = body
    assert "has no alt text in ja" in media_failures(page)["media-alt-text"][0]
    body[0]["value"]["image"] = {"image": image.pk, "decorative": True, "alt_text": ""}
    page.body = body
    assert media_failures(page) == {}


def test_a_page_whose_images_fail_cannot_pass_the_automated_checks(site_tree, people):
    from tests.governance.conftest import current_task

    page = draft(site_tree, image=make_image(licence="unknown"))
    submit_for_review(page, people["writer"])
    state, task_state = current_task(page)
    assert state.status == "needs_changes"
    from wagtail.models import TaskState

    rejection = TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED).get()
    assert "licence" in rejection.specific.comment


def test_typing_alt_text_in_the_admin_approves_it_as_that_person(client, site_tree, django_user_model):
    from wagtail.test.utils.form_data import querydict_from_html

    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    image = make_image(alt_text_de="")
    ImageAltText.objects.create(image=image, language="ja", state=AltTextState.DRAFT, engine="offline")
    url = f"/admin/images/{image.pk}/"
    user = as_user(client, admin)
    data = querydict_from_html(user.get(url).content.decode(), form_id="w-editor-form")
    data["alt_text_de"] = "Die Genauigkeit steigt bis Rang vier und fällt danach mit alpha/r."
    response = user.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    image.refresh_from_db()
    assert image.alt_text_state("de") == AltTextState.APPROVED
    assert ImageAltText.objects.get(image=image, language="de").approved_by == admin
    assert image.alt_text_state("ja") == AltTextState.DRAFT  # untouched languages keep their state


def test_the_gallery_shows_only_images_that_pass_in_its_language(client, site_tree):
    gallery = site_tree.index("gallery", "ja")
    good = make_image(title="Good")
    no_licence = make_image(title="No licence", licence="unknown")
    no_japanese = make_image(title="No Japanese alt text", alt_text_ja="")
    for order, image in enumerate((good, no_licence, no_japanese)):
        GalleryImage.objects.create(page=gallery, image=image, sort_order=order)
    assert [item.image.title for item in gallery.gallery_items()] == ["Good"]
    english = site_tree.index("gallery")
    for order, image in enumerate((good, no_japanese)):
        GalleryImage.objects.create(page=english, image=image, sort_order=order)
    assert [item.image.title for item in english.gallery_items()] == ["Good", "No Japanese alt text"]
    html = client.get(gallery.url).content.decode()
    assert "Good" in html and "LoRA Delivery" in html and "No licence" not in html


def test_the_image_editor_shows_the_checklist_per_language(client, site_tree, django_user_model):
    from bs4 import BeautifulSoup

    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    image = make_image(alt_text_de="")
    html = BeautifulSoup(as_user(client, admin).get(f"/admin/images/{image.pk}/").content, "html.parser")
    panel = html.select_one("[data-media-checklist]")
    passes = {item["data-language"]: item["data-passes"] for item in panel.select("li[data-language]")}
    assert passes["en"] == "true" and passes["ja"] == "true" and passes["de"] == "false"
    assert "has no alt text in de" in panel.select_one('li[data-language="de"]').get_text()


def test_media_checklist_view_filters_and_approves_reviewed_drafts(client, site_tree, people, django_user_model):
    from bs4 import BeautifulSoup

    drafted, unknown, fine = make_image("Drafted"), make_image("Unknown licence", licence="unknown"), make_image("Fine")
    ImageAltText.objects.create(image=drafted, language="ja", state=AltTextState.DRAFT, engine="offline")
    user = as_user(client, people["editor"])
    url = "/admin/governance/media-checklist/"
    html = BeautifulSoup(user.get(url, {"language": "ja"}).content, "html.parser")
    rows = {row["data-image"]: row["data-passes"] for row in html.select("tr[data-image]")}
    assert rows[str(drafted.pk)] == rows[str(unknown.pk)] == "false" and rows[str(fine.pk)] == "true"
    only_licence = BeautifulSoup(user.get(url, {"language": "ja", "rule": "media-licence"}).content, "html.parser")
    assert {row["data-image"] for row in only_licence.select('tr[data-passes="false"]')} == {str(unknown.pk)}
    response = user.post(f"{url}?language=ja", {"image": [drafted.pk, fine.pk, "x"]})
    assert response.status_code == 302
    review = ImageAltText.objects.get(image=drafted, language="ja")
    assert (review.state, review.approved_by) == (AltTextState.APPROVED, people["editor"])
    assert not ImageAltText.objects.filter(image=fine).exists()  # nothing to approve there


def test_media_checklist_needs_image_editing_rights(client, site_tree, people):
    assert as_user(client, people["policy"]).get("/admin/governance/media-checklist/").status_code in (302, 403)
