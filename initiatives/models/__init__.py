from initiatives.models.connections import ConnectionEmail, ConnectionRequest
from initiatives.models.initiatives import (
    HEADING_FIELDS,
    PROPOSABLE_FIELDS,
    ChangeProposal,
    Initiative,
    InitiativeKind,
    InitiativeQuerySet,
    InitiativeStatus,
    IntersectionalGroup,
)
from initiatives.models.similarity import (
    DismissedPair,
    InitiativeTerm,
    SimilarWork,
    TermDocumentCount,
)

__all__ = [
    "HEADING_FIELDS",
    "PROPOSABLE_FIELDS",
    "ChangeProposal",
    "ConnectionEmail",
    "ConnectionRequest",
    "DismissedPair",
    "Initiative",
    "InitiativeKind",
    "InitiativeQuerySet",
    "InitiativeStatus",
    "InitiativeTerm",
    "IntersectionalGroup",
    "SimilarWork",
    "TermDocumentCount",
]
