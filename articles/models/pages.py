"""Page models. Each translation is its own page (Wagtail i18n): its own revisions, SEO fields and
workflow. Listings show the reader's locale and offer English originals not yet translated."""

from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from governance.checks import META_DESCRIPTION_LENGTH
from governance.media_checks import image_problems
from governance.forms import GovernedPageForm
from governance.gate import declare_non_monetizable
from governance.panels import AdPlacementPanel, ChecksPanel

from ..blocks import ArticleStreamBlock, stream_images, stream_links, stream_prose_length, stream_text
from ..text import reading_minutes
from .media import LoraImage
from .snippets import Author, Topic

LISTING_PAGE_SIZE = 12
CARD_RENDITION = "fill-640x360"
HERO_RENDITION = "fill-1600x900"


def paginate(request, items, per_page=LISTING_PAGE_SIZE):
    """The requested page of ``items``; an out-of-range or malformed ``?page=`` shows the nearest page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class EditorialPageQuerySet(PageQuerySet):
    """Articles and news as every listing shows them: ``ArticlePage.objects.listing(locale)``."""

    def listing(self, locale=None, *, card_images=True):
        """Live pages, in ``locale`` when given, newest first (``published_date``, then the newer
        page first on the same day), each card's hero image and its rendition loaded in two queries
        however many cards."""
        pages = self.live().select_related("locale").order_by("-published_date", "-pk")
        if locale is not None:
            pages = pages.filter(locale=locale)
        if card_images:
            pages = pages.prefetch_related(
                Prefetch("hero_image", queryset=LoraImage.objects.prefetch_renditions(CARD_RENDITION)),
            )
        return pages


EditorialPageManager = PageManager.from_queryset(EditorialPageQuerySet)


def _meta_description_help():
    return _("Shown in search results: aim for about %(limit)d characters; longer text is cut off.") % {
        "limit": META_DESCRIPTION_LENGTH}


meta_description_help = lazy(_meta_description_help, str)


class BasePage(Page):
    """Fields and behaviour every public page shares: a social image and searchable plain text."""

    social_image = models.ForeignKey(
        LoraImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; defaults to the hero image."),
    )
    # Plain text of the live revision, kept for substring search in Chinese and Japanese, which
    # full-text search cannot segment.
    search_text = models.TextField(editable=False, blank=True)

    base_form_class = GovernedPageForm
    settings_panels = Page.settings_panels + [FieldPanel("override_reason")]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel(
                    "search_description",
                    help_text=meta_description_help(),
                ),
            ],
            heading=_("For search engines"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
        FieldPanel("social_image"),
    ]
    search_fields = Page.search_fields + [index.SearchField("search_text")]
    # Whether ads may ever appear on this page type (governance.gate); experiment, demo and
    # playground pages set it False.
    monetizable = True

    class Meta:
        abstract = True

    def get_plain_text(self):
        return " ".join(filter(None, [self.title, self.search_description]))

    def save(self, *args, **kwargs):
        self.search_text = self.get_plain_text()
        return super().save(*args, **kwargs)

    @property
    def share_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    # The content interface governance reads pages through (governance/content.py).
    def prose_length(self):
        return stream_prose_length(self.body) if hasattr(self, "body") else 0

    def outbound_links(self):
        return stream_links(self.body) if hasattr(self, "body") else []

    def images_used(self):
        """Every image the page shows: social, hero and body images, each once."""
        images = [self.social_image, getattr(self, "hero_image", None)]
        if hasattr(self, "body"):
            images.extend(stream_images(self.body))
        return list({image.pk: image for image in images if image is not None}.values())


class HomePage(RoutablePageMixin, BasePage):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    featured_article = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("featured_article")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "articles.ArticleIndexPage",
        "articles.NewsIndexPage",
        "articles.ResourceLibraryPage",
        "articles.GalleryPage",
        "articles.StandardPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.featured_article if self.featured_article and self.featured_article.live else None
        context["featured"] = featured
        articles = ArticlePage.objects.listing(self.locale)
        context["latest"] = list(articles.exclude(pk=featured.pk if featured else None)[:6])
        context["latest_news"] = list(NewsPage.objects.listing(self.locale)[:3])
        gallery = GalleryPage.objects.live().filter(locale=self.locale).first()
        context["gallery"] = gallery
        context["gallery_strip"] = gallery.gallery_items(limit=6) if gallery else []
        return context

    def route_url(self, name, request=None, **kwargs):
        """The URL of one of this home page's routes, in its language: ``route_url("topic",
        slug="serving")`` is ``/en/topics/serving/``. Templates use ``{% routablepageurl %}``."""
        return self.get_url(request) + self.reverse_subpage(name, kwargs=kwargs)

    def render_articles_of(self, request, route, subject, **filters):
        """The page of a topic or an author (``route``, the route's name, is also the template's and
        the subject's name in it): this locale's articles matching ``filters``, newest first,
        paginated. ``route`` in the context gives the head its canonical and alternate URLs."""
        articles = ArticlePage.objects.listing(self.locale).filter(**filters)
        context = {
            route: subject,
            "articles": paginate(request, articles),
            "route_title": subject.name,
            "route": (route, {"slug": subject.slug}),
        }
        return self.render(request, context_overrides=context, template=f"articles/{route}_page.html")

    @path("topics/<slug:slug>/", name="topic")
    def topic_view(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return self.render_articles_of(request, "topic", topic, topics=topic)

    @path("authors/<slug:slug>/", name="author")
    def author_view(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        return self.render_articles_of(request, "author", author, authors=author)

    @path("search/", name="search")
    def search_view(self, request):
        from ..search import search_pages

        outcome = search_pages(request.GET.get("q", ""), locale=self.locale)
        if not outcome.results:
            declare_non_monetizable(request, _("A search with no results carries no ads."))
        context = {"search": outcome, "route_title": _("Search"), "route": ("search", {})}
        if outcome.results is not None:
            context["results"] = paginate(request, outcome.results, per_page=10)
        return self.render(request, context_overrides=context, template="articles/search_page.html")

    @path("feed/", name="feed")
    def feed_view(self, request):
        from ..feeds import LatestArticlesFeed

        return LatestArticlesFeed(self)(request)


class IndexPage(BasePage):
    """A listing of its own child pages, newest first."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def get_plain_text(self):
        return " ".join([super().get_plain_text(), self.intro])


class EditorialPage(BasePage):
    """An article or a news item: a dated, authored body of StreamField blocks."""

    intro = models.TextField(_("intro"), max_length=500, help_text=_("Shown under the title and in listings."))
    hero_image = models.ForeignKey(LoraImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(ArticleStreamBlock())
    authors = ParentalManyToManyField(Author, blank=True, related_name="%(class)s_pages")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="%(class)s_pages")
    published_date = models.DateField(_("published"), default=timezone.localdate)
    updated_date = models.DateField(_("updated"), null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)

    objects = EditorialPageManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        ChecksPanel(heading=_("Automated checks")),
    ]
    settings_panels = BasePage.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("published_date"), FieldPanel("updated_date"), FieldPanel("authors"), FieldPanel("topics")],
            heading=_("Attribution"),
        ),
        AdPlacementPanel(heading=_("Ad placement")),
    ]

    class Meta:
        abstract = True

    def get_plain_text(self):
        return "\n".join([super().get_plain_text(), self.intro, stream_text(self.body)])

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(stream_text(self.body))
        return super().save(*args, **kwargs)

    @property
    def modified_date(self):
        return self.updated_date or self.published_date


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticleIndexPage(IndexPage):
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).listing()
        topic_slug = request.GET.get("topic", "")
        if topic_slug:
            topic = Topic.objects.filter(slug=topic_slug[:50]).first()
            if topic is None:
                raise Http404(_("No such topic."))
            articles = articles.filter(topics=topic)
            context["active_topic"] = topic
        context["articles"] = paginate(request, articles)
        context["topics"] = Topic.objects.filter(articlepage_pages__locale=self.locale).distinct()
        context["untranslated"] = untranslated_originals(ArticlePage, self.locale)
        return context


