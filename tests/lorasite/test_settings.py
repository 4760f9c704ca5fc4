"""Settings load in every mode; production refuses unsafe configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3J9xq2LmP0vR8sT1uW4yZ6bC5dE7fG9hI2jK4lM6nO8pQ0rS2tU4vW6xY8z"


def run_django(module, code, **env):
    """Import settings `module` in a fresh interpreter and run `code` after django.setup()."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("mode", ["base", "dev", "test", "production"])
def test_settings_load_in_every_mode(mode):
    env = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "lora.example"} if mode == "production" else {}
    result = run_django(f"lorasite.settings.{mode}", "print(settings.DEBUG, settings.WAGTAIL_SITE_NAME)", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(mode == "dev"), "LoRA", "Delivery"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "lora.example"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": "lora.example", "SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "*"}, "'*' is refused"),
    ],
)
def test_production_refuses_unsafe_configuration(env, message):
    result = run_django("lorasite.settings.production", "pass", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_the_deploy_check():
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    clean.update(DJANGO_SETTINGS_MODULE="lorasite.settings.production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="lora.example")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_services_follow_the_environment():
    if os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    else:
        assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
        assert settings.CELERY_BROKER_URL == "filesystem://"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("DATABASE_URL points at another database")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000


def test_celery_is_configured_for_jobs_that_survive_crashes():
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_TIME_LIMIT == settings.JOB_TIME_LIMIT
    if os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.JOB_TIME_LIMIT
    from lorasite.celery import app

    assert app.amqp.router.route({}, "newsletter.tasks.deliver_email")["queue"].name == "mail"
    assert app.amqp.router.route({}, "lorasite.tasks.sweep_stale_jobs")["queue"].name == "default"
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
