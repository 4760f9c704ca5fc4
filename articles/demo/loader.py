"""Build the demo site from the files beside this module (see FORMAT.md).

Idempotent: every object is looked up by a stable key (slug and locale, translation key, image
title) before it is created, so running it again changes nothing.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.text import Truncator
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.models import Collection, Locale, Page, Site

from governance.checks import META_DESCRIPTION_LENGTH
from governance.models import AdPlacement
from governance.monetization import request_placement
from governance.review import act_on_current_step, submit_for_review
from governance.roles import (
    EDITORS,
    MONETIZATION_MANAGERS,
    POLICY_REVIEWERS,
    TRANSLATORS,
    WRITERS,
    ensure_ad_placement_workflow,
    ensure_publication_workflow,
    ensure_roles,
    translator_group_name,
)

from ..figure_references import REFERENCE
from ..models import (
    ArticleIndexPage,
    ArticlePage,
    Author,
    GalleryImage,
    GalleryPage,
    HomePage,
    LoraDocument,
    LoraImage,
    NewsIndexPage,
    NewsPage,
    ResourceLibraryPage,
    ResourcePage,
    StandardPage,
    Topic,
)
from ..models.media import Licence
from . import figures, markdown

DEMO_DIR = Path(__file__).resolve().parent
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
INDEX_MODELS = {
    "articles": ArticleIndexPage,
    "news": NewsIndexPage,
    "resources": ResourceLibraryPage,
    "gallery": GalleryPage,
}


def read_json(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def meta_description(text):
    """A structure page's meta description, from its one-sentence intro."""
    return Truncator(text).chars(META_DESCRIPTION_LENGTH)


