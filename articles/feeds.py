"""RSS per language at /<lang>/feed/: the locale's latest articles and news."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import ArticlePage, NewsPage

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, home):
        super().__init__()
        self.home = home
        self.language = home.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("LoRA Delivery: latest articles and news")

    def link(self):
        return self.home.get_url(self.request)

    def description(self):
        return _("Articles and news about deploying LoRA adapters.")

    def items(self):
        locale = self.home.locale
        articles = ArticlePage.objects.listing(locale, card_images=False)[:FEED_SIZE]
        news = NewsPage.objects.listing(locale, card_images=False)[:FEED_SIZE]
        entries = sorted([*articles, *news], key=lambda page: (page.published_date, page.pk), reverse=True)
        return entries[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at
