from django.apps import AppConfig


class AdaptersAppConfig(AppConfig):
    name = "adapters_app"
    verbose_name = "Adapter lab"

    def ready(self):
        from . import checks  # noqa: F401 — registers the system checks