class ArticlePage(EditorialPage):
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    long_form = True  # held to the minimum article length (governance)

    settings_panels = EditorialPage.settings_panels + [FieldPanel("tags")]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")


class SourceBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("URL"))
    label = blocks.CharBlock(label=_("Label"), max_length=200)


class NewsIndexPage(IndexPage):
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).listing()
        context["news"] = paginate(request, news)
        context["untranslated"] = untranslated_originals(NewsPage, self.locale)
        return context


class NewsPage(EditorialPage):
    sources = StreamField(
        [("source", SourceBlock())],
        min_num=1,
        help_text=_("At least one primary source: the paper, release notes or announcement."),
    )

    content_panels = EditorialPage.content_panels + [FieldPanel("sources")]
    parent_page_types = ["articles.NewsIndexPage"]
    subpage_types = []
    cites_sources = True  # must cite a primary source (governance)

    class Meta:
        verbose_name = _("news item")

    def primary_sources(self):
        return [block.value["url"] for block in self.sources if block.value.get("url")]

    def outbound_links(self):
        return super().outbound_links() + [block.value.get("url") or "" for block in self.sources]


class ResourceType(models.TextChoices):
    CHECKLIST = "checklist", _("Checklist")
    RUNBOOK = "runbook", _("Runbook")
    TEMPLATE = "template", _("Template")
    TERRAFORM = "terraform", _("Terraform module")


