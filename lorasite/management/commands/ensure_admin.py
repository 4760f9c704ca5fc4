from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lorasite.settings.base import env

DEV_PASSWORD = "changeme"


class Command(BaseCommand):
    help = "Create the admin superuser if it does not exist yet, and print the login."

    def handle(self, *args, **options):
        username = env("ADMIN_USERNAME", default="admin")
        password = env("ADMIN_PASSWORD", default="")
        if not password:
            if not settings.DEBUG:
                raise CommandError("Set ADMIN_PASSWORD: the development password is refused outside DEBUG.")
            password = DEV_PASSWORD
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email=env("ADMIN_EMAIL", default=""), password=password)
            self.stdout.write(self.style.SUCCESS(f"Created superuser {username!r}."))
            self.stdout.write(f"Admin login: {username} / {password}")
        else:
            self.stdout.write(f"Admin login: {username} (existing account; password unchanged)")
