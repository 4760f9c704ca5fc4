"""The pytest suite. Runs on SQLite with the embedded broker, or on DATABASE_URL/REDIS_URL when set."""

import os
from pathlib import Path

# Tests never share runtime state (database, broker folder, media) with a running `make run`.
os.environ.setdefault("LORASITE_VAR_DIR", str(Path(__file__).resolve().parents[2] / "var" / "test"))

from .base import *  # noqa: E402,F401,F403
from .base import DATABASES, VAR_DIR  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-not-secret-lorasite"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail still goes through the outbox; its delivery lands in django.core.mail.outbox.
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# A file (not in-memory) test database, so a Celery worker thread started by a test sees the same
# committed rows as the test itself.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# The adapter lab's tests use the smallest base models and a few pre-training steps.
ADAPTER_LAB_TEXT_MODEL = {"hidden_size": 32, "intermediate_size": 64, "layers": 1, "heads": 2}
ADAPTER_LAB_PRETRAIN_STEPS = 30
ADAPTER_LAB_VISION_PRETRAIN_STEPS = 20

# Tests that read pages do so uncached unless they are about the cache (the `page_cache` fixture).
PAGE_CACHE_ENABLED = False
