"""Stored results of similar-work detection: term vectors, matches and dismissed pairs."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiatives import Initiative


class InitiativeTerm(models.Model):
    """One weighted term of an initiative's TF-IDF vector, L2-normalized over its kept terms."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term"], name="initiative_term_idx")]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "term"], name="initiative_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight:.3f}) of initiative {self.initiative_id}"


class TermDocumentCount(models.Model):
    """The number of initiatives whose text contains a term, from the last full rebuild."""

    term = models.CharField(max_length=40, unique=True)
    documents = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.term}: {self.documents} initiatives"


class SimilarWork(models.Model):
    """Another initiative that does similar work, with the score and the key terms they share.

    Rows are directed: `initiative`'s page lists `other`. Visibility is checked
    when the rows are read, never here.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="similar_work"
    )
    other = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    text_score = models.FloatField()
    shared_terms = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "other_id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "other"], name="similar_work_unique"),
            models.CheckConstraint(
                condition=~Q(initiative=F("other")), name="similar_work_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Initiative {self.initiative_id} is like {self.other_id} ({self.score:.2f})"


class DismissedPair(models.Model):
    """A pair of initiatives an editor marked as not related; detection never suggests it again.

    The pair is stored once, with the lower id first.
    """

    first = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        "partners.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dismissed_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="dismissed_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Initiatives {self.first_id} and {self.second_id} are not related"
