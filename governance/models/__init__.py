"""Governance models, split by concern as Wagtail core does: publication review, stored check
results and ad placement."""

from .check_runs import CheckRun, CheckRunResult
from .monetization import AdPlacement, AdPolicyChecksTask
from .publication import AutomatedChecksTask, BannedClaim, GovernanceReport, ReviewTask, SelfCheckingTask

__all__ = [
    "AdPlacement",
    "AdPolicyChecksTask",
    "AutomatedChecksTask",
    "BannedClaim",
    "CheckRun",
    "CheckRunResult",
    "GovernanceReport",
    "ReviewTask",
    "SelfCheckingTask",
]
