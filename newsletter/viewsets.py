"""The newsletter in the admin: composed issues (a snippet with drafts, preview, approval workflow and a
test send), subscribers (filters, formula-safe CSV export, each one's consent record) and sends with
their delivery counts; grouped under one "Newsletter" menu."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.views import FormulaSafeCSVMixin

from .models import NewsletterIssue, Send, Subscriber


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = _("Issues")
    list_display = ["subject", "language", "live", "latest_revision_created_at"]
    list_filter = ["language", "live"]
    copy_view_enabled = True


class SubscriberIndexView(FormulaSafeCSVMixin, IndexView):
    pass


class SubscriberInspectView(InspectView):
    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "consents": self.object.consents.select_related("consent_text"),
                "deliveries": self.object.deliveries.select_related("send", "email").order_by("-created_at")[:50]}


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    url_prefix = "newsletter/subscribers"
    url_namespace = "newsletter_subscribers"
    icon = "group"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["email", "state", "language", "topics", "frequency", "created_at", "confirmed_at",
                           "unsubscribed_at"]
    list_display = ["email", "state", "language", "frequency", "created_at", "confirmed_at"]
    list_filter = ["state", "language", "frequency", "topics"]
    list_export = ["email", "state", "language", "frequency", "created_at", "confirmed_at", "unsubscribed_at"]
    export_filename = "newsletter-subscribers"
    search_fields = ["email"]
    form_fields = ["language", "frequency", "topics"]


class SendIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(
            delivery_count=Count("deliveries"),
            delivered_count=Count("deliveries", filter=Q(deliveries__email__state="succeeded")),
            failed_count=Count("deliveries", filter=Q(deliveries__email__state="failed")))


class SendViewSet(ModelViewSet):
    model = Send
    url_prefix = "newsletter/sends"
    url_namespace = "newsletter_sends"
    icon = "mail"
    menu_label = _("Sends")
    index_view_class = SendIndexView
    list_display = ["__str__", "kind", "state", Column("delivery_count", label=_("Messages")),
                    Column("delivered_count", label=_("Delivered")), Column("failed_count", label=_("Failed")),
                    "created_at"]
    list_filter = ["kind", "state", "language"]
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results",
                                                                                      "inspect")]


class NewsletterViewSetGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterIssueViewSet, SubscriberViewSet, SendViewSet)
