from django.core.mail.backends.base import BaseEmailBackend

from .outbox import queue_message


class OutboxEmailBackend(BaseEmailBackend):
    """Django email backend that queues each message in the outbox instead of sending it."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if message.recipients():
                queue_message(message)
                count += 1
        return count
