"""A throw-away site for the benchmarks: dev settings on SQLite and the embedded broker in a temporary
folder (whatever DATABASE_URL or REDIS_URL say), migrated, DEBUG off."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def temporary_site():
    os.environ.setdefault("LORASITE_VAR_DIR", tempfile.mkdtemp(prefix="lorasite-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lorasite.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return settings
