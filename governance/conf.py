"""Governance's settings and their defaults, in one place (``governance_settings.NAME``).

Read at call time, so ``override_settings`` in tests and per-environment settings both apply. The
project's settings (``lorasite/settings``) set them from the environment.
"""

from django.conf import settings

DEFAULTS = {
    # Shortest article body the checks accept, in words (Chinese and Japanese by characters).
    "GOVERNANCE_MIN_ARTICLE_WORDS": 300,
    # Let a reviewer approve their own work (one-person sites).
    "GOVERNANCE_ALLOW_SELF_APPROVAL": False,
    # Page types (app_label.ModelName) an ad placement may be approved for: none unless the project says.
    "ADS_PAGE_TYPES": [],
    # Least publisher content for ads, in words (Chinese and Japanese by characters).
    "ADS_MIN_PUBLISHER_WORDS": 600,
    # AdSense publisher id (ca-pub- and 16 digits); empty: no ads anywhere.
    "ADSENSE_CLIENT_ID": "",
    # Ad unit id of each slot (governance.models.SLOTS); a slot without one never renders.
    "ADSENSE_SLOTS": {},
    # Mark every unit as a test unit (development).
    "ADSENSE_TEST_MODE": False,
    # The site's consent-management platform script, loaded after the Consent Mode defaults.
    "CONSENT_MANAGEMENT_SCRIPT_URL": "",
}


class GovernanceSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"{name} is not a governance setting")
        return getattr(settings, name, DEFAULTS[name])


governance_settings = GovernanceSettings()
