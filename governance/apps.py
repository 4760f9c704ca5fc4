from django.apps import AppConfig


def suspend_placement_on_publish(sender, instance, revision, **kwargs):
    from .monetization import page_revision_published

    page_revision_published(instance, revision)


def suspend_placement_on_unpublish(sender, instance, **kwargs):
    from .monetization import page_taken_offline

    page_taken_offline(instance)


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from django.core import checks
        from wagtail.signals import page_published, page_unpublished

        from .gate import adsense_settings_check

        checks.register(adsense_settings_check, "governance")

        # A new live revision, or none, is not what the ad placement was approved for.
        page_published.connect(suspend_placement_on_publish, dispatch_uid="governance.ads.suspend_on_publish")
        page_unpublished.connect(suspend_placement_on_unpublish, dispatch_uid="governance.ads.suspend_on_unpublish")
