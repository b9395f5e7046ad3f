from partners.models.leadership import (
    DECLARATION_VALIDITY,
    SMALL_BODY_SEATS,
    ChiefExecutive,
    LeadershipDeclaration,
    ShareBand,
    share_band,
)
from partners.models.memberships import (
    Invitation,
    JoinRequest,
    Membership,
    Role,
    VerificationDecision,
)
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
    "DECLARATION_VALIDITY",
    "SMALL_BODY_SEATS",
    "ChiefExecutive",
    "GovernmentLevel",
    "Invitation",
    "JoinRequest",
    "Language",
    "LeadershipDeclaration",
    "Membership",
    "Organization",
    "OrganizationQuerySet",
    "Region",
    "Role",
    "Sector",
    "ShareBand",
    "SizeBand",
    "StakeholderKind",
    "Theme",
    "Unionized",
    "User",
    "VerificationDecision",
    "VerificationStatus",
    "share_band",
]
