"""Site trees for the articles tests, built with the demo loader's own structure steps (homes,
indexes and standard pages in all seven languages) and small articles made here."""

import io
import shutil
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

from articles.demo.loader import DemoLoader, publish
from articles.models import ArticlePage, Author, LoraImage, NewsPage, Topic


def build_structure():
    loader = DemoLoader(log=lambda message: None)
    loader.build_structure()
    return loader


@pytest.fixture(scope="session")
def site_structure(django_db_setup, django_db_blocker):
    """Build the seven-language structure once; each test's transaction is rolled back around it.
    (Transactional tests, which run last, empty the database and build their own.)"""
    with django_db_blocker.unblock():
        build_structure()


@pytest.fixture
def site_tree(site_structure, db):
    cache.clear()
    loader = build_structure()  # finds everything already there
    return SimpleNamespace(
        loader=loader,
        locales=loader.locales,
        homes=loader.homes,
        index=lambda key, code="en": loader.indexes[(key, code)],
    )


def png_bytes(colour=(11, 92, 173), size=(1600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def hero_image(db):
    image = LoraImage(title="Adapter diagram", file=ContentFile(png_bytes(), name="hero.png"), credit="LoRA Delivery",
                      licence="cc-by-4.0", source="Drawn for LoRA Delivery")
    image.alt_text_en = "Diagram of a frozen weight matrix beside a low-rank adapter path"
    image.alt_text_ja = "凍結された重み行列と低ランクのアダプター経路の図"
    image.save()
    return image


@pytest.fixture
def topic(site_tree):
    """The demo site's quantization topic (names in every language come from site.json)."""
    return Topic.objects.get(slug="quantization")


@pytest.fixture
def author(site_tree):
    return Author.objects.get(slug="mara-lindqvist")


BODY_WORDS = "Low rank adapters change how teams ship fine tuned models to production safely. " * 30


def make_editorial(index, title, model=ArticlePage, body_text=BODY_WORDS, topics=(), authors=(), image=None,
                   days_ago=0, **fields):
    """Publish an article (or news item) under ``index`` with a heading and a paragraph."""
    body = [
        {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{body_text}</p>"},
    ]
    fields.setdefault("intro", f"{title}: what changes in production.")
    fields.setdefault("search_description", f"{title} explained for platform engineers.")
    page = model(
        title=title,
        body=body,
        hero_image=image,
        published_date=date(2026, 11, 1) - timedelta(days=days_ago),
        **fields,
    )
    if model is NewsPage and "sources" not in fields:
        page.sources = [{"type": "source", "value": {"url": "https://arxiv.org/abs/2106.09685", "label": "LoRA paper"}}]
    page.topics.set(topics)
    page.authors.set(authors)
    return publish(index.add_child(instance=page))


@pytest.fixture
def article(site_tree, hero_image, topic, author):
    return make_editorial(site_tree.index("articles"), "Choosing the LoRA rank", topics=[topic], authors=[author],
                          image=hero_image)


def translate(page, site_tree, code, **fields):
    return site_tree.loader.translate(page, code, **fields)


@pytest.fixture
def japanese_catalogue_missing(settings, tmp_path):
    """The project's catalogues with one Japanese figure string ("Training") left out, compiled into
    a LOCALE_PATHS of their own: what a half-done translation looks like to the site."""
    missing = "Training"
    target = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], target)
    messages = target / "ja" / "LC_MESSAGES"
    with (messages / "django.po").open("rb") as po_file:
        catalogue = read_po(po_file)
    del catalogue[missing]
    with (messages / "django.mo").open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    settings.LOCALE_PATHS = [target]
    return missing
