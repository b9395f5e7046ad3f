"""Evidence gaps: questions that research has not answered yet, and who needs or works on them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hubsite.search import fold, search_terms
from partners.models import Organization, Region, Theme

MAX_GAP_TEXT_LENGTH = 4000


class EvidenceGapQuerySet(models.QuerySet["EvidenceGap"]):
    def search(self, query: str) -> EvidenceGapQuerySet:
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset

    def with_list_relations(self) -> EvidenceGapQuerySet:
        return self.prefetch_related("themes", "regions")


class EvidenceGap(models.Model):
    """A research question that partners need answered, with what is already known.

    `need_count` counts the people who said they need the answer too
    (EvidenceGapNeed rows), kept on the gap so the list sorts by it.
    """

    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    question_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    why_it_matters_en = models.TextField(
        _("why it matters (English)"), max_length=MAX_GAP_TEXT_LENGTH, blank=True
    )
    why_it_matters_fr = models.TextField(
        _("why it matters (French)"), max_length=MAX_GAP_TEXT_LENGTH, blank=True
    )
    what_is_known_en = models.TextField(
        _("what is known (English)"), max_length=MAX_GAP_TEXT_LENGTH, blank=True
    )
    what_is_known_fr = models.TextField(
        _("what is known (French)"), max_length=MAX_GAP_TEXT_LENGTH, blank=True
    )
    themes = models.ManyToManyField(Theme, related_name="evidence_gaps", verbose_name=_("themes"))
    regions = models.ManyToManyField(
        Region, blank=True, related_name="evidence_gaps", verbose_name=_("regions")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    need_count = models.PositiveIntegerField(_("people who need the answer"), default=0)
    demo_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    search_document = models.TextField(editable=False, default="")
    published_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)

    objects = EvidenceGapQuerySet.as_manager()

    class Meta:
        ordering = ["-need_count", "-published_at", "-id"]
        verbose_name = _("evidence gap")
        verbose_name_plural = _("evidence gaps")

    def __str__(self) -> str:
        return self.question

    def save(self, *args: Any, **kwargs: Any) -> None:
        parts = [
            self.question_en,
            self.question_fr,
            self.why_it_matters_en,
            self.why_it_matters_fr,
            self.what_is_known_en,
            self.what_is_known_fr,
        ]
        self.search_document = " | ".join(fold(part) for part in parts if part)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("practices:evidence-gap-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if not self.question_en.strip() and not self.question_fr.strip():
            raise ValidationError(
                {"question_en": _("Enter the question in English, in French or in both.")}
            )

    @property
    def question(self) -> str:
        if (get_language() or "en").startswith("fr"):
            return self.question_fr or self.question_en
        return self.question_en or self.question_fr


class EvidenceGapNeed(models.Model):
    """One person's statement that they need the answer to a gap too."""

    gap = models.ForeignKey(EvidenceGap, on_delete=models.CASCADE, related_name="needs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gap", "user"], name="evidence_gap_need_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} needs gap {self.gap_id}"


class EvidenceGapWork(models.Model):
    """A research organization's statement that it works on a gap, with its initiative."""

    gap = models.ForeignKey(EvidenceGap, on_delete=models.CASCADE, related_name="work")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="evidence_gap_work"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_gap_work",
        verbose_name=_("initiative"),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gap", "organization"], name="evidence_gap_work_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} works on gap {self.gap_id}"
