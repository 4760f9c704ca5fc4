"""Local development: `make run`. Safe defaults, nothing to configure."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-lorasite-3f9a1c7e2b")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

