from celery import shared_task

from . import demo_runs
from .alttext import drafts


@shared_task
def alt_text_drafts(pk):
    """Alt-text drafts for job ``pk`` (and other queued jobs, batched). Runs on the ``media`` queue."""
    return drafts.run(pk)


@shared_task
def demo_run(pk):
    """Adapter-lab demo run ``pk``. Runs on the ``gpu`` queue (one at a time)."""
    return demo_runs.run(pk)
