"""Organizations: the partners listed in the network directory."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hubsite.reference_cache import ReferenceListsQuerySet
from hubsite.search import fold, search_terms
from partners.models.reference import Language, Region, Sector, StakeholderKind


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class GovernmentLevel(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    PROVINCIAL = "provincial", _("Provincial")
    TERRITORIAL = "territorial", _("Territorial")
    MUNICIPAL = "municipal", _("Municipal")
    FIRST_NATIONS = "first-nations", _("First Nations")
    INUIT = "inuit", _("Inuit")
    METIS = "metis", _("Métis")


class SizeBand(models.TextChoices):
    SMALL = "small", _("Small (1 to 99 employees)")
    MEDIUM = "medium", _("Medium (100 to 499 employees)")
    LARGE = "large", _("Large (500 or more employees)")


class Unionized(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class OrganizationQuerySet(ReferenceListsQuerySet["Organization"]):
    def public(self) -> OrganizationQuerySet:
        """Organizations anyone may see: verified ones only."""
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def search(self, query: str) -> OrganizationQuerySet:
        """Match every term of `query` in the folded name, descriptions or city.

        Both sides are folded in Python (see hubsite.search.fold), so SQLite and
        PostgreSQL return the same rows; PostgreSQL serves the lookups from a trigram index.
        """
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset

    def with_list_relations(self) -> OrganizationQuerySet:
        """Fetch what a directory row shows in a fixed number of queries."""
        return self.select_related("kind", "province", "sector").prefetch_reference_lists(
            "regions_served", "languages"
        )

    def demo_loaded(self) -> bool:
        return self.filter(is_demo=True).exists()


def website_validator(value: str) -> None:
    URLValidator(schemes=["http", "https"])(value)


class Organization(models.Model):
    """A partner organization in the network: who it is, where it works and in which languages."""

    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(
        _("alternate name"),
        max_length=300,
        blank=True,
        help_text=_("Often the name in the other official language."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    kind = models.ForeignKey(
        StakeholderKind,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("kind"),
    )
    government_level = models.CharField(
        _("level of government"), max_length=20, choices=GovernmentLevel.choices, blank=True
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    unionized = models.CharField(
        _("unionized"), max_length=10, choices=Unionized.choices, blank=True
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("sector (NAICS 2022)"),
    )

    city = models.CharField(_("head-office city"), max_length=120, blank=True)
    province = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="head_offices",
        limit_choices_to=~Q(kind=Region.Kind.NATIONAL),
        verbose_name=_("head-office province or territory"),
    )
    regions_served = models.ManyToManyField(
        Region, blank=True, related_name="organizations_serving", verbose_name=_("regions served")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="organizations", verbose_name=_("languages of service")
    )
    other_languages = models.CharField(_("other languages of service"), max_length=200, blank=True)
    indigenous_led = models.BooleanField(
        _("Indigenous-led"), default=False, help_text=_("As declared by the organization.")
    )

    website = models.URLField(
        _("website"), max_length=500, blank=True, validators=[website_validator]
    )
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=50, blank=True)
    # Set only through partners.services.set_organization_logo, which stores a
    # re-encoded PNG, JPEG or WebP image under a random name in logos/.
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, editable=False)

    verification_status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    hsds_id = models.CharField(
        _("HSDS identifier"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The Open Referral HSDS id this record was imported from or exported as."),
    )
    # Copied from the current leadership declaration by
    # partners.services.declare_leadership, so the directory filters and
    # shows badges without reading declarations row by row.
    disability_led = models.BooleanField(_("disability-led"), default=False, db_index=True)
    leadership_band = models.CharField(
        _("share of leadership with lived experience of disability"), max_length=20, blank=True
    )
    registered_by = models.ForeignKey(
        "partners.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    is_demo = models.BooleanField(
        _("fictional demo record"), default=False, editable=False, db_index=True
    )

    # Folded copies for search and sorting, written by refresh_search_fields().
    search_document = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=300, editable=False, default="", db_index=True)

    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Raised by every profile edit (hubsite.concurrency.claim_version), so an
    # edit that read an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[regions_served, languages], excluded_fields=["version"])

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        # The public directory and API list verified organizations by name or
        # by date: these indexes return a page, at any offset or cursor,
        # without sorting the whole table.
        indexes = [
            models.Index(
                fields=["verification_status", "sort_name", "id"], name="org_status_name_idx"
            ),
            models.Index(
                fields=["verification_status", "created", "id"], name="org_status_created_idx"
            ),
        ]
        permissions = [
            ("manage_members", "Can invite, approve and remove members"),
            ("declare_leadership", "Can declare the organization's leadership"),
            ("view_private", "Can see the organization's private records"),
            ("verify_organization", "Can verify or reject registered organizations"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partners:organization-detail", kwargs={"slug": self.slug})

    def refresh_search_fields(self) -> None:
        """Rewrite the folded search and sort columns from the current text fields."""
        parts = [
            self.name,
            self.alternate_name,
            self.description_en,
            self.description_fr,
            self.city,
        ]
        self.search_document = " | ".join(fold(part) for part in parts if part)
        self.sort_name = fold(self.name)[:300]

    def base_slug(self) -> str:
        """Slugify the name; names with no Latin letters fall back to a hash of the name."""
        slug = slugify(fold(self.name))[:100].strip("-")
        if slug:
            return slug
        digest = hashlib.sha1(self.name.encode(), usedforsecurity=False).hexdigest()[:8]
        return f"organization-{digest}"

    def unique_slug(self) -> str:
        base = self.base_slug()
        taken = set(
            Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    @property
    def is_public(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_business(self) -> bool:
        return self.kind.slug == "business"

    @property
    def is_government(self) -> bool:
        return self.kind.slug == "government"
