"""Initiatives: programs, projects, research and plans, under the consultation's headings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hubsite.reference_cache import ReferenceListsQuerySet, ReferenceQuerySet
from hubsite.search import fold, search_terms
from initiatives.programs import funding_program_name, is_funding_program
from partners.models import Organization, Region, Theme, VerificationStatus


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    PAUSED = "paused", _("Paused")


class InitiativeKind(models.TextChoices):
    PROGRAM = "program", _("Program")
    PROJECT = "project", _("Project")
    RESEARCH = "research", _("Research study")
    POLICY = "policy", _("Policy work")
    EVENT_SERIES = "event-series", _("Event series")


class IntersectionalGroup(models.Model):
    """A group of the intersectionality heading, such as youth. Coordinators manage the list."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("intersectional group")
        verbose_name_plural = _("intersectional groups")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("fr"):
            return self.name_fr or self.name_en
        return self.name_en or self.name_fr


def validate_links(value: str) -> None:
    """Check that every non-empty line is an http or https URL."""
    validator = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            validator(line)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s is not a valid web address: start it with https://."),
                params={"number": number},
                code="invalid",
            ) from None


def validate_funding_program(value: str) -> None:
    if value and not is_funding_program(value):
        raise ValidationError(
            _("%(code)s is not a code of the Government of Canada program inventory."),
            params={"code": value},
            code="invalid",
        )


