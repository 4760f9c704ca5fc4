"""The newsletter's models: the outbox every mail goes through, and the subscriber side."""

from .issues import NewsletterIssue
from .outbox import OutboundEmail
from .sends import Delivery, Send, SendKind
from .subscribers import ConsentRecord, ConsentText, Frequency, Subscriber, SubscriberState, Suppression

__all__ = ["ConsentRecord", "ConsentText", "Delivery", "Frequency", "NewsletterIssue", "OutboundEmail", "Send",
           "SendKind", "Subscriber", "SubscriberState", "Suppression"]
