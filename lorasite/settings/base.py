"""Settings shared by every mode. Everything secret or machine-specific comes from the environment.

With no environment set, the site runs on one machine with nothing installed: SQLite in WAL mode,
Django's database cache and Celery on kombu's filesystem transport under ``var/``. ``DATABASE_URL``
and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# Runtime state (SQLite database, broker folder, beat schedule, media) lives under one folder, so a
# test or a second instance can point everything elsewhere with one variable.
VAR_DIR = Path(env("LORASITE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches model fields; it must come before django.contrib.admin.
    "modeltranslation",
    "lorasite",
    "articles",
    "governance",
    "adapters_app",
    "newsletter",
    "django_ratelimit",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the shared cache; everything below runs only on a miss.
    "articles.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "articles.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "governance.gate.AdCacheHeadersMiddleware",
    # After authentication: a response to a signed-in user or a preview is private, no-store.
    "lorasite.middleware.ViewerCacheHeadersMiddleware",
]

ROOT_URLCONF = "lorasite.urls"
WSGI_APPLICATION = "lorasite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "db.sqlite3"
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets the web process read while a worker writes; the busy timeout and
                # IMMEDIATE transactions make concurrent writers wait instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Opening the file and running the pragmas above on every request cost more than a cached page.
            "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="lorasite"),
            "TIMEOUT": 300,
        },
        # Searches (every query a new key) apart from the pages, so a flood of them cannot evict a page.
        "page_queries": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="lorasite") + "-queries",
            "TIMEOUT": 300,
        },
    }
else:
    # The database cache is shared by the web process and every worker, unlike locmem. Wagtail's
    # rendition lookups go to a per-process memory cache instead: they are a pure speed-up, and
    # writing them to the database would cost queries on every page view.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lorasite_cache",
            "TIMEOUT": 300,
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Pages in a table of their own, large enough for every page of the site in every language;
        # searches in another, whose culling can only drop other searches.
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lorasite_page_cache",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        "page_queries": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lorasite_page_query_cache",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        },
    }
# The shared page cache (articles/cache.py): where pages and searches are kept, and for how long; a CDN
# may serve a page this stale while it fetches a fresh one.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_ALIAS = "pages" if "pages" in CACHES else "default"
PAGE_CACHE_QUERIES_ALIAS = "page_queries"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)
# A CDN in front of the site, purged with the same URLs (Wagtail's frontend cache module): e.g.
# FRONTEND_CACHE_CLOUDFLARE_TOKEN and FRONTEND_CACHE_CLOUDFLARE_ZONE; none by default.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_CLOUDFLARE_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
        "ZONEID": env("FRONTEND_CACHE_CLOUDFLARE_ZONE"),
    }
if env("FRONTEND_CACHE_HTTP_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_HTTP_URL"),
    }

# --- Celery ---------------------------------------------------------------------------------
# The longest job (an adapter demo run) is bounded by JOB_TIME_LIMIT; Redis must not redeliver a
# message that is still being worked on, so its visibility timeout is longer than that.
JOB_TIME_LIMIT = env.int("JOB_TIME_LIMIT", default=60 * 60)
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": JOB_TIME_LIMIT * 2}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": JOB_TIME_LIMIT * 2}
else:
    for folder in (BROKER_DIR / "queue", BROKER_DIR / "control", VAR_DIR / "results"):
        folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"
CELERY_TASK_DEFAULT_QUEUE = "default"
# default: site chores; mail: the outbox; media: alt-text drafts; gpu: adapter demos (one at a time).
CELERY_TASK_QUEUES = [Queue(name) for name in ("default", "mail", "media", "gpu")]
CELERY_TASK_ROUTES = {
    "newsletter.tasks.*": {"queue": "mail"},
    "adapters_app.tasks.alt_text*": {"queue": "media"},
    "adapters_app.tasks.demo*": {"queue": "gpu"},
    "adapters_app.tasks.train*": {"queue": "gpu"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT
CELERY_TASK_SOFT_TIME_LIMIT = JOB_TIME_LIMIT - 60
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# On Ctrl-C or SIGTERM a worker gives running tasks 10 s, then hands their messages back; the
# job sweep recovers anything a harder kill leaves behind.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10
CELERY_TIMEZONE = "UTC"
# Beat reads its schedule from here (a file schedule, not django-celery-beat): every periodic job
# is code-defined and idempotent, so there is nothing for an editor to change and nothing lost if
# the schedule file is.
SCHEDULED_PUBLISHING_INTERVAL = env.int("SCHEDULED_PUBLISHING_INTERVAL", default=60)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {
        "task": "lorasite.tasks.sweep_stale_jobs",
        "schedule": env.int("JOB_SWEEP_INTERVAL", default=60),
    },
    # Approved revisions with a go-live date go live (Wagtail's `publish_scheduled`). A message not
    # picked up before the next one is sent is dropped rather than run late twice.
    "publish-scheduled": {
        "task": "governance.tasks.publish_scheduled",
        "schedule": SCHEDULED_PUBLISHING_INTERVAL,
        "options": {"expires": SCHEDULED_PUBLISHING_INTERVAL},
    },
    # Each morning (UTC) the daily digests of what was first published the day before.
    "newsletter-digests": {
        "task": "newsletter.tasks.queue_digests",
        "schedule": crontab(hour=env.int("NEWSLETTER_DIGEST_HOUR", default=6), minute=0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Wagtail 8's own background tasks (search index updates, image renditions) run in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Mail -----------------------------------------------------------------------------------
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Everything that sends mail queues it in the outbox; the `mail` worker delivers it with the
# backend EMAIL_URL names.
OUTBOX_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 — set from EMAIL_URL just above
EMAIL_BACKEND = "newsletter.backends.OutboxEmailBackend"
# Where `filemail://` writes one file per message.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LoRA Delivery <newsletter@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Newsletter -----------------------------------------------------------------------------
# The site's public address, for links in mail (confirmation, unsubscribe, preferences).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# How long a confirmation link works (seconds).
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=3 * 24 * 3600)
# An inbound address that unsubscribes whoever mails it; listed in List-Unsubscribe only when set.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")
# Sign-ups per client network (django-ratelimit on the default cache), and mails per address.
NEWSLETTER_SIGNUP_RATE = env("NEWSLETTER_SIGNUP_RATE", default="10/h")
NEWSLETTER_ADDRESS_RATE = env("NEWSLETTER_ADDRESS_RATE", default="3/d")
# Bounce and complaint webhooks of the mail provider (django-anymail), served at /anymail/<esp>/tracking/
# when a shared secret is set ("user:password", as the provider sends it).
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")}
# Subscribers per fan-out batch: one transaction writes their deliveries and outbox messages.
NEWSLETTER_FANOUT_BATCH = env.int("NEWSLETTER_FANOUT_BATCH", default=500)
# django-ratelimit 4.1 lists the caches it knows; Django's own RedisCache (an atomic INCR) is not among
# them, hence its warning. The embedded mode's database cache counts with a read and a write, not an
# atomic increment: simultaneous requests can be undercounted by one or two. Redis counts exactly.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])

# --- Passwords ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ja", _("Japanese")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Static files are served straight from the apps (no collectstatic) except in production, which
# collects them into hashed, compressed files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "LoRA Delivery"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "articles.LoraImage"
WAGTAILDOCS_DOCUMENT_MODEL = "articles.LoraDocument"
WAGTAILREDIRECTS_AUTO_CREATE = True
# A page edited while in review goes back through every step.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "governance.workflow.publish_approved_revision"

# --- Governance -----------------------------------------------------------------------------
GOVERNANCE_MIN_ARTICLE_WORDS = env.int("GOVERNANCE_MIN_ARTICLE_WORDS", default=300)
# One-person sites may let a reviewer approve their own work; the governance report says so.
# Proxies we run in front of gunicorn, each appending to X-Forwarded-For (lorasite.http.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
GOVERNANCE_ALLOW_SELF_APPROVAL = env.bool("GOVERNANCE_ALLOW_SELF_APPROVAL", default=False)
# Password of the demo logins load_demo_content creates (writer, editor, policy …); without it they
# get the development password under DEBUG and no usable password otherwise.
DEMO_USERS_PASSWORD = env("DEMO_USERS_PASSWORD", default="")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "json", "md", "odt", "pdf", "pptx", "tf", "txt", "xlsx", "yaml", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads are checked, cleaned of metadata and (SVG) sanitised by articles/uploads.py through these forms.
WAGTAILIMAGES_IMAGE_FORM_BASE = "articles.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "articles.forms.DocumentForm"
# SVG is accepted because every SVG upload is sanitised before it is stored.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
# 40 million pixels (8000 × 5000), read from the header before decoding: decoded as RGBA at 4 bytes a
# pixel that is 160 MB, which a 2-core server with a few GB of memory can afford per worker. Wagtail's
# default, 128 MP, is 512 MB per decode.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", default=40_000_000)

# --- Alt-text drafts (adapters_app/alttext; docs/alt-text.md) -----------------------------------
# "offline" (the default) describes an image from what it measures, in every language. "model" loads
# a vision-to-text model from ALT_TEXT_MODEL (a local folder, or a hub id where one can be reached)
# and translates its English with ALT_TEXT_TRANSLATION_MODEL: one multilingual model's folder, or
# "de=/models/en-de;fr=/models/en-fr" (languages it names no model for stay undrafted, with the reason).
ALT_TEXT_ENGINE = env("ALT_TEXT_ENGINE", default="offline")
ALT_TEXT_MODEL = env("ALT_TEXT_MODEL", default="")
ALT_TEXT_TRANSLATION_MODEL = env("ALT_TEXT_TRANSLATION_MODEL", default="")
# Images a media worker drafts together (one generate() call per batch for the model engine).
ALT_TEXT_BATCH_SIZE = env.int("ALT_TEXT_BATCH_SIZE", default=8)
# Read the text in raster images with Tesseract where it is installed (Debian: tesseract-ocr).
ALT_TEXT_OCR = env.bool("ALT_TEXT_OCR", default=True)

# --- Adapter lab (adapters_app/lab; docs/adapter-lab.md) -------------------------------------------
# Base models are pre-trained on first use and kept here; demos load them with from_pretrained.
ADAPTER_LAB_MODELS_DIR = Path(env("ADAPTER_LAB_MODELS_DIR", default=str(VAR_DIR / "models")))
# Size of the text base (TextModelSpec fields) and pre-training steps; the defaults fit the demos'
# time goals on two CPU cores.
ADAPTER_LAB_TEXT_MODEL = {}
ADAPTER_LAB_PRETRAIN_STEPS = env.int("ADAPTER_LAB_PRETRAIN_STEPS", default=2500)
ADAPTER_LAB_VISION_PRETRAIN_STEPS = env.int("ADAPTER_LAB_VISION_PRETRAIN_STEPS", default=500)
# torch threads per demo. One by default: on a small machine shared with the web process and the
# other worker, two busy-waiting threads ran 20–50× slower than one.
ADAPTER_LAB_THREADS = env.int("ADAPTER_LAB_THREADS", default=1)

# --- Monetization ---------------------------------------------------------------------------
# Ads render only where governance.gate allows: an approved placement for the live revision, and more.
ADSENSE_CLIENT_ID = env("ADSENSE_CLIENT_ID", default="")
# The ad unit id (data-ad-slot) of each slot, from the AdSense account.
ADSENSE_SLOTS = {
    "in_article": env("ADSENSE_SLOT_IN_ARTICLE", default=""),
    "sidebar": env("ADSENSE_SLOT_SIDEBAR", default=""),
    "end_of_article": env("ADSENSE_SLOT_END_OF_ARTICLE", default=""),
}
# Test mode marks every unit data-adtest="on" and labels it as a test unit: no real impressions.
ADSENSE_TEST_MODE = env.bool("ADSENSE_TEST_MODE", default=False)
# The site's certified consent-management platform (CMP) script, loaded after the Consent Mode
# defaults and before any ad; it updates consent with gtag('consent', 'update', …).
CONSENT_MANAGEMENT_SCRIPT_URL = env("CONSENT_MANAGEMENT_SCRIPT_URL", default="")
ADS_PAGE_TYPES = env.list("ADS_PAGE_TYPES", default=["articles.ArticlePage", "articles.NewsPage"])
ADS_MIN_PUBLISHER_WORDS = env.int("ADS_MIN_PUBLISHER_WORDS", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per page edit and per in-process Wagtail task is noise, not news.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
