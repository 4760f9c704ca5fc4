from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lorasite import catalogues


class Command(BaseCommand):
    help = "Compile every gettext catalogue (.po) to the .mo file beside it, in pure Python (no gettext tools)."

    def handle(self, *args, **options):
        try:
            written = catalogues.compile_all()
        except ImportError as error:
            raise CommandError(str(error)) from error
        base = Path(settings.BASE_DIR).resolve()
        for path in written:
            self.stdout.write(f"Compiled {path.relative_to(base) if path.is_relative_to(base) else path}")
        if not written and options["verbosity"] > 1:
            self.stdout.write("Every catalogue is up to date.")
