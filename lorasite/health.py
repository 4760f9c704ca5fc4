"""Readiness checks for /readyz: can this process reach the database, the cache and the broker?

Each check returns ``(ok, detail)``; details never include URLs, hosts or credentials.
"""

import time
import uuid

from celery import current_app
from django.core.cache import caches
from django.db import connection

BROKER_TIMEOUT_SECONDS = 2


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def check_cache():
    cache = caches["default"]
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    ok = cache.get(key) == "ok"
    cache.delete(key)
    return ok, type(cache).__name__


def check_broker():
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
        # Opening a channel proves the transport works (for the filesystem broker: the folder).
        conn.default_channel.queue_declare(current_app.conf.task_default_queue, passive=False)
        return True, conn.transport.driver_type


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks():
    """Run every check; a failing dependency is reported, never raised."""
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            ok, detail = check()
            error = ""
        except Exception as exc:  # noqa: BLE001 — a readiness probe reports, it does not crash
            ok, detail, error = False, "", type(exc).__name__
        results[name] = {
            "ok": ok,
            "backend": detail,
            "ms": round((time.monotonic() - started) * 1000, 1),
            **({"error": error} if error else {}),
        }
    return results
