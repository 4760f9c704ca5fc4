from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Bring the site up to date in one process: migrate, create the cache table, ensure the admin and "
        "load the demo content (each step does nothing when already done)."
    )

    def handle(self, *args, **options):
        # One process instead of four saves Django's start-up three times on every `make run`.
        for command, kwargs in (
            ("migrate", {"interactive": False, "verbosity": 0}),
            ("createcachetable", {}),
            ("ensure_admin", {}),
            ("load_demo_content", {}),
        ):
            call_command(command, stdout=self.stdout, stderr=self.stderr, **kwargs)
