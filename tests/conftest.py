import pytest

from lorasite.celery import app as celery_app


@pytest.fixture(scope="session", autouse=True)
def empty_task_queues():
    """Start from empty queues: messages left by an earlier run would reach the test workers."""
    celery_app.control.purge()
