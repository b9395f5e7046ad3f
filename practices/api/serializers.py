"""API representations of practices, evidence gaps and digest subscriptions.

Anonymous lessons: `submitted_by`, `submitting_organization` and the linked
organizations, partnerships and initiatives are empty for everyone but the
author and coordinators; the view passes `shows_identity` in the context.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from initiatives.models import Initiative
from partners.api.serializers import CodeListField, RejectUnknownFieldsMixin
from partners.models import Organization, Partnership, Region, Sector, StakeholderKind, Theme
from practices import services
from practices.models import (
    DigestKind,
    EvidenceGap,
    Frequency,
    Practice,
    PracticeKind,
    PracticeStatus,
    Subscription,
)


def slug_child() -> serializers.CharField:
    return serializers.CharField(max_length=120)


PRACTICE_TEXT = [
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "what_was_done_en",
    "what_was_done_fr",
    "outcomes_en",
    "outcomes_fr",
    "evidence_en",
    "evidence_fr",
]


def theme_field(**kwargs: Any) -> CodeListField:
    return CodeListField(
        queryset=Theme.objects.all(), code_field="slug", child=slug_child(), **kwargs
    )


def region_field(**kwargs: Any) -> CodeListField:
    return CodeListField(queryset=Region.objects.all(), code_field="code", **kwargs)


def sector_field(**kwargs: Any) -> CodeListField:
    return CodeListField(queryset=Sector.objects.all(), code_field="code", **kwargs)


class PracticeSerializer(serializers.ModelSerializer[Practice]):
    """A practice as the requester may see it. Text fields hold Markdown."""

    themes = theme_field(read_only=True)
    regions = region_field(read_only=True)
    sectors = sector_field(read_only=True)
    stakeholder_kinds = CodeListField(
        queryset=StakeholderKind.objects.all(),
        code_field="slug",
        child=slug_child(),
        read_only=True,
    )
    organizations = serializers.SerializerMethodField(
        help_text="Slugs of the verified organizations concerned; empty for an anonymous lesson."
    )
    partnerships = serializers.SerializerMethodField(
        help_text="Slugs of the public partnerships concerned; empty for an anonymous lesson."
    )
    initiatives = serializers.SerializerMethodField(
        help_text="Ids of the public initiatives concerned; empty for an anonymous lesson."
    )
    submitting_organization = serializers.SerializerMethodField(
        help_text="Slug of the organization that shared it, when the requester may see it."
    )
    submitted_by = serializers.SerializerMethodField(
        help_text="Email address of the author: coordinators only."
    )
    moderation_note = serializers.SerializerMethodField(
        help_text="The coordinators' note: the author and coordinators only."
    )
    version = serializers.IntegerField(
        read_only=True,
        help_text="Send it back as `version`, or the ETag in If-Match, when you change the record.",
    )

    class Meta:
        model = Practice
        fields = [
            "slug",
            "kind",
            *PRACTICE_TEXT,
            "themes",
            "regions",
            "sectors",
            "stakeholder_kinds",
            "organizations",
            "partnerships",
            "initiatives",
            "is_anonymous",
            "submitting_organization",
            "submitted_by",
            "status",
            "moderation_note",
            "published_at",
            "version",
        ]
        read_only_fields = fields

    def _identity(self, practice: Practice) -> bool:
        request = self.context["request"]
        return services.shows_identity(
            request.user, practice, is_coordinator=self.context.get("is_coordinator", False)
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organizations(self, practice: Practice) -> list[str]:
        if not self._identity(practice):
            return []
        return [item.slug for item in practice.organizations.all() if item.is_public]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_partnerships(self, practice: Practice) -> list[str]:
        if not self._identity(practice):
            return []
        return [item.slug for item in practice.partnerships.all() if item.is_public]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_initiatives(self, practice: Practice) -> list[int]:
        if not self._identity(practice):
            return []
        return [item.pk for item in practice.initiatives.all() if item.lead_organization.is_public]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_submitting_organization(self, practice: Practice) -> str | None:
        organization = practice.submitting_organization
        if organization is None or not self._identity(practice):
            return None
        if organization.is_public or self.context.get("is_coordinator"):
            return organization.slug
        return None

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_submitted_by(self, practice: Practice) -> str | None:
        if self.context.get("is_coordinator") and practice.submitted_by is not None:
            return practice.submitted_by.email
        return None

    @extend_schema_field(serializers.CharField())
    def get_moderation_note(self, practice: Practice) -> str:
        request = self.context["request"]
        if self.context.get("is_coordinator") or practice.submitted_by_id == request.user.pk:
            return practice.moderation_note
        return ""


class PracticeWriteSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Practice]):
    """A new practice, or the author's change to one. Relations are named by slug, code or id."""

    kind = serializers.ChoiceField(choices=PracticeKind.choices)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_fr = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary_en = serializers.CharField(max_length=600, required=False, allow_blank=True)
    summary_fr = serializers.CharField(max_length=600, required=False, allow_blank=True)
    what_was_done_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    what_was_done_fr = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    outcomes_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    outcomes_fr = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    evidence_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    evidence_fr = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    themes = theme_field()
    regions = region_field(required=False)
    sectors = sector_field(required=False)
    stakeholder_kinds = CodeListField(
        queryset=StakeholderKind.objects.all(),
        code_field="slug",
        child=slug_child(),
        required=False,
    )
    organizations = CodeListField(
        queryset=Organization.objects.public(),
        code_field="slug",
        child=slug_child(),
        required=False,
    )
    partnerships = CodeListField(
        queryset=Partnership.objects.all(), code_field="slug", child=slug_child(), required=False
    )
    initiatives = CodeListField(queryset=Initiative.objects.all(), code_field="pk", required=False)
    submitting_organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=1,
        help_text=(
            "The version you read, on changes. When sent (or the ETag in If-Match), a change "
            "made meanwhile gets 412 instead of being overwritten."
        ),
    )


class ModerationSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    decision = serializers.ChoiceField(
        choices=[
            PracticeStatus.PUBLISHED.value,
            PracticeStatus.RETURNED.value,
            PracticeStatus.REJECTED.value,
        ]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvidenceGapSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer[EvidenceGap]):
    themes = theme_field()
    regions = region_field(required=False)
    working_on_it = serializers.SerializerMethodField(
        help_text="Verified organizations working on it, with their public initiative's id."
    )

    class Meta:
        model = EvidenceGap
        fields = [
            "id",
            "question_en",
            "question_fr",
            "why_it_matters_en",
            "why_it_matters_fr",
            "what_is_known_en",
            "what_is_known_fr",
            "themes",
            "regions",
            "need_count",
            "working_on_it",
            "published_at",
        ]
        read_only_fields = ["id", "need_count", "working_on_it", "published_at"]

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_working_on_it(self, gap: EvidenceGap) -> list[dict[str, Any]]:
        return [
            {
                "organization": row.organization.slug,
                "initiative": row.initiative.pk if row.initiative else None,
            }
            for row in services.public_work(gap)
        ]


class WorkSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    """A research organization's statement that it works on a gap."""

    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all()
    )
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), required=False, allow_null=True, default=None
    )


class SubscriptionSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer[Subscription]):
    """One of the signed-in person's digest subscriptions, sent to their account's address."""

    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=DigestKind.choices),
        min_length=1,
        max_length=len(DigestKind.values),
    )
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.WEEKLY)
    themes = theme_field(required=False)
    regions = region_field(required=False)
    sectors = sector_field(required=False)
    language = serializers.ChoiceField(
        choices=[("en", _("English")), ("fr", _("French"))],
        required=False,
        allow_blank=True,
        default="",
    )

    class Meta:
        model = Subscription
        fields = [
            "id",
            "email",
            "frequency",
            "kinds",
            "themes",
            "regions",
            "sectors",
            "language",
            "status",
            "consent_method",
            "consent_at",
        ]
        read_only_fields = ["id", "email", "status", "consent_method", "consent_at"]
        # DRF drops allow_blank from read-only fields; a pending subscription has no consent yet.
        extra_kwargs = {"consent_method": {"allow_blank": True}}
