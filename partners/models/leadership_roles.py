"""Leadership roles: the people who chair, steer and advise partnerships and organizations.

Whether a role holder has lived experience of disability is recorded only by
that person from their own account, or by a lead administrator who attests
that the person consented. Who may see it is set per role; the default is
private (the person and coordinators).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.organizations import Organization
from partners.models.partnerships import Partnership

# Roles ending within this time with no successor named are a succession gap.
SUCCESSION_HORIZON = timedelta(days=183)


class RoleTitle(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co-chair", _("Co-chair")
    STEERING_MEMBER = "steering-member", _("Steering committee member")
    WORKING_GROUP_LEAD = "working-group-lead", _("Working group lead")
    ADVISOR = "advisor", _("Advisor")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private: the person and coordinators")
    NETWORK = "network", _("Network: signed-in members of the hub")
    PUBLIC = "public", _("Public")


class LivedExperienceSource(models.TextChoices):
    SELF = "self", _("Recorded by the person")
    ATTESTED = "attested", _("Recorded by an administrator with the person's consent")


class LeadershipRoleQuerySet(models.QuerySet["LeadershipRole"]):
    def current(self, on: date | None = None) -> LeadershipRoleQuerySet:
        """Roles whose term has started and not ended on `on` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(term_start__lte=day), Q(term_end__isnull=True) | Q(term_end__gte=day))

    def succession_gaps(self, on: date | None = None) -> LeadershipRoleQuerySet:
        """Current roles ending within six months with no successor named."""
        day = on or timezone.localdate()
        return self.current(day).filter(
            term_end__isnull=False,
            term_end__lte=day + SUCCESSION_HORIZON,
            successor__isnull=True,
        )


class LeadershipRole(models.Model):
    """A person's leadership role in one partnership or one organization, for a term."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leadership_roles",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leadership_roles",
    )
    person_name = models.CharField(_("name of the person"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leadership_roles",
        verbose_name=_("account"),
    )
    title = models.CharField(_("role"), max_length=20, choices=RoleTitle.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    # None: not shared. Only the person, or an administrator attesting the
    # person's consent, sets it (partners.leadership_roles services).
    lived_experience = models.BooleanField(
        _("has lived experience of disability"), null=True, blank=True
    )
    lived_experience_source = models.CharField(
        max_length=10, choices=LivedExperienceSource.choices, blank=True
    )
    lived_experience_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lived_experience_recorded_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        _("who may see this role's lived experience"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )

    emerging_leader = models.BooleanField(_("held by an emerging leader"), default=False)
    mentor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor's role"),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor's role"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = LeadershipRoleQuerySet.as_manager()

    class Meta:
        ordering = ["term_start", "id"]
        verbose_name = _("leadership role")
        verbose_name_plural = _("leadership roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, organization__isnull=True)
                | Q(partnership__isnull=True, organization__isnull=False),
                name="leadership_role_one_holder_body",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="leadership_role_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(lived_experience__isnull=True) | ~Q(lived_experience_source=""),
                name="leadership_role_lived_experience_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}, {self.get_title_display()}"
