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


class DemoKind(models.TextChoices):
    PRETRAIN = "pretrain", _("Pre-train the base models")
    RANK_SWEEP = "rank-sweep", _("Rank sweep")
    TECHNIQUES = "techniques", _("Technique comparison")
    VISION = "vision", _("Vision injection points")
    MEMORY = "memory", _("Memory planner")


class DemoRun(Job):
    """One adapter-lab demo run on a ``gpu`` worker, with its live progress and everything it measured.

    ``parameters`` are the validated inputs (seeds, steps and learning rates included: a run shows how
    fair its comparison was); ``metrics`` the results, filled in as each configuration finishes so a
    run resumed after a lost worker skips what it already measured; ``environment`` the library
    versions, device and threads it ran with.
    """

    kind = models.CharField(_("demo"), max_length=20, choices=DemoKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    progress = models.FloatField(_("progress"), default=0.0)
    progress_note = models.CharField(_("progress note"), max_length=300, blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    environment = models.JSONField(_("environment"), default=dict, blank=True)
    log = models.TextField(_("log"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))

    task_name = "adapters_app.tasks.demo_run"
    # Pre-training the base models can take two minutes on two cores; a demo beats every few steps.
    stale_after = timedelta(minutes=5)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demo run")
        verbose_name_plural = _("demo runs")

    def __str__(self):
        return self.title or f"{self.get_kind_display()} #{self.pk}"

    @property
    def progress_percent(self):
        return f"{self.progress:.0%}"
