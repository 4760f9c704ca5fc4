from django.core.management.base import BaseCommand

from articles.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Build the demo site (pages in seven languages, figures, resources). Safe to run again."

    def handle(self, *args, **options):
        DemoLoader(log=self.stdout.write).run()
