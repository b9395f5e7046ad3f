"""An organization's timeline: profile changes, verification decisions and leadership declarations.

Profile changes come from django-simple-history's records of Organization.
Each record is compared with the one before it through diff_against(), and
the many-to-many fields are compared from their prefetched historical rows,
so the timeline takes the same number of queries however long it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners import permissions
from partners.models import (
    Language,
    LeadershipDeclaration,
    Membership,
    Organization,
    Region,
    Role,
    Sector,
    ShareBand,
    StakeholderKind,
    User,
    VerificationDecision,
    VerificationStatus,
)
from partners.services import PROFILE_EDIT_REASON

# Fields left out of the profile changes:
# - verification_status changes through a conditional update() that creates
#   no historical record, so a diff would credit the next editor with it.
#   The verification decisions show it instead.
# - disability_led and leadership_band are copies of the current leadership
#   declaration, which has its own entry.
# - registered_by never changes after registration.
EXCLUDED_FIELDS = ["verification_status", "disability_led", "leadership_band", "registered_by"]
M2M_FIELDS = {
    "regions_served": ("historicalorganization_regions_served_set", "region_id"),
    "languages": ("historicalorganization_languages_set", "language_id"),
}
# The reference list that each foreign key or many-to-many field points to.
RELATED_MODELS: dict[str, type[Model]] = {
    "kind": StakeholderKind,
    "province": Region,
    "sector": Sector,
    "regions_served": Region,
    "languages": Language,
}
# NOTE: records of two saves by the same person less than this far apart
# show as one change.
SAME_SAVE_WINDOW = timedelta(seconds=2)
# A change of these fields on a verified organization changes what a
# coordinator verified, so the timeline marks it.
MATERIAL_FIELDS = {"name", "kind"}

REGISTERED = "registered"
CHANGED = "changed"
VERIFIED = "verified"
REJECTED = "rejected"
DECLARED = "declared"

ENTRY_TITLES = {
    REGISTERED: gettext_lazy("Registered"),
    CHANGED: gettext_lazy("Profile changed"),
    VERIFIED: gettext_lazy("Verified by a coordinator"),
    REJECTED: gettext_lazy("Rejected by a coordinator"),
    DECLARED: gettext_lazy("Leadership declared"),
}


@dataclass
class FieldChange:
    """One field's value before and after a change, as text for people to read."""

    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    """One event in an organization's timeline."""

    kind: str
    when: datetime
    actor: User | None
    changes: list[FieldChange] = field(default_factory=list)
    is_material: bool = False
    reason: str = ""
    declaration: LeadershipDeclaration | None = None
    band_label: str = ""

    @property
    def title(self) -> str:
        return str(ENTRY_TITLES[self.kind])


def can_view_history(user: Any, organization: Organization) -> bool:
    """Coordinators and the organization's administrators see its history; editors do not."""
    if not user.is_authenticated:
        return False
    if permissions.is_coordinator(user):
        return True
    return Membership.objects.filter(
        organization=organization, user=user, role=Role.ADMINISTRATOR
    ).exists()


def person_name(user: User | None) -> str:
    """Return the person's full name, or their email address when they gave no name."""
    if user is None:
        return ""
    return user.get_full_name() or user.email


