from django.apps import AppConfig


def suspend_placement_on_publish(sender, instance, revision, **kwargs):
    from .monetization import page_revision_published

    page_revision_published(instance, revision)


def suspend_placement_on_unpublish(sender, instance, **kwargs):
    from .monetization import page_taken_offline

    page_taken_offline(instance)


def recheck_translations_of(sender, instance, revision, **kwargs):
    from .checks import original_published

    original_published(instance)


def recheck_every_page(sender, **kwargs):
    from .checks import mark_runs_stale

    mark_runs_stale()


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from . import media_checks  # noqa: F401  (registers the media checklist's rules)
        from django.core import checks
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from .gate import adsense_settings_check
        from .models import BannedClaim

        checks.register(adsense_settings_check, "governance")

        # A new live revision, or none, is not what the ad placement was approved for.
        page_published.connect(suspend_placement_on_publish, dispatch_uid="governance.ads.suspend_on_publish")
        page_unpublished.connect(suspend_placement_on_unpublish, dispatch_uid="governance.ads.suspend_on_unpublish")
        # Stored check results that a new revision would not refresh: a translation's against its
        # original, and every page's against the banned claims.
        page_published.connect(recheck_translations_of, dispatch_uid="governance.checks.recheck_translations")
        post_save.connect(recheck_every_page, sender=BannedClaim, dispatch_uid="governance.checks.claim_saved")
        post_delete.connect(recheck_every_page, sender=BannedClaim, dispatch_uid="governance.checks.claim_deleted")
