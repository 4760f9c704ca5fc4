"""Celery tasks of governance: thin wrappers around its plain functions."""

from celery import shared_task

from . import workflow


@shared_task
def publish_scheduled():
    """Beat runs this every minute: approved revisions go live at their go-live date."""
    return workflow.publish_scheduled()
