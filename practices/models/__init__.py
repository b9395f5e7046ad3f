from practices.models.digests import (
    DigestDelivery,
    DigestIssue,
    DigestKind,
    Frequency,
    Subscription,
    SubscriptionStatus,
)
from practices.models.evidence import EvidenceGap, EvidenceGapNeed, EvidenceGapWork
from practices.models.practices import (
    Practice,
    PracticeKind,
    PracticeQuerySet,
    PracticeStatus,
)

__all__ = [
    "DigestDelivery",
    "DigestIssue",
    "DigestKind",
    "EvidenceGap",
    "EvidenceGapNeed",
    "EvidenceGapWork",
    "Frequency",
    "Practice",
    "PracticeKind",
    "PracticeQuerySet",
    "PracticeStatus",
    "Subscription",
    "SubscriptionStatus",
]
