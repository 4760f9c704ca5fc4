import pytest
from django.conf import settings
from hypothesis import configuration as hypothesis_configuration

from lorasite.celery import app as celery_app

# Hypothesis keeps its example database and caches with the tests' other runtime state, not in a
# .hypothesis folder at the repository root.
hypothesis_configuration.set_hypothesis_home_dir(settings.VAR_DIR / "hypothesis")


@pytest.fixture(scope="session", autouse=True)
def empty_task_queues():
    """Start from empty queues: messages left by an earlier run would reach the test workers."""
    celery_app.control.purge()


@pytest.fixture
def page_cache(settings):
    """The shared page cache switched on, starting empty (every earlier key unreachable)."""
    from articles import cache

    settings.PAGE_CACHE_ENABLED = True
    cache.bump(cache.SITE_GENERATION)
    return cache
