"""Governance models, split by concern as Wagtail core does: publication review and ad placement."""

from .monetization import AdPlacement, AdPolicyChecksTask
from .publication import AutomatedChecksTask, BannedClaim, GovernanceReport, ReviewTask, SelfCheckingTask

__all__ = [
    "AdPlacement",
    "AdPolicyChecksTask",
    "AutomatedChecksTask",
    "BannedClaim",
    "GovernanceReport",
    "ReviewTask",
    "SelfCheckingTask",
]
