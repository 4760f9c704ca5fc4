from celery import shared_task

from lorasite.jobs import run_job

from . import sending
from .models import OutboundEmail, Send
from .outbox import send_outbound_email


@shared_task
def deliver_email(pk):
    return run_job(OutboundEmail, pk, send_outbound_email)


@shared_task
def fan_out(pk):
    return run_job(Send, pk, sending.fan_out)


@shared_task
def queue_digests():
    return [send.pk for send in sending.queue_digests()]
