"""Which cached pages a change shows up on, and the receivers that purge them (``articles.cache``).

A page's change shows on: the page itself and its translations (their language switchers link to it),
its parent (a listing), its language's home (latest articles, the featured one), the topic and author
pages it is listed on, the feed, search and the sitemap. Site-wide changes (a page in the navigation,
the site's settings, a move that changes many URLs) purge everything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model_string
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from governance.models import AdPlacement

from . import cache
from .models import Author, HomePage, Topic


def path_of(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def home_of(page):
    return HomePage.objects.filter(locale_id=page.locale_id).first()


def page_paths(page):
    """The paths of everything that shows ``page`` (and shows its translations' links to it)."""
    page = page.specific
    paths = {"/sitemap.xml"}
    for each in [page, *page.get_translations().specific()]:
        for shown in (each, each.get_parent()):
            if shown is not None and (path := path_of(shown)):
                paths.add(path)
        home = home_of(each)
        if home is None:
            continue
        paths |= {path for path in (path_of(home),) if path}
        paths |= {home.route_url("feed"), home.route_url("search")}
        for topic in getattr(each, "topics", Topic.objects.none()).all():
            paths.add(home.route_url("topic", slug=topic.slug))
        for author in getattr(each, "authors", Author.objects.none()).all():
            paths.add(home.route_url("author", slug=author.slug))
    return paths


def is_site_wide(page):
    """A change to a page every page shows: the navigation (menu pages) and the homes."""
    page = page.specific
    return page.show_in_menus or isinstance(page, HomePage)


def purge_page(page):
    if is_site_wide(page):
        cache.purge_site()
        return None
    return cache.purge_paths(page_paths(page))


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publication(sender, instance, **kwargs):
    purge_page(instance)


@receiver(pre_delete, sender=Page)
def purge_before_deletion(sender, instance, **kwargs):
    if instance.live and instance.depth > 1:
        purge_page(instance)


@receiver(page_slug_changed)
def purge_on_slug_change(sender, instance, instance_before, **kwargs):
    """Children's URLs change with their parent's slug: everything goes."""
    cache.purge_site()


@receiver(post_page_move)
def purge_on_move(sender, instance, **kwargs):
    cache.purge_site()


@receiver(post_save, sender=AdPlacement)
def purge_on_ad_placement_change(sender, instance, **kwargs):
    """Approval, suspension or rejection changes which slots the page shows."""
    if instance.page_id:
        cache.purge_paths(page_paths(instance.page))


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Topic)
@receiver(post_delete, sender=Author)
def purge_on_taxonomy_change(sender, instance, **kwargs):
    """Topic and author names appear on cards, article heads and the topic pages of every language."""
    cache.purge_site()


@receiver(post_save, sender=Site)
def purge_on_site_change(sender, instance, **kwargs):
    cache.purge_site()


def purge_image(image):
    """The pages that use an image (in their body or as their hero), wherever they are listed."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.get_references_to(image).filter(base_content_type=page_type).values_list("object_id", flat=True)
    paths = set()
    for page in Page.objects.live().filter(pk__in=[int(pk) for pk in ids]):
        paths |= page_paths(page)
    return cache.purge_paths(paths) if paths else []


@receiver(post_save, sender=get_image_model_string())
def purge_on_image_change(sender, instance, created, **kwargs):
    """Alt text, caption, credit or the checklist changed: the pages showing the image show it."""
    if not created:
        purge_image(instance)
