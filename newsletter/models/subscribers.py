"""Subscribers, the record of what each one consented to, and the addresses never to mail again.

A subscriber is stored as pending until they follow the confirmation link (double opt-in). Every
step they take (sign-up, confirmation, change of preferences, unsubscribe) leaves a
:class:`ConsentRecord` with the truncated address, user agent, page and language, and the hash of
the consent text they were shown (kept once in :class:`ConsentText`). Erasure deletes the subscriber
and their records and keeps only a :class:`Suppression`: a hash of the address.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(24)


class SubscriberState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as something is published")
    DAILY = "daily", _("A daily digest")


class Subscriber(models.Model):
    email = models.EmailField(_("email"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    topics = models.ManyToManyField("articles.Topic", blank=True, related_name="+", verbose_name=_("topics"),
                                    help_text=_("None chosen: everything."))
    frequency = models.CharField(_("alerts"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    state = models.CharField(_("state"), max_length=12, choices=SubscriberState.choices,
                             default=SubscriberState.PENDING, db_index=True)
    # The one confirmation link valid now (blank once used): a link is single-use because confirming
    # or sending a new link replaces it.
    confirm_nonce = models.CharField(max_length=40, blank=True, editable=False)
    # In every unsubscribe and preferences link; replacing it invalidates all of them.
    manage_key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class ConsentText(models.Model):
    """A consent text exactly as a reader was shown it, stored once under its SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=10)
    text = models.TextField()
    first_shown_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.language} {self.sha256[:12]}"


class ConsentRecord(models.Model):
    class Action(models.TextChoices):
        SIGNUP = "signup", _("Signed up")
        CONFIRM = "confirm", _("Confirmed")
        PREFERENCES = "preferences", _("Changed preferences")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribed")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    at = models.DateTimeField(_("time (UTC)"), auto_now_add=True)
    ip_prefix = models.CharField(_("address (truncated)"), max_length=50, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    page = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10)
    consent_text = models.ForeignKey(ConsentText, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("consent text shown"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")


class Suppression(models.Model):
    """An address never to mail again, kept only as a hash of its normalised form."""

    class Reason(models.TextChoices):
        ERASED = "erased", _("Erased on request")
        BOUNCED = "bounced", _("Hard bounce")
        COMPLAINED = "complained", _("Spam complaint")

    email_sha256 = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