def build_timeline(organization: Organization) -> list[TimelineEntry]:
    """Return the organization's timeline, newest first."""
    entries = [
        *_profile_entries(organization),
        *_decision_entries(organization),
        *_declaration_entries(organization),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _profile_entries(organization: Organization) -> list[TimelineEntry]:
    records = list(
        organization.history.all()
        .order_by("history_date", "history_id")
        .select_related("history_user")
        .prefetch_related(*(relation for relation, _column in M2M_FIELDS.values()))
    )
    formatter = _ValueFormatter()
    entries = []
    baseline = None
    for group in _group_records(records):
        first, last = group[0], group[-1]
        if first.history_type == "+":
            entries.append(TimelineEntry(REGISTERED, first.history_date, first.history_user))
        elif baseline is not None:
            changed_fields = _changed_fields(baseline, last)
            if changed_fields:
                entries.append(
                    TimelineEntry(
                        CHANGED,
                        last.history_date,
                        last.history_user,
                        changes=[formatter.describe(*change) for change in changed_fields],
                        is_material=(
                            last.verification_status == VerificationStatus.VERIFIED
                            and any(name in MATERIAL_FIELDS for name, _old, _new in changed_fields)
                        ),
                        reason=_change_reason(group),
                    )
                )
        baseline = last
    return entries


def _group_records(records: list[Any]) -> list[list[Any]]:
    """Group the records that one save wrote, so each edit shows as one entry.

    Saving an organization and then setting its regions and languages writes
    one record for each step. Records by the same person within
    SAME_SAVE_WINDOW of the previous one count as the same save.
    """
    groups: list[list[Any]] = []
    for record in records:
        if groups:
            previous = groups[-1][-1]
            same_save = (
                record.history_type == "~"
                and record.history_user_id == previous.history_user_id
                and record.history_date - previous.history_date < SAME_SAVE_WINDOW
            )
            if same_save:
                groups[-1].append(record)
                continue
        groups.append([record])
    return groups


def _change_reason(group: list[Any]) -> str:
    """Return the reason stored with the records, unless it only marks a profile form save."""
    for record in group:
        reason = record.history_change_reason or ""
        if reason and reason != PROFILE_EDIT_REASON:
            return str(reason)
    return ""


def _changed_fields(previous: Any, record: Any) -> list[tuple[str, Any, Any]]:
    """List (field name, old value, new value) for each field that differs between two records.

    Foreign keys come as ids and many-to-many fields as sets of ids.
    """
    delta = record.diff_against(previous, excluded_fields=[*EXCLUDED_FIELDS, *M2M_FIELDS])
    changes = [(change.field, change.old, change.new) for change in delta.changes]
    for name, (relation, column) in M2M_FIELDS.items():
        old_ids = {getattr(row, column) for row in getattr(previous, relation).all()}
        new_ids = {getattr(row, column) for row in getattr(record, relation).all()}
        if old_ids != new_ids:
            changes.append((name, old_ids, new_ids))
    return changes


def _decision_entries(organization: Organization) -> list[TimelineEntry]:
    decisions = VerificationDecision.objects.filter(organization=organization).select_related(
        "decided_by"
    )
    return [
        TimelineEntry(
            VERIFIED if decision.decision == VerificationDecision.Decision.APPROVED else REJECTED,
            decision.decided_at,
            decision.decided_by,
            reason=decision.reason,
        )
        for decision in decisions
    ]


def _declaration_entries(organization: Organization) -> list[TimelineEntry]:
    declarations = LeadershipDeclaration.objects.filter(organization=organization).select_related(
        "attested_by"
    )
    return [
        TimelineEntry(
            DECLARED,
            declaration.attested_at,
            declaration.attested_by,
            declaration=declaration,
            band_label=str(_choice_label(ShareBand.choices, declaration.band)),
        )
        for declaration in declarations
    ]


class _ValueFormatter:
    """Turn stored field values into the text a person reads, in the active language.

    The reference lists are loaded once, on first use, so formatting a long
    history adds at most one query per list.
    """

    def __init__(self) -> None:
        self._names: dict[type[Model], dict[int, str]] = {}

    def describe(self, name: str, old: Any, new: Any) -> FieldChange:
        verbose_name = getattr(Organization._meta.get_field(name), "verbose_name", name)
        return FieldChange(
            label=capfirst(str(verbose_name)),
            old=self.format(name, old),
            new=self.format(name, new),
        )

    def format(self, name: str, value: Any) -> str:
        if name in RELATED_MODELS:
            if isinstance(value, set):
                ids = value
            elif value is None:
                ids = set()
            else:
                ids = {value}
            names = self._related_names(RELATED_MODELS[name], ids)
            return ", ".join(sorted(names)) or _("(empty)")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value in (None, ""):
            return _("(empty)")
        model_field = Organization._meta.get_field(name)
        choices = getattr(model_field, "choices", None)
        if choices:
            return str(_choice_label(choices, value))
        return str(value)

    def _related_names(self, model: type[Model], ids: Iterable[int]) -> list[str]:
        if model not in self._names:
            self._names[model] = {record.pk: str(record) for record in model._default_manager.all()}
        known = self._names[model]
        return [known.get(pk, _("deleted record %(id)s") % {"id": pk}) for pk in ids]


def _choice_label(choices: Iterable[tuple[Any, Any]], value: Any) -> Any:
    return dict(choices).get(value, value)
