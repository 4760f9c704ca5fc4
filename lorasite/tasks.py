from celery import shared_task

from . import jobs


@shared_task
def sweep_stale_jobs():
    """Beat runs this every minute: re-queue or fail jobs lost with a worker or a message."""
    return jobs.sweep_stale_jobs()
