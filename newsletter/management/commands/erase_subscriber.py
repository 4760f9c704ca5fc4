from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from newsletter import subscriptions


class Command(BaseCommand):
    help = ("Erase a subscriber on request (by mail, say): their subscription and consent records are "
            "deleted and only a hash of the address is kept, so it is never mailed again.")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, email, **options):
        with translation.override(settings.LANGUAGE_CODE):  # an operator's command speaks the site's language
            try:
                found = subscriptions.erase(email)
            except ValidationError as error:
                raise CommandError(" ".join(str(message) for message in error.messages)) from error
        self.stdout.write("Erased; the address is suppressed." if found else
                          "No subscriber with that address; it is suppressed all the same.")
