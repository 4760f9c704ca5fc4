from django.apps import AppConfig


class LorasiteConfig(AppConfig):
    """Project-wide plumbing: background-job bookkeeping, health checks, set-up commands."""

    name = "lorasite"
    verbose_name = "LoRA Delivery"
