"""Practices: best practices, lessons from what went wrong, and case studies of partnerships.

A practice is written by a signed-in person, moderated by coordinators, and
public once published. A lesson may be anonymous: the public then never sees
who submitted it, for which organization, or which organizations,
partnerships and initiatives it concerns; coordinators and the author do.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hubsite.reference_cache import ReferenceListsQuerySet
from hubsite.search import fold, search_terms
from partners.models import Organization, Partnership, Region, Sector, StakeholderKind, Theme

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 600
MAX_TEXT_LENGTH = 10000


class PracticeKind(models.TextChoices):
    BEST_PRACTICE = "best-practice", _("Best practice")
    LESSON = "lesson", _("Lesson from what went wrong")
    CASE_STUDY = "case-study", _("Case study of a partnership")


class PracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for moderation")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


# Text fields written in both official languages, in the order the page shows them.
TEXT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("what_was_done", _("What was done")),
    ("outcomes", _("Outcomes")),
    ("evidence", _("Evidence")),
)


class PracticeQuerySet(ReferenceListsQuerySet["Practice"]):
    def published(self) -> PracticeQuerySet:
        """Practices anyone may read."""
        return self.filter(status=PracticeStatus.PUBLISHED)

    def search(self, query: str) -> PracticeQuerySet:
        """Match every folded term of `query` in the folded titles, summaries and texts."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset

    def with_list_relations(self) -> PracticeQuerySet:
        """Fetch what a library row shows in a fixed number of queries."""
        return self.prefetch_reference_lists("themes", "regions", "sectors", "stakeholder_kinds")


class Practice(models.Model):
    """A story of what worked or what went wrong, told so others can learn from it."""

    kind = models.CharField(_("kind"), max_length=20, choices=PracticeKind.choices, db_index=True)
    title_en = models.CharField(_("title (English)"), max_length=MAX_TITLE_LENGTH, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=MAX_TITLE_LENGTH, blank=True)
    summary_en = models.TextField(
        _("summary (English)"),
        max_length=MAX_SUMMARY_LENGTH,
        blank=True,
        help_text=_("Plain text, shown in the library and in digests."),
    )
    summary_fr = models.TextField(
        _("summary (French)"),
        max_length=MAX_SUMMARY_LENGTH,
        blank=True,
        help_text=_("Plain text, shown in the library and in digests."),
    )
    what_was_done_en = models.TextField(
        _("what was done (English)"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    what_was_done_fr = models.TextField(
        _("what was done (French)"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    outcomes_en = models.TextField(_("outcomes (English)"), max_length=MAX_TEXT_LENGTH, blank=True)
    outcomes_fr = models.TextField(_("outcomes (French)"), max_length=MAX_TEXT_LENGTH, blank=True)
    evidence_en = models.TextField(_("evidence (English)"), max_length=MAX_TEXT_LENGTH, blank=True)
    evidence_fr = models.TextField(_("evidence (French)"), max_length=MAX_TEXT_LENGTH, blank=True)

    themes = models.ManyToManyField(Theme, related_name="practices", verbose_name=_("themes"))
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="practices", verbose_name=_("sectors")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="practices", verbose_name=_("regions")
    )
    stakeholder_kinds = models.ManyToManyField(
        StakeholderKind,
        blank=True,
        related_name="practices",
        verbose_name=_("kinds of stakeholders involved"),
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="practices",
        verbose_name=_("organizations concerned"),
    )
    partnerships = models.ManyToManyField(
        Partnership,
        blank=True,
        related_name="practices",
        verbose_name=_("partnerships concerned"),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="practices",
        verbose_name=_("initiatives concerned"),
    )

    is_anonymous = models.BooleanField(
        _("publish without naming the organization"),
        default=False,
        help_text=_(
            "Only for lessons from what went wrong. Coordinators still see who submitted it."
        ),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("submitted by"),
    )
    submitting_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_practices",
        verbose_name=_("submitted for the organization"),
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PracticeStatus.choices,
        default=PracticeStatus.SUBMITTED,
        db_index=True,
    )
    moderation_note = models.TextField(_("note to the author"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    slug = models.SlugField(max_length=120, unique=True, editable=False)
    demo_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    search_document = models.TextField(editable=False, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Raised by every edit of the author (hubsite.concurrency.claim_version), so
    # an edit that read an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(kind=PracticeKind.LESSON),
                name="practice_only_lessons_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("practices:practice-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if not self.title_en.strip() and not self.title_fr.strip():
            raise ValidationError(
                {"title_en": _("Enter a title in English, in French or in both.")}
            )
        if self.is_anonymous and self.kind != PracticeKind.LESSON:
            raise ValidationError(
                {
                    "is_anonymous": _(
                        "Only lessons from what went wrong can be published without "
                        "naming the organization."
                    )
                }
            )

    @property
    def title(self) -> str:
        """The title in the active language, or the other one when it has none."""
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    def localized(self, field: str) -> str:
        if (get_language() or "en").startswith("fr"):
            return getattr(self, f"{field}_fr") or getattr(self, f"{field}_en")
        return getattr(self, f"{field}_en") or getattr(self, f"{field}_fr")

    def title_language(self) -> str:
        """Return the language of `title`: the page's, or the other when only it has a title."""
        page = "fr" if (get_language() or "en").startswith("fr") else "en"
        if getattr(self, f"title_{page}"):
            return page
        return "en" if page == "fr" else "fr"

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    def refresh_search_fields(self) -> None:
        parts = [self.title_en, self.title_fr, self.summary_en, self.summary_fr]
        for name, _label in TEXT_FIELDS:
            parts += [getattr(self, f"{name}_en"), getattr(self, f"{name}_fr")]
        self.search_document = " | ".join(fold(part) for part in parts if part)

    def unique_slug(self) -> str:
        base = slugify(fold(self.title_en or self.title_fr))[:90].strip("-")
        if not base:
            digest = hashlib.sha1(
                (self.title_en + self.title_fr).encode(), usedforsecurity=False
            ).hexdigest()[:8]
            base = f"practice-{digest}"
        taken = set(Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"