class ResourceLibraryPage(IndexPage):
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ResourcePage"]

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = ResourcePage.objects.child_of(self).live().select_related("document").order_by("title")
        kind = request.GET.get("type", "")
        if kind in ResourceType.values:
            resources = resources.filter(resource_type=kind)
            context["active_type"] = kind
        context["resources"] = paginate(request, resources)
        context["resource_types"] = ResourceType.choices
        context["untranslated"] = untranslated_originals(ResourcePage, self.locale)
        return context


class ResourcePage(BasePage):
    resource_type = models.CharField(_("type"), max_length=16, choices=ResourceType.choices)
    description = RichTextField(features=["bold", "italic", "link", "ul", "ol", "code"])
    document = models.ForeignKey(
        "articles.LoraDocument",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The file in this page's language."),
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="resource_pages")

    content_panels = BasePage.content_panels + [
        FieldPanel("resource_type"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("topics"),
    ]
    parent_page_types = ["articles.ResourceLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")

    def get_plain_text(self):
        return " ".join([super().get_plain_text(), self.description])


class GalleryPage(IndexPage):
    parent_page_types = ["articles.HomePage"]
    subpage_types = []

    content_panels = IndexPage.content_panels + [InlinePanel("images", label=_("Images"))]

    class Meta:
        verbose_name = _("gallery")

    def gallery_items(self, limit=None):
        """The gallery's images that pass the media checklist in this page's language (licence, source,
        credit, AI disclosure, approved alt text): an image that does not is left out, not shown bare."""
        images = LoraImage.objects.prefetch_renditions(CARD_RENDITION, "max-1600x1200").prefetch_related(
            "alt_text_reviews")
        items = self.images.prefetch_related(Prefetch("image", queryset=images))
        language = self.locale.language_code
        passing = [item for item in items if not image_problems(item.image, language)]
        return passing[:limit] if limit else passing

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.gallery_items()
        return context


class GalleryImage(Orderable):
    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(LoraImage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("image")]


class StandardPage(BasePage):
    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(ArticleStreamBlock())

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        ChecksPanel(heading=_("Automated checks")),
    ]
    parent_page_types = ["articles.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")

    def get_plain_text(self):
        return "\n".join([super().get_plain_text(), self.intro, stream_text(self.body)])


def searchable_page_models():
    """Every concrete page model with searchable plain text."""
    return [model for model in apps.get_models() if issubclass(model, BasePage)]


def untranslated_originals(model, locale, limit=6):
    """Live pages in the default language with no live translation in ``locale``: listings offer
    them as "also in English", articles and news newest first as the listing above them, other
    pages the most recently created first."""
    default_locale = Locale.get_default()
    if locale.pk == default_locale.pk:
        return []
    translated = model.objects.live().filter(locale=locale).values("translation_key")
    if issubclass(model, EditorialPage):
        originals = model.objects.listing(default_locale)
    else:
        originals = model.objects.live().filter(locale=default_locale).order_by("-pk")
    return list(originals.exclude(translation_key__in=translated)[:limit])

