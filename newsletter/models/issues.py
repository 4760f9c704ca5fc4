"""Newsletter issues that editors compose: a snippet with drafts, revisions, locking, a preview of the
mail and an approval workflow (an Editor or Monetization manager approves). Publishing an issue,
which the workflow does on approval, is what sends it (``newsletter.sending``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

ISSUE_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FeaturedPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type=["articles.ArticlePage", "articles.NewsPage", "articles.ResourcePage"])
    note = blocks.TextBlock(required=False, help_text=_("Why read it; the page's own intro when blank."))

    class Meta:
        icon = "doc-full"


class IssueStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(icon="title")
    paragraph = blocks.RichTextBlock(features=ISSUE_TEXT_FEATURES, icon="pilcrow")
    featured = FeaturedPageBlock()


class NewsletterIssue(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
                      ClusterableModel):
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE, help_text=_("Sent to subscribers of this language."))
    topics = ParentalManyToManyField("articles.Topic", blank=True, related_name="+", verbose_name=_("topics"),
                                     help_text=_("Sent to subscribers of any of these topics (and to those who chose "
                                                 "none); everyone of the language when blank."))
    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(IssueStreamBlock(), blank=True, verbose_name=_("body"))

    panels = [FieldPanel("subject"), FieldPanel("language"), FieldPanel("topics"), FieldPanel("intro"),
              FieldPanel("body")]

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self):
        return self.subject

    def get_preview_template(self, request, mode_name):
        return "newsletter/mail/issue.html"

    def get_preview_context(self, request, mode_name):
        from ..mails import issue_context

        return issue_context(self, subscriber=None)
