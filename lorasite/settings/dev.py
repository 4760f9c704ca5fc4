"""Local development: `make run`. Safe defaults, nothing to configure."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-lorasite-3f9a1c7e2b")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The demo logins `load_demo_content` creates (elsewhere they get no usable password unless this is set).
DEMO_USERS_PASSWORD = env("DEMO_USERS_PASSWORD", default="changeme")


# A clearly fake publisher id, so the demo shows where approved ads go; every unit is marked as a
# test unit and no request reaches a real account. Set ADSENSE_CLIENT_ID for real ads.
DEMO_ADSENSE_CLIENT_ID = "ca-pub-0000000000000000"
ADSENSE_CLIENT_ID = env("ADSENSE_CLIENT_ID", default=DEMO_ADSENSE_CLIENT_ID)
ADSENSE_TEST_MODE = env.bool("ADSENSE_TEST_MODE", default=ADSENSE_CLIENT_ID == DEMO_ADSENSE_CLIENT_ID)
ADSENSE_SLOTS = {
    name: env(f"ADSENSE_SLOT_{name.upper()}", default=f"00000000{number:02d}")
    for number, name in enumerate(["in_article", "sidebar", "end_of_article"], start=1)
}
