"""Page types: where each can be created, and that every one renders in every language."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    GalleryPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceLibraryPage,
    ResourcePage,
    StandardPage,
)
from articles.text import count_text, reading_minutes, text_length

from .conftest import make_editorial, translate

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (ArticlePage, {ArticleIndexPage}),
        (NewsPage, {NewsIndexPage}),
        (ResourcePage, {ResourceLibraryPage}),
        (ArticleIndexPage, {HomePage}),
        (NewsIndexPage, {HomePage}),
        (ResourceLibraryPage, {HomePage}),
        (GalleryPage, {HomePage}),
        (StandardPage, {HomePage}),
    ],
)
def test_page_types_are_creatable_only_where_they_belong(child, parents):
    assert set(child.allowed_parent_page_models()) == parents


def test_home_page_is_one_per_locale_root(site_tree):
    home = site_tree.homes["en"]
    assert not HomePage.can_create_at(home)
    assert ArticlePage.can_create_at(site_tree.index("articles"))
    assert not ArticlePage.can_create_at(home)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_structural_page_renders_in_every_language(client, site_tree, code):
    home = site_tree.homes[code]
    for page in [home, *home.get_children().live().specific()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = BeautifulSoup(response.content, "html.parser")
        assert html.html["lang"] == code
        assert html.h1 and html.h1.get_text(strip=True)


def test_article_and_news_render_with_their_parts(client, site_tree, article):
    news = make_editorial(site_tree.index("news"), "S-LoRA serves thousands of adapters", model=NewsPage)
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.h1.get_text() == "Choosing the LoRA rank"
    assert page.find("time")["datetime"] == "2026-11-01"
    assert "Mara Lindqvist" in page.get_text()
    assert page.find("a", string="Quantization")["href"] == "/en/topics/quantization/"
    hero = page.select_one(".article__hero img")
    assert hero["alt"] == "Diagram of a frozen weight matrix beside a low-rank adapter path"

    news_page = BeautifulSoup(client.get(news.url).content, "html.parser")
    assert news_page.select_one(".sources a")["href"] == "https://arxiv.org/abs/2106.09685"


def test_translated_article_uses_the_image_alt_text_of_its_language(client, site_tree, article):
    japanese = translate(article, site_tree, "ja", title="LoRAランクの選び方", slug="choosing-lora-rank")
    page = BeautifulSoup(client.get(japanese.url).content, "html.parser")
    assert page.html["lang"] == "ja"
    assert page.select_one(".article__hero img")["alt"] == "凍結された重み行列と低ランクのアダプター経路の図"


def test_listing_shows_own_locale_and_offers_untranslated_english(client, site_tree, article):
    other = make_editorial(site_tree.index("articles"), "Serving patterns")
    translate(article, site_tree, "de", title="Die LoRA-Rang-Wahl", slug="lora-rang")
    page = BeautifulSoup(client.get(site_tree.index("articles", "de").url).content, "html.parser")
    listed = [a.get_text() for a in page.select(".card-list .card__title a")]
    assert listed[0] == "Die LoRA-Rang-Wahl"
    also = page.select_one(".also-in")
    assert [a.get_text() for a in also.select(".card__title a")] == [other.title]
    assert also.select_one(".card")["lang"] == "en"


def test_topic_filter_and_unknown_topic(client, site_tree, article, topic):
    make_editorial(site_tree.index("articles"), "Serving patterns")
    index = site_tree.index("articles")
    filtered = BeautifulSoup(client.get(index.url + "?topic=quantization").content, "html.parser")
    assert [a.get_text() for a in filtered.select(".card-list .card__title a")] == [article.title]
    assert client.get(index.url + "?topic=nonexistent").status_code == 404


def test_topic_and_author_pages_per_language(client, site_tree, article, topic):
    response = client.get("/en/topics/quantization/")
    assert response.status_code == 200
    assert article.title in response.content.decode()
    japanese = client.get("/ja/topics/quantization/").content.decode()
    assert "<h1>量子化</h1>" in japanese
    assert client.get("/en/authors/mara-lindqvist/").status_code == 200
    assert client.get("/en/topics/no-such-topic/").status_code == 404


def test_pagination_handles_malformed_page_numbers(client, site_tree):
    for number in range(14):
        make_editorial(site_tree.index("articles"), f"Article {number}", days_ago=number)
    url = site_tree.index("articles").url
    first = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(first.select(".card-list > li")) == 12
    assert "Page 1 of 2" in first.select_one(".pagination").get_text()
    assert client.get(url + "?page=abc").status_code == 200
    last = BeautifulSoup(client.get(url + "?page=999").content, "html.parser")
    assert len(last.select(".card-list > li")) == 2


@pytest.mark.parametrize(
    ("text", "words", "cjk"),
    [
        ("Rank four adapters learn quickly.", 5, 0),
        ("低ランク適応は本番環境で使われる。", 0, 16),
        ("LoRA の rank を選ぶ", 2, 4),
        ("<p>مرحبا <b>بالعالم</b></p>", 2, 0),
    ],
)
def test_text_is_counted_in_words_and_cjk_characters(text, words, cjk):
    assert count_text(text) == (words, cjk)


def test_reading_time_counts_cjk_by_characters():
    assert reading_minutes("word " * 460) == 2
    assert reading_minutes("字" * 1000) == 2
    assert text_length("字" * 500) == 230


def test_publishing_a_page_held_since_before_its_children_keeps_them(client, site_tree):
    home = site_tree.homes["ja"]  # loaded by the fixture; gains no children afterwards here
    stale = type(home).objects.get(pk=home.pk)
    stale.numchild = 0  # what an object loaded before its children were added carries
    from articles.demo.loader import publish

    publish(stale)
    assert client.get(site_tree.index("articles", "ja").url).status_code == 200


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_long_meta_description_is_a_warning_not_a_block(editor_client, site_tree, article):
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

    long_description = ("Adapters " * 30).strip()
    edit_url = f"/admin/pages/{article.pk}/edit/"
    data = querydict_from_html(editor_client.get(edit_url).content.decode(), form_id="page-edit-form")
    # The StreamField's inputs are built by JavaScript in the browser; supply them as it would.
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Still a real article.</p>"))])}))
    data["search_description"] = long_description
    data["override_reason"] = "Editor-in-chief correction."  # a superuser publishing outside review
    data["action-publish"] = "publish"
    response = editor_client.post(edit_url, data, follow=True)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("search engines show about 155" in message for message in messages), messages
    article.refresh_from_db()
    assert article.search_description == long_description


def test_image_form_offers_alt_text_and_caption_in_every_language(editor_client):
    response = editor_client.get("/admin/images/multiple/add/")
    from wagtail.images.forms import get_image_form
    from articles.models import LoraImage

    fields = get_image_form(LoraImage)().fields
    for code in ["en", "de", "fr", "es", "ja", "zh_hans", "ar"]:
        assert f"alt_text_{code}" in fields and f"caption_{code}" in fields
    assert {"licence", "source", "credit", "ai_generated"} <= set(fields)
    assert response.status_code == 200


def test_topic_and_author_forms_offer_each_translated_field_in_every_language(editor_client, topic, author):
    def edit_form(model, pk):
        response = editor_client.get(f"/admin/snippets/articles/{model}/edit/{pk}/")
        return BeautifulSoup(response.content, "html.parser")

    topic_form, author_form = edit_form("topic", topic.pk), edit_form("author", author.pk)
    for code in ["en", "de", "fr", "es", "ja", "zh_hans", "ar"]:
        assert topic_form.select_one(f'[name="name_{code}"]') and topic_form.select_one(f'[name="description_{code}"]')
        assert author_form.select_one(f'[name="role_{code}"]') and author_form.select_one(f'[name="bio_{code}"]')
    assert topic_form.select_one('[name="name_zh_hans"]')["value"] == topic.name_zh_hans != topic.name_en


@pytest.mark.parametrize(("model", "query", "found", "not_found"), [
    ("topic", "quant", "Quantization", "Deployment"),
    ("author", "mara", "Mara Lindqvist", "Kenji Okada"),
])
def test_topic_and_author_choosers_find_them_by_name(editor_client, site_tree, model, query, found, not_found):
    response = editor_client.get(f"/admin/snippets/choose/articles/{model}/results/", {"q": query})
    assert response.status_code == 200
    assert found in response.content.decode() and not_found not in response.content.decode()


def test_an_images_own_alt_text_in_a_language_does_not_fall_back_to_english(hero_image):
    hero_image.alt_text_zh_hans = "冻结权重矩阵与低秩适配器路径的示意图"
    hero_image.save()
    assert hero_image.alt_text_for("zh-hans") == "冻结权重矩阵与低秩适配器路径的示意图"
    assert hero_image.alt_text_for("ja") == "凍結された重み行列と低ランクのアダプター経路の図"
    assert hero_image.alt_text_for("de") == ""


@pytest.mark.parametrize("code", ["de", "fr", "es", "ja", "zh-hans", "ar"])
def test_article_news_and_resource_render_in_every_language(client, site_tree, article, code):
    from articles.models import LoraDocument, ResourcePage
    from django.core.files.base import ContentFile

    news = make_editorial(site_tree.index("news"), "Punica SGMV", model=NewsPage)
    document = LoraDocument.objects.create(title="Checklist", file=ContentFile(b"- [ ] ship", name="c.md"), language="en")
    resource = site_tree.index("resources").add_child(instance=ResourcePage(
        title="Deployment checklist", slug="deployment-checklist", resource_type="checklist",
        description="<p>Before launch.</p>", document=document))
    resource.save_revision().publish()
    local_document = LoraDocument.objects.create(title="Liste", file=ContentFile(b"- [ ] los", name=f"c-{code}.md"), language=code)
    pages = [
        translate(article, site_tree, code, title=f"Article ({code})"),
        translate(news, site_tree, code, title=f"News ({code})"),
        translate(resource, site_tree, code, title=f"Checklist ({code})", document=local_document),
    ]
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert BeautifulSoup(response.content, "html.parser").html["lang"] == code
    listing = BeautifulSoup(client.get(site_tree.index("resources", code).url).content, "html.parser")
    row = listing.select_one(".resource")
    assert f"Checklist ({code})" in row.get_text()
    assert row.select_one("[lang]")["lang"] == code
