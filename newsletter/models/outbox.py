from django.db import models
from django.utils.translation import gettext_lazy as _

from lorasite.jobs import Job


class OutboundEmail(Job):
    """One message in the outbox. Mail leaves the site only through here, on the `mail` queue,
    so a request never waits on SMTP and a crashed worker loses no message."""

    from_email = models.CharField(max_length=255, blank=True)
    to = models.JSONField(help_text=_("Recipient addresses."))
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True, help_text=_("Extra headers, such as List-Unsubscribe."))
    language = models.CharField(max_length=10, default="en")
    sent_at = models.DateTimeField(null=True, blank=True)

    task_name = "newsletter.tasks.deliver_email"
    # A worker lost while handing the message over may have sent it: never send it again unasked.
    retry_when_lost = False

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)} ({self.state})"
