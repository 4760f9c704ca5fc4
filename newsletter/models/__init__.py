"""The newsletter's models: the outbox every mail goes through, and the subscriber side."""

from .outbox import OutboundEmail
from .subscribers import ConsentRecord, ConsentText, Frequency, Subscriber, SubscriberState, Suppression

__all__ = ["ConsentRecord", "ConsentText", "Frequency", "OutboundEmail", "Subscriber", "SubscriberState",
           "Suppression"]
