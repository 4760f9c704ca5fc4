from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lorasite.jobs import Job


class AltTextOutcome(models.TextChoices):
    DRAFTED = "drafted", _("Draft written")
    KEPT = "kept", _("Kept: a person approved this text")
    SKIPPED = "skipped", _("No draft")


class AltTextJob(Job):
    """Alt-text drafts for one image in some languages, written by a ``media`` worker.

    ``outcomes`` records what happened in each language once the job has run:
    ``{"de": {"outcome": "drafted"}, "ja": {"outcome": "skipped", "reason": {…}}}`` (a reason is a
    stored :class:`governance.checks.Reason`, shown in the reader's language).
    """

    image = models.ForeignKey(settings.WAGTAILIMAGES_IMAGE_MODEL, on_delete=models.CASCADE,
                              related_name="alt_text_jobs", verbose_name=_("image"))
    languages = models.JSONField(_("languages"), default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    engine = models.CharField(_("engine"), max_length=100, blank=True)
    outcomes = models.JSONField(_("outcomes"), default=dict, blank=True)

    task_name = "adapters_app.tasks.alt_text_drafts"
    # Loading a large vision model on a slow disk takes a while; the job beats after each step.
    stale_after = timedelta(minutes=10)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alt-text job")
        verbose_name_plural = _("alt-text jobs")
        indexes = [models.Index(fields=["image", "state"], name="alt_text_job_image_state")]

    def __str__(self):
        return f"Alt text for {self.image} ({', '.join(self.languages)}): {self.state}"
