"""Factories shared by the whole suite."""

import factory

from newsletter.models import OutboundEmail


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundEmail

    to = factory.Sequence(lambda n: [f"reader{n}@example.com"])
    subject = "Your LoRA digest"
    body = "Rank 8 adapters, measured."