class InitiativeQuerySet(ReferenceListsQuerySet["Initiative"]):
    def public(self) -> InitiativeQuerySet:
        """Initiatives anyone may see: those led by a verified organization."""
        return self.filter(lead_organization__verification_status=VerificationStatus.VERIFIED)

    def visible_to(self, user: Any) -> InitiativeQuerySet:
        """Public initiatives and those of the person's organizations. Coordinators see all."""
        from partners import permissions

        if permissions.is_coordinator(user):
            return self.all()
        public = Q(lead_organization__verification_status=VerificationStatus.VERIFIED)
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.filter(public)
        own = permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)
        return self.filter(public | Q(lead_organization__in=own.values("pk")))

    def search(self, query: str) -> InitiativeQuerySet:
        """Match every folded term of `query` in the folded titles, summaries and vision."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset

    def with_list_relations(self) -> InitiativeQuerySet:
        """Fetch what a directory row shows in a fixed number of queries."""
        return self.select_related(
            "lead_organization", "lead_organization__kind"
        ).prefetch_reference_lists("themes", "regions")


# The consultation's headings, in the order the initiative page shows them.
# Each is a pair of text fields, `<name>_en` and `<name>_fr`.
HEADING_FIELDS: tuple[tuple[str, Any], ...] = (
    ("vision", _("Vision")),
    ("short_term", _("Short-term elements")),
    ("medium_term", _("Medium-term elements")),
    ("long_term", _("Long-term elements")),
    ("current_status", _("Current status")),
    ("intersectionality_notes", _("Intersectionality")),
    ("gaps", _("Gaps")),
    ("challenges", _("Challenges")),
    ("potential_plans", _("Potential plans")),
)

# Text fields that partner organizations may propose changes to.
PROPOSABLE_FIELDS: tuple[str, ...] = (
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    *(f"{name}_{language}" for name, _label in HEADING_FIELDS for language in ("en", "fr")),
)

MAX_HEADING_LENGTH = 5000


class Initiative(models.Model):
    """A program, project, study, policy work or event series that organizations run.

    It is public when its lead organization is verified. Before that only the
    lead's members and coordinators see it.
    """

    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=2000)
    summary_fr = models.TextField(_("summary (French)"), blank=True, max_length=2000)

    lead_organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="led_initiatives",
        verbose_name=_("lead organization"),
    )
    partner_organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="partner_initiatives",
        verbose_name=_("partner organizations"),
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("partnership"),
    )
    themes = models.ManyToManyField(Theme, related_name="initiatives", verbose_name=_("themes"))
    regions = models.ManyToManyField(
        Region, blank=True, related_name="initiatives", verbose_name=_("regions covered")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PLANNED,
        db_index=True,
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.PROJECT
    )
    funding_program = models.CharField(
        _("funding program"),
        max_length=10,
        blank=True,
        db_index=True,
        validators=[validate_funding_program],
        help_text=_("Code of a Government of Canada program inventory program, such as BGO04."),
    )
    links = models.TextField(
        _("links to evidence and resources"),
        blank=True,
        max_length=5000,
        validators=[validate_links],
        help_text=_("One web address per line."),
    )
    contact_name = models.CharField(_("public contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)

    vision_en = models.TextField(_("vision (English)"), blank=True, max_length=MAX_HEADING_LENGTH)
    vision_fr = models.TextField(_("vision (French)"), blank=True, max_length=MAX_HEADING_LENGTH)
    short_term_en = models.TextField(
        _("short-term elements (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    short_term_fr = models.TextField(
        _("short-term elements (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    medium_term_en = models.TextField(
        _("medium-term elements (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    medium_term_fr = models.TextField(
        _("medium-term elements (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    long_term_en = models.TextField(
        _("long-term elements (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    long_term_fr = models.TextField(
        _("long-term elements (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    current_status_en = models.TextField(
        _("current status (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    current_status_fr = models.TextField(
        _("current status (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    intersectionality_notes_en = models.TextField(
        _("intersectionality (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    intersectionality_notes_fr = models.TextField(
        _("intersectionality (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    gaps_en = models.TextField(_("gaps (English)"), blank=True, max_length=MAX_HEADING_LENGTH)
    gaps_fr = models.TextField(_("gaps (French)"), blank=True, max_length=MAX_HEADING_LENGTH)
    challenges_en = models.TextField(
        _("challenges (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    challenges_fr = models.TextField(
        _("challenges (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    potential_plans_en = models.TextField(
        _("potential plans (English)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    potential_plans_fr = models.TextField(
        _("potential plans (French)"), blank=True, max_length=MAX_HEADING_LENGTH
    )
    intersectional_groups = models.ManyToManyField(
        IntersectionalGroup,
        blank=True,
        related_name="initiatives",
        verbose_name=_("intersectionality"),
    )

    demo_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)

    search_document = models.TextField(editable=False, default="")
    sort_title = models.CharField(max_length=300, editable=False, default="", db_index=True)

    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Raised by every profile edit (hubsite.concurrency.claim_version), so an
    # edit that read an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(
        m2m_fields=[themes, regions, intersectional_groups], excluded_fields=["version"]
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_title", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if not self.title_en.strip() and not self.title_fr.strip():
            raise ValidationError(
                {"title_en": _("Enter a title in English, in French or in both.")}
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("fr"):
            return self.title_fr or self.title_en
        return self.title_en or self.title_fr

    @property
    def is_public(self) -> bool:
        return self.lead_organization.verification_status == VerificationStatus.VERIFIED

    @property
    def funding_program_name(self) -> str:
        return funding_program_name(self.funding_program)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def refresh_search_fields(self) -> None:
        """Rewrite the folded search and sort columns from the current text fields."""
        parts = [
            self.title_en,
            self.title_fr,
            self.summary_en,
            self.summary_fr,
            self.vision_en,
            self.vision_fr,
        ]
        self.search_document = " | ".join(fold(part) for part in parts if part)
        self.sort_title = fold(self.title_en or self.title_fr)[:300]


class ChangeProposal(models.Model):
    """A partner organization member's proposed change to an initiative's text.

    The lead organization's editors accept or decline it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="change_proposals"
    )
    proposed_by = models.ForeignKey(
        "partners.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposing organization"),
    )
    changes = models.JSONField(_("proposed changes"), default=dict)
    message = models.TextField(_("message to the lead organization"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "partners.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self) -> str:
        return f"Proposal {self.pk} on initiative {self.initiative_id} ({self.status})"
