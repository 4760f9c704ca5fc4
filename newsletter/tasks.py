from celery import shared_task

from lorasite.jobs import run_job

from .models import OutboundEmail
from .outbox import send_outbound_email


@shared_task
def deliver_email(pk):
    return run_job(OutboundEmail, pk, send_outbound_email)
