"""Factories shared by the whole suite."""

import factory

from adapters_app.models import DemoRun
from newsletter.models import OutboundEmail


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundEmail

    to = factory.Sequence(lambda n: [f"reader{n}@example.com"])
    subject = "Your LoRA digest"
    body = "Rank 8 adapters, measured."


class MemoryPlanRunFactory(factory.django.DjangoModelFactory):
    """A demo run of the memory planner: instant, so it serves as a job that is safe to run again."""

    class Meta:
        model = DemoRun

    kind = "memory"
    parameters = factory.LazyFunction(lambda: {"sequence_length": 512, "batch_size": 1, "rank": 64})
