"""What the newsletter sends: a :class:`Send` is one fan-out (an alert for a page first published in
its language, a day's digest in one language, or a composed issue) and a :class:`Delivery` is one
subscriber's copy of one item.

Exactly once: a delivery row is unique per (subscriber, item key) and is written, with its outbox
message, before anything is sent; a fan-out that runs again (a redelivered task, a resumed job) finds
the rows and skips them. The outbox hands each message to the mail server at most once.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lorasite.jobs import Job

from .outbox import OutboundEmail
from .subscribers import Subscriber


class SendKind(models.TextChoices):
    ALERT = "alert", _("Alert")
    DIGEST = "digest", _("Daily digest")
    ISSUE = "issue", _("Newsletter issue")


class Send(Job):
    kind = models.CharField(_("kind"), max_length=10, choices=SendKind.choices)
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("page"))
    issue = models.ForeignKey("newsletter.NewsletterIssue", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="sends", verbose_name=_("issue"))
    digest_date = models.DateField(_("digest of"), null=True, blank=True)

    task_name = "newsletter.tasks.fan_out"
    stale_after = timedelta(minutes=10)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("send")
        verbose_name_plural = _("sends")
        constraints = [
            models.UniqueConstraint(fields=["page"], condition=Q(kind="alert"), name="newsletter_one_alert_per_page"),
            models.UniqueConstraint(fields=["language", "digest_date"], condition=Q(kind="digest"),
                                    name="newsletter_one_digest_per_language_and_day"),
            models.UniqueConstraint(fields=["issue"], condition=Q(kind="issue"), name="newsletter_one_send_per_issue"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.language})"

    @property
    def delivery_key(self):
        """What one subscriber receives at most once."""
        if self.kind == SendKind.ALERT:
            return f"page:{self.page_id}"
        if self.kind == SendKind.DIGEST:
            return f"digest:{self.digest_date.isoformat()}"
        return f"issue:{self.issue_id}"


class Delivery(models.Model):
    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=100)
    email = models.OneToOneField(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["subscriber", "key"], name="newsletter_one_delivery_per_item")]
