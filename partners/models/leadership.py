"""Disability-led leadership declarations: how much of a governing body has lived experience."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.organizations import Organization

# A declaration older than this is shown as out of date and its organization's
# administrators are reminded to renew it.
DECLARATION_VALIDITY = timedelta(days=365)

# Governing bodies smaller than this show only whether they are disability-led
# and a share band, because counts of a few seats could identify a person.
SMALL_BODY_SEATS = 5


class ShareBand(models.TextChoices):
    NONE = "none", _("None")
    UNDER_QUARTER = "under-quarter", _("Less than a quarter")
    QUARTER_TO_HALF = "quarter-to-half", _("A quarter to a half")
    MORE_THAN_HALF = "more-than-half", _("More than half")
    ALL = "all", _("All")


class ChiefExecutive(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SHARED = "not-shared", _("Not shared")


def share_band(seats_with_experience: int, seats_total: int) -> str:
    """Band the share of seats held by people with lived experience of disability."""
    if seats_total <= 0 or seats_with_experience <= 0:
        return ShareBand.NONE
    if seats_with_experience >= seats_total:
        return ShareBand.ALL
    if seats_with_experience * 2 > seats_total:
        return ShareBand.MORE_THAN_HALF
    if seats_with_experience * 4 >= seats_total:
        return ShareBand.QUARTER_TO_HALF
    return ShareBand.UNDER_QUARTER


class LeadershipDeclarationQuerySet(models.QuerySet["LeadershipDeclaration"]):
    def current(self) -> LeadershipDeclarationQuerySet:
        return self.filter(superseded_at__isnull=True)

    def out_of_date(self, now: datetime | None = None) -> LeadershipDeclarationQuerySet:
        moment = now or timezone.now()
        return self.current().filter(attested_at__lte=moment - DECLARATION_VALIDITY)


class LeadershipDeclaration(models.Model):
    """An administrator's attested counts of the governing body's seats held with lived experience.

    Only counts are stored, never who holds which seat. A new declaration
    supersedes the previous one, which stays as history.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="leadership_declarations"
    )
    body_name = models.CharField(
        _("governing body"),
        max_length=200,
        help_text=_("For example: board of directors, steering committee."),
    )
    seats_total = models.PositiveSmallIntegerField(_("number of seats"))
    seats_with_lived_experience = models.PositiveSmallIntegerField(
        _("seats held by people who self-identify as having lived experience of disability")
    )
    chief_executive_lived_experience = models.CharField(
        _("the chief executive or equivalent has lived experience of disability"),
        max_length=12,
        choices=ChiefExecutive.choices,
        default=ChiefExecutive.NOT_SHARED,
    )
    run_by_and_for = models.BooleanField(
        _("run by and for people with disabilities"), default=False
    )
    consent_attested = models.BooleanField(
        _("the people concerned agreed to share these counts"), default=False
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attested_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = LeadershipDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-attested_at", "-id"]
        verbose_name = _("leadership declaration")
        verbose_name_plural = _("leadership declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(superseded_at__isnull=True),
                name="declaration_one_current_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(seats_with_lived_experience__lte=models.F("seats_total")),
                name="declaration_seats_within_total",
            ),
            models.CheckConstraint(
                condition=Q(seats_total__gte=1), name="declaration_at_least_one_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.attested_at:%Y-%m-%d})"

    def clean(self) -> None:
        counted = self.seats_total is not None and self.seats_with_lived_experience is not None
        if counted and self.seats_with_lived_experience > self.seats_total:
            raise ValidationError(
                {"seats_with_lived_experience": _("This cannot be more than the number of seats.")}
            )
        if not self.consent_attested:
            raise ValidationError(
                {
                    "consent_attested": _(
                        "Confirm that the people concerned agreed to share these counts."
                    )
                }
            )

    @property
    def is_disability_led(self) -> bool:
        """More than half of the governing body's seats are held by people with lived experience."""
        return self.seats_with_lived_experience * 2 > self.seats_total

    @property
    def band(self) -> str:
        return share_band(self.seats_with_lived_experience, self.seats_total)

    @property
    def shows_counts(self) -> bool:
        """Public pages show raw counts only for bodies of at least SMALL_BODY_SEATS seats."""
        return self.seats_total >= SMALL_BODY_SEATS

    @property
    def is_out_of_date(self) -> bool:
        return self.attested_at <= timezone.now() - DECLARATION_VALIDITY
