from django.core.management.base import BaseCommand

from adapters_app import demo_runs
from adapters_app.lab.demos import DEMOS


class Command(BaseCommand):
    help = ("Queue the standard demo runs the articles show where they are missing. With --wait, run every "
            "queued demo run in this process (no worker needed) and return when all are done: for scripts and CI.")

    def add_arguments(self, parser):
        parser.add_argument("--wait", action="store_true", help="run the queued runs here and wait for them")
        parser.add_argument("--kind", action="append", choices=list(DEMOS), help="only runs of this demo (repeatable)")

    def handle(self, *args, wait=False, kind=None, **options):
        for run in demo_runs.ensure_standard_runs():
            self.stdout.write(f"Queued {run}")
        if not wait:
            return
        finished = demo_runs.run_pending(kinds=kind, log_line=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{len(finished)} demo run(s) done."))