def publish(page):
    """Publish the page's current state as a new revision; returns the page as now stored.

    The tree fields are reloaded first: a page object held since before its children were added
    would otherwise publish a stale ``numchild`` and hide them.
    """
    if page.pk:
        page.refresh_from_db(fields=["path", "depth", "numchild", "url_path"])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def demo_users():
    """(username, groups) for one demo login per role, plus a translator per language."""
    users = [("writer", [WRITERS]), ("editor", [EDITORS]), ("policy", [POLICY_REVIEWERS]),
             ("monetization", [MONETIZATION_MANAGERS])]
    users += [
        (f"translator-{code}", [TRANSLATORS, translator_group_name(code)])
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    return users


def ensure_demo_users(password):
    """Create the demo logins (idempotent; existing passwords are left alone). Returns {username: user}."""
    User = get_user_model()
    people = {}
    for username, group_names in demo_users():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@lora.delivery.test", password,
                                            first_name=username.split("-")[0].title())
        user.groups.set(Group.objects.filter(name__in=group_names))
        people[username] = user
    return people


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.site_texts = read_json("site.json")
        self.locales = {}
        self.homes = {}
        self.indexes = {}
        self.images = {}
        self.topics = {}
        self.authors = {}
        self.demo_runs = {}

    @cached_property
    def people(self):
        """One demo login per role. Their password is DEMO_USERS_PASSWORD (``changeme`` in development);
        without one they exist only as the workflow's actors and cannot log in."""
        password = settings.DEMO_USERS_PASSWORD or None
        people = ensure_demo_users(password)
        if password:
            shown = password if settings.DEBUG else "from DEMO_USERS_PASSWORD"
            self.log(f"Demo logins (password {shown}): {', '.join(people)}")
        return people

    def review(self, page, submitter, outcome="published"):
        """Take ``page`` through the publication workflow as the demo people would."""
        submit_for_review(page, submitter)
        if outcome == "sent-back":
            return  # the automated checks step rejects it, with its reasons on record
        act_on_current_step(page, self.people["editor"], comment="Accurate and clear; sources check out.")
        if outcome == "policy-review":
            return
        act_on_current_step(page, self.people["policy"], comment="No policy concerns.")

    @cached_property
    def figure_info(self):
        return read_json("figures.json")

    def run(self):
        with transaction.atomic():
            self.build_structure()
            self.load_pages()
            self.ensure_resources()
            self.ensure_galleries()
            self.ensure_featured()
            self.people  # noqa: B018 — creates the demo logins if missing and prints them
        self.log(f"Demo content ready: {Page.objects.live().filter(depth__gt=1).count()} live pages in {len(self.homes)} languages.")

    def build_structure(self):
        """Locales, topics, authors, and in every language the home, index and standard pages."""
        self.ensure_locales()
        self.topics = self.ensure_topics()
        self.authors = self.ensure_authors()
        self.ensure_homes()
        self.ensure_indexes()
        self.ensure_standard_pages()
        ensure_roles()  # again now that every language has a tree for its translators
        ensure_publication_workflow()
        ensure_ad_placement_workflow()

    def load_pages(self, stems=None):
        """Figures, then the articles and news items (all, or those whose file stem is in ``stems``)."""
        documents = self.load_documents()
        if stems is not None:
            documents = {stem: documents[stem] for stem in stems}
        self.ensure_figure_images(documents)
        self.ensure_editorial_pages(documents)

    # --- Structure -----------------------------------------------------------------------------

    def ensure_locales(self):
        for code in LANGUAGES:
            self.locales[code], _created = Locale.objects.get_or_create(language_code=code)

    def ensure_topics(self):
        return {
            slug: self.ensure_translated_row(Topic, slug, texts, ("name", "description"))
            for slug, texts in self.site_texts["topics"].items()
        }

    def ensure_authors(self):
        return {
            slug: self.ensure_translated_row(Author, slug, texts, ("role", "bio"), name=texts["name"])
            for slug, texts in self.site_texts["authors"].items()
        }

    def ensure_translated_row(self, model, slug, texts, translated_fields, **fields):
        """A snippet row with its modeltranslation columns filled in every language."""
        row = model.objects.filter(slug=slug).first() or model(slug=slug)
        for name, value in fields.items():
            setattr(row, name, value)
        for field in translated_fields:
            for code in LANGUAGES:
                setattr(row, build_localized_fieldname(field, code), texts[field][code])
        row.save()
        return row

    def ensure_homes(self):
        texts = self.site_texts["home"]
        # Wagtail's migrations create the tree root; a flushed database has none.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=self.locales[DEFAULT_LANGUAGE])
        )
        home = HomePage.objects.filter(locale=self.locales[DEFAULT_LANGUAGE]).first()
        if home is None:
            # Wagtail's installation leaves a plain "Welcome" page as the site root; it gives way.
            for welcome in root.get_children().exact_type(Page):
                welcome.delete()
            home = root.add_child(
                instance=HomePage(
                    title=texts["title"][DEFAULT_LANGUAGE],
                    slug="home",
                    intro=f"<p>{texts['intro'][DEFAULT_LANGUAGE]}</p>",
                    search_description=meta_description(texts["intro"][DEFAULT_LANGUAGE]),
                    locale=self.locales[DEFAULT_LANGUAGE],
                )
            )
            publish(home)
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "LoRA Delivery"},
            )
            self.log("Created the English home page and pointed the site at it.")
        self.homes[DEFAULT_LANGUAGE] = home
        for code in LANGUAGES:
            if code != DEFAULT_LANGUAGE:
                self.homes[code] = self.translate(
                    home, code, title=texts["title"][code], intro=f"<p>{texts['intro'][code]}</p>",
                    search_description=meta_description(texts["intro"][code]),
                )

    def translate(self, source, code, reviewed=False, **fields):
        """The translation of ``source`` into ``code``, created if missing: published directly
        (site structure), or submitted by that language's translator and reviewed (content)."""
        locale = self.locales[code]
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        page = source.copy_for_translation(locale).specific
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
        if not reviewed:
            return publish(page)
        self.review(page, self.people[f"translator-{code}"])
        page.refresh_from_db()
        return page

    def ensure_indexes(self):
        for key, model in INDEX_MODELS.items():
            texts = self.site_texts["indexes"][key]
            home = self.homes[DEFAULT_LANGUAGE]
            source = model.objects.child_of(home).first()
            if source is None:
                source = home.add_child(
                    instance=model(
                        title=texts["title"][DEFAULT_LANGUAGE],
                        slug=texts["slug"][DEFAULT_LANGUAGE],
                        intro=f"<p>{texts['intro'][DEFAULT_LANGUAGE]}</p>",
                        search_description=meta_description(texts["intro"][DEFAULT_LANGUAGE]),
                        show_in_menus=True,
                    )
                )
                publish(source)
            self.indexes[(key, DEFAULT_LANGUAGE)] = source
            for code in LANGUAGES:
                if code != DEFAULT_LANGUAGE:
                    self.indexes[(key, code)] = self.translate(
                        source, code, title=texts["title"][code], slug=texts["slug"][code],
                        intro=f"<p>{texts['intro'][code]}</p>",
                        search_description=meta_description(texts["intro"][code]),
                    )

    def ensure_standard_pages(self):
        home = self.homes[DEFAULT_LANGUAGE]
        for key, texts in self.site_texts["standard_pages"].items():
            source = StandardPage.objects.child_of(home).filter(slug=texts["slug"][DEFAULT_LANGUAGE]).first()
            if source is None:
                body = markdown.parse_body(texts["body"][DEFAULT_LANGUAGE].splitlines(), f"site.json:{key}")
                source = home.add_child(
                    instance=StandardPage(
                        title=texts["title"][DEFAULT_LANGUAGE], slug=texts["slug"][DEFAULT_LANGUAGE],
                        intro=texts["intro"][DEFAULT_LANGUAGE], body=body,
                        search_description=meta_description(texts["intro"][DEFAULT_LANGUAGE]),
                    )
                )
                publish(source)
            for code in LANGUAGES:
                if code != DEFAULT_LANGUAGE:
                    self.translate(
                        source, code, title=texts["title"][code], slug=texts["slug"][code], intro=texts["intro"][code],
                        search_description=meta_description(texts["intro"][code]),
                        body=markdown.parse_body(texts["body"][code].splitlines(), f"site.json:{key}:{code}"),
                    )

    # --- Images --------------------------------------------------------------------------------

    def load_documents(self):
        """Every content file, parsed, grouped by stem: {stem: {lang: Document}}."""
        grouped = {}
        for path in sorted((DEMO_DIR / "content").glob("*.md")):
            stem, _dot, code = path.stem.rpartition(".")
            if code not in LANGUAGES:
                raise markdown.FormatError(f"{path.name}: unknown language {code!r}")
            grouped.setdefault(stem, {})[code] = markdown.parse(path.read_text(encoding="utf-8"), path.name)
        return grouped

    def ensure_figure_images(self, documents):
        """One image per figure in English, plus a variant in each language whose pages use it."""
        wanted = {(key, DEFAULT_LANGUAGE) for key in figures.FIGURE_KEYS}
        for translations in documents.values():
            for code, document in translations.items():
                keys = set(document.images) | ({document.meta["hero"]} if document.meta.get("hero") else set())
                wanted |= {(key, code) for key in keys}
        collection = self.demo_collection()
        for key, code in sorted(wanted):
            self.images[(key, code)] = self.ensure_image(key, code, collection)

    def demo_collection(self):
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        existing = root.get_children().filter(name="Demo figures").first()
        return existing or root.add_child(name="Demo figures")

    def ensure_image(self, key, code, collection):
        """The figure's image in one language, redrawn when its SVG changed (a catalogue was updated, say)."""
        info = self.figure_info[key]
        title = info["title"][DEFAULT_LANGUAGE] + ("" if code == DEFAULT_LANGUAGE else f" ({code})")
        figure = figures.render(key, code)
        content = figure.svg.encode("utf-8")
        untranslated = list(figure.untranslated)
        if untranslated:
            self.log(f"Figure {key} ({code}): {len(untranslated)} strings not translated, shown in English")
        image = LoraImage.objects.filter(title=title, collection=collection).first()
        if image is None:
            image = LoraImage(
                title=title,
                collection=collection,
                licence=Licence.CC_BY_4,
                credit=info["credit"],
                source=info["source"],
                ai_generated=bool(info.get("ai_generated")),
            )
            for language in LANGUAGES:
                setattr(image, build_localized_fieldname("alt_text", language), info["alt_text"][language])
                setattr(image, build_localized_fieldname("caption", language), info["caption"][language])
        elif image.file_hash == hashlib.sha1(content).hexdigest() and image.untranslated_text == untranslated:
            return image
        else:
            image.renditions.all().delete()
            image.file.delete(save=False)
        image.file = ContentFile(content, name=f"{key}-{code}.svg")
        image.untranslated_text = untranslated
        image._set_image_file_metadata()
        image.save()
        return image

    def image_for(self, key, code):
        return self.images.get((key, code)) or self.images[(key, DEFAULT_LANGUAGE)]

    def resolve_images(self, blocks, code):
        for block in blocks:
            if block["type"] == "image":
                ref = block["value"]["image"]
                block["value"]["image"] = {
                    "image": self.image_for(ref["key"], code).pk,
                    "decorative": ref["decorative"],
                    "alt_text": ref["alt_text"],
                }
        return blocks

    # --- Demo runs -----------------------------------------------------------------------------

    def demo_run(self, kind):
        """The run whose results ``::demo KIND`` and ``{{KIND …}}`` show, from the app that runs demos (the
        ``demo_content_run`` hook): the standard run of that kind, queued now if there is none yet."""
        if kind not in self.demo_runs:
            try:
                found = [pk for hook in hooks.get_hooks("demo_content_run") if (pk := hook(kind))]
            except ValueError as error:
                raise markdown.FormatError(f"demo {kind!r}: {error}") from error
            if not found:
                raise markdown.FormatError(f"demo {kind!r}: no installed app runs demos")
            self.demo_runs[kind] = found[0]
        return self.demo_runs[kind]

    def cite_runs(self, text):
        """``{{rank-sweep accuracy rank=16}}`` → ``{{run 12 accuracy rank=16}}``: references name the run."""
        return REFERENCE.sub(lambda match: f"{{{{run {self.demo_run(match['source'])} {match['arguments']}}}}}", text)

    def resolve_runs(self, blocks):
        for block in blocks:
            if block["type"] == "demo_result":
                block["value"]["run"] = self.demo_run(block["value"]["run"]["kind"])
            elif block["type"] == "paragraph":
                block["value"] = self.cite_runs(block["value"])
        return blocks

    # --- Articles and news ---------------------------------------------------------------------

    def editorial_fields(self, document, code):
        meta = document.meta
        fields = {
            "title": meta["title"],
            "slug": meta["slug"],
            "intro": meta["intro"],
            "search_description": meta.get("search_description", ""),
            "published_date": meta["published"],
            "updated_date": meta.get("updated") or None,
            "hero_image": self.image_for(meta["hero"], code) if meta.get("hero") else None,
            "body": self.resolve_runs(self.resolve_images(document.blocks, code)),
        }
        if meta.get("kind") == "news":
            fields["sources"] = [
                {"type": "source", "value": {"url": url, "label": label}} for url, label in markdown.sources_field(meta)
            ]
        relations = {
            "topics": [self.topics[key] for key in markdown.list_field(meta, "topics")],
            "authors": [self.authors[key] for key in markdown.list_field(meta, "authors")],
        }
        return fields, relations

    def ensure_editorial_pages(self, documents):
        for stem, translations in documents.items():
            source_doc = translations.get(DEFAULT_LANGUAGE)
            if source_doc is None:
                raise markdown.FormatError(f"{stem}: every page needs an English original")
            kind = source_doc.meta.get("kind", "article")
            model, index_key = (NewsPage, "news") if kind == "news" else (ArticlePage, "articles")
            parent = self.indexes[(index_key, DEFAULT_LANGUAGE)]
            fields, relations = self.editorial_fields(source_doc, DEFAULT_LANGUAGE)
            source = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
            if source is None:
                page = model(live=False, **fields)
                if model is ArticlePage:
                    page.tags.set(markdown.list_field(source_doc.meta, "tags"))
                page.topics.set(relations["topics"])
                page.authors.set(relations["authors"])
                source = parent.add_child(instance=page)
                outcome = source_doc.meta.get("review", "published")
                self.review(source, self.people["writer"], outcome)
                self.log(f"{kind.title()} {fields['slug']!r}: {outcome}.")
            pages = [(source, source_doc)]
            for code, document in translations.items():
                if code == DEFAULT_LANGUAGE:
                    continue
                fields, _relations = self.editorial_fields(document, code)
                pages.append((self.translate(source, code, reviewed=True, **fields), document))
            for page, document in pages:
                if document.meta.get("ads"):
                    self.place_ads(page, document.meta["ads"])

    def place_ads(self, page, outcome):
        """Take ``page``'s ad placement through its own workflow as the demo people would: the
        editor requests it, the Monetization manager approves (``approved``), or not yet
        (``pending``); ``suspended`` is approved and then overtaken by a later edit of the page."""
        if outcome not in ("approved", "pending", "suspended"):
            raise markdown.FormatError(f"{page.slug}: ads must be approved, pending or suspended, not {outcome!r}")
        if AdPlacement.objects.filter(page=page).exists():
            return
        request_placement(page, self.people["editor"], slots=("in_article", "end_of_article", "sidebar"))
        if outcome != "pending":
            act_on_current_step(AdPlacement.objects.get(page=page), self.people["monetization"],
                                comment="Enough original content; slots are clear of navigation.")
        if outcome == "suspended":
            page = page.specific_class.objects.get(pk=page.pk)
            page.intro = f"{page.intro} Updated with this quarter's measurements."
            self.review(page, self.people["writer"])
        self.log(f"Ad placement on {page.slug!r} ({page.locale.language_code}): {outcome}.")

    def ensure_resources(self):
        manifest = read_json("resources/resources.json")
        library = self.indexes[("resources", DEFAULT_LANGUAGE)]
        for entry in manifest:
            source = ResourcePage.objects.child_of(library).filter(slug=entry["key"]).first()
            if source is None:
                source = publish(library.add_child(instance=ResourcePage(**self.resource_fields(entry, DEFAULT_LANGUAGE))))
            for code in entry["files"]:
                if code != DEFAULT_LANGUAGE:
                    self.translate(source, code, **self.resource_fields(entry, code))

    def resource_fields(self, entry, code):
        filename = entry["files"][code]
        title = entry["title"].get(code) or entry["title"][DEFAULT_LANGUAGE]
        document = LoraDocument.objects.filter(file__endswith=filename).first()
        if document is None:
            data = (DEMO_DIR / "resources" / filename).read_bytes()
            document = LoraDocument.objects.create(title=title, file=ContentFile(data, name=filename), language=code)
        description = entry["description"].get(code) or entry["description"][DEFAULT_LANGUAGE]
        return {
            "title": title,
            "slug": entry["key"],
            "resource_type": entry["type"],
            "description": f"<p>{description}</p>",
            "document": document,
            "search_description": meta_description(description),
        }

    def ensure_galleries(self):
        for code in LANGUAGES:
            gallery = self.indexes[("gallery", code)]
            if gallery.images.exists():
                continue
            for order, key in enumerate(figures.FIGURE_KEYS):
                GalleryImage.objects.create(page=gallery, image=self.image_for(key, code), sort_order=order)
            publish(gallery)

    def ensure_featured(self):
        for code, home in self.homes.items():
            if home.featured_article_id:
                continue
            featured = ArticlePage.objects.listing(self.locales[code], card_images=False).first()
            if featured:
                home.featured_article = featured
                publish(home)
