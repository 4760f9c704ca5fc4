"""A translator starts the translation of an English article into their own language from the
admin, and only into their own language; the translation is a draft awaiting review."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from governance.roles import TRANSLATORS, translator_group_name

from .conftest import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_translator(make_user, people):
    return make_user("greta", TRANSLATORS, translator_group_name("de"))


@pytest.fixture
def original(site_tree):
    from .conftest import make_editorial

    return make_editorial(site_tree.index("articles"), "Adapter routing in practice")


def translate_url(page):
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def test_a_translator_translates_an_english_article_into_their_language(client, german_translator, original):
    user = as_user(client, german_translator)
    form = user.get(translate_url(original))
    assert form.status_code == 200
    html = form.content.decode()
    german, french = Locale.objects.get(language_code="de"), Locale.objects.get(language_code="fr")
    assert f'value="{german.pk}"' in html and f'value="{french.pk}"' not in html

    response = user.post(translate_url(original), {"locales": [german.pk]}, follow=True)
    translation = Page.objects.get(translation_key=original.translation_key, locale=german)
    assert response.redirect_chain[0][0] == f"/admin/pages/{translation.pk}/edit/"
    assert response.status_code == 200  # their own language's editor opens it
    assert not translation.live


def test_a_translator_cannot_translate_into_another_language(client, german_translator, original):
    french = Locale.objects.get(language_code="fr")
    response = as_user(client, german_translator).post(translate_url(original), {"locales": [french.pk]})
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not Page.objects.filter(translation_key=original.translation_key, locale=french).exists()


@pytest.mark.parametrize("role", ["writer", "policy", "monetization"])
def test_roles_without_the_translation_permission_are_refused(client, people, original, role):
    german = Locale.objects.get(language_code="de")
    response = as_user(client, people[role]).post(translate_url(original), {"locales": [german.pk]})
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(translation_key=original.translation_key, locale=german).exists()


def test_the_dashboard_lists_what_waits_for_the_translators_language(client, german_translator, original):
    from bs4 import BeautifulSoup

    user = as_user(client, german_translator)
    panel = BeautifulSoup(user.get("/admin/").content, "html.parser").select_one('[data-translate-locale="de"]')
    assert panel is not None and "Adapter routing in practice" in panel.get_text()
    assert panel.select_one("a")["href"] == translate_url(original)
    assert not BeautifulSoup(user.get("/admin/").content, "html.parser").select('[data-translate-locale="fr"]')

    german = Locale.objects.get(language_code="de")
    user.post(translate_url(original), {"locales": [german.pk]})
    panel = BeautifulSoup(user.get("/admin/").content, "html.parser").select_one('[data-translate-locale="de"]')
    assert panel is None or "Adapter routing in practice" not in panel.get_text()
