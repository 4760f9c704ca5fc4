from celery import shared_task

from .alttext import drafts


@shared_task
def alt_text_drafts(pk):
    """Alt-text drafts for job ``pk`` (and other queued jobs, batched). Runs on the ``media`` queue."""
    return drafts.run(pk)
