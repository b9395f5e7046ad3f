from partners.models.organizations import (
    GovernmentLevel,
    Organization,
    OrganizationQuerySet,
    SizeBand,
    Unionized,
    VerificationStatus,
)
from partners.models.reference import Language, Region, Sector, StakeholderKind, Theme
from partners.models.users import User

__all__ = [
    "GovernmentLevel",
    "Language",
    "Organization",
    "OrganizationQuerySet",
    "Region",
    "Sector",
    "SizeBand",
    "StakeholderKind",
    "Theme",
    "Unionized",
    "User",
    "VerificationStatus",
]
