"""Common indicators, their adoptions, quarterly reports and reminders to report.

A report is one organization's values for one initiative or partnership in one
quarter. Reports move from draft to submitted, then a coordinator approves or
returns them. A correction after approval is a new revision of the report: the
approved revision stays, and results keep using it until the correction is
approved in turn.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hubsite.quarters import Quarter
from partners.models import Organization, Region, Theme


def in_french() -> bool:
    return (get_language() or "en").startswith("fr")


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    CURRENCY = "currency", _("Canadian dollars")
    DAYS = "days", _("Days")
    RATIO = "ratio", _("Ratio")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class Disaggregation(models.TextChoices):
    GENDER = "gender", _("Gender")
    AGE_GROUP = "age-group", _("Age group")
    INDIGENOUS_IDENTITY = "indigenous-identity", _("Indigenous identity")
    DISABILITY_TYPE = "disability-type", _("Disability type")
    PROVINCE = "province", _("Province or territory")


# The categories of each disaggregation. Provinces and territories use the
# ISO 3166-2:CA codes of partners.Region without the "CA-" prefix.
DISAGGREGATION_CATEGORIES: dict[str, dict[str, Any]] = {
    Disaggregation.GENDER: {
        "woman": _("Women"),
        "man": _("Men"),
        "gender-diverse": _("Gender-diverse people"),
        "not-stated": _("Not stated"),
    },
    Disaggregation.AGE_GROUP: {
        "15-24": _("15 to 24 years"),
        "25-34": _("25 to 34 years"),
        "35-44": _("35 to 44 years"),
        "45-54": _("45 to 54 years"),
        "55-64": _("55 to 64 years"),
        "65-plus": _("65 years and over"),
        "not-stated": _("Not stated"),
    },
    Disaggregation.INDIGENOUS_IDENTITY: {
        "first-nations": _("First Nations"),
        "inuit": _("Inuit"),
        "metis": _("Métis"),
        "non-indigenous": _("Non-Indigenous"),
        "not-stated": _("Not stated"),
    },
    Disaggregation.DISABILITY_TYPE: {
        "seeing": _("Seeing"),
        "hearing": _("Hearing"),
        "mobility-flexibility-dexterity": _("Mobility, flexibility or dexterity"),
        "pain": _("Pain-related"),
        "learning": _("Learning"),
        "developmental": _("Developmental"),
        "mental-health": _("Mental health-related"),
        "memory": _("Memory"),
        "not-stated": _("Not stated"),
    },
    Disaggregation.PROVINCE: {
        code: code
        for code in ["NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU"]
    },
}


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def reportable(self) -> IndicatorQuerySet:
        """Indicators organizations may adopt and report on: not retired, not a reference."""
        return self.filter(retired=False, is_reference=False)


class Indicator(models.Model):
    """A common indicator of the library, such as "participants placed in jobs".

    Coordinators maintain the library. A retired indicator takes no new
    adoptions or values, but its reports and results stay. References (the UN
    SDG indicators) are shown for context and take no reports.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("desired direction"), max_length=10, choices=Direction.choices)
    disaggregations = models.JSONField(
        _("allowed disaggregations"),
        default=list,
        blank=True,
        help_text=_("Slugs of the disaggregations values may be broken down by."),
    )
    measures_people = models.BooleanField(
        _("counts people"),
        default=True,
        help_text=_(
            "Whether a count is a number of people; results resting on fewer than five "
            "people are then hidden."
        ),
    )
    source_en = models.CharField(_("source (English)"), max_length=500, blank=True)
    source_fr = models.CharField(_("source (French)"), max_length=500, blank=True)
    source_url = models.URLField(_("source web address"), max_length=500, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="indicators", verbose_name=_("themes")
    )
    is_reference = models.BooleanField(
        _("reference only"),
        default=False,
        help_text=_("A reference indicator, such as a UN SDG indicator, takes no reports."),
    )
    sdg_code = models.CharField(_("UN SDG indicator"), max_length=10, blank=True)
    retired = models.BooleanField(_("retired"), default=False, db_index=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["is_reference", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("metrics:indicator-detail", kwargs={"code": self.code})

    @property
    def name(self) -> str:
        if in_french():
            return self.name_fr or self.name_en
        return self.name_en or self.name_fr

    @property
    def definition(self) -> str:
        if in_french():
            return self.definition_fr or self.definition_en
        return self.definition_en or self.definition_fr

    @property
    def source(self) -> str:
        if in_french():
            return self.source_fr or self.source_en
        return self.source_en or self.source_fr

    @property
    def is_sum(self) -> bool:
        """Counts add up across organizations; every other unit is a mean weighted by people."""
        return self.unit == Unit.COUNT

    @property
    def disaggregation_labels(self) -> list[str]:
        labels = dict(Disaggregation.choices)
        return [str(labels.get(slug, slug)) for slug in self.disaggregations]


class Baseline(models.Model):
    """A national reference value for an indicator, with its source, shown as a line on charts."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    label_en = models.CharField(_("label (English)"), max_length=300)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    reference_year = models.PositiveSmallIntegerField(_("reference year"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_en = models.CharField(_("source (English)"), max_length=500)
    source_fr = models.CharField(_("source (French)"), max_length=500)
    source_url = models.URLField(_("source web address"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator_id", "-reference_year", "id"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.reference_year})"

    @property
    def label(self) -> str:
        return (self.label_fr or self.label_en) if in_french() else (self.label_en or self.label_fr)

    @property
    def source(self) -> str:
        if in_french():
            return self.source_fr or self.source_en
        return self.source_en or self.source_fr


class IndicatorAdoption(models.Model):
    """An initiative's or a partnership's decision to report on an indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="adoptions")
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_adoptions",
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_adoptions",
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator__position", "indicator__code"]
        verbose_name = _("indicator adoption")
        verbose_name_plural = _("indicator adoptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False, partnership__isnull=True)
                | Q(initiative__isnull=True, partnership__isnull=False),
                name="adoption_one_target",
            ),
            models.UniqueConstraint(
                fields=["indicator", "initiative"],
                condition=Q(initiative__isnull=False),
                name="adoption_once_per_initiative",
            ),
            models.UniqueConstraint(
                fields=["indicator", "partnership"],
                condition=Q(partnership__isnull=False),
                name="adoption_once_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"initiative {self.initiative_id}"
            if self.initiative_id
            else f"partnership {self.partnership_id}"
        )
        return f"{self.indicator_id} adopted by {target}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# States in which the organization may still change the values.
EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


class ReportQuerySet(models.QuerySet["Report"]):
    def with_list_relations(self) -> ReportQuerySet:
        return self.select_related("organization", "initiative", "partnership")

    def counted(self) -> ReportQuerySet:
        """Select the counted approved revisions: one per organization, target and quarter."""
        return self.filter(state=ReportState.APPROVED, is_counted=True)


class Report(models.Model):
    """One revision of an organization's values for an initiative or a partnership in a quarter.

    `quarter` is a hubsite.quarters code such as "2026Q1". Revision 1 is the
    first report; a correction after approval creates revision 2, and so on.
    `is_counted` marks the approved revision that results use.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("organization"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("initiative"),
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("partnership"),
    )
    quarter = models.CharField(_("quarter"), max_length=6, db_index=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ReportState.choices,
        default=ReportState.DRAFT,
        db_index=True,
    )
    is_counted = models.BooleanField(default=False, editable=False)
    return_comment = models.TextField(_("reason for returning"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-quarter", "organization__sort_name", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False, partnership__isnull=True)
                | Q(initiative__isnull=True, partnership__isnull=False),
                name="report_one_target",
            ),
            models.UniqueConstraint(
                fields=["organization", "initiative", "quarter", "revision"],
                condition=Q(initiative__isnull=False),
                name="report_revision_once_per_initiative",
            ),
            models.UniqueConstraint(
                fields=["organization", "partnership", "quarter", "revision"],
                condition=Q(partnership__isnull=False),
                name="report_revision_once_per_partnership",
            ),
        ]
        indexes = [models.Index(fields=["is_counted", "quarter"], name="report_counted_quarter")]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.organization_id}, {self.quarter}, rev. {self.revision})"

    def get_absolute_url(self) -> str:
        return reverse("metrics:report-detail", kwargs={"pk": self.pk})

    @property
    def target(self) -> Any:
        return self.initiative if self.initiative_id else self.partnership

    @property
    def target_name(self) -> str:
        if self.initiative_id:
            return str(self.initiative)
        partnership = self.partnership
        if partnership is None:
            return ""
        if in_french():
            return partnership.name_fr or partnership.name
        return partnership.name

    @property
    def quarter_label(self) -> str:
        return Quarter.parse(self.quarter).label

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ReportValue(models.Model):
    """One value of a report: the total, or one category of a disaggregation.

    `people` is how many people the value rests on: for a count of people it
    is the count itself, for a percent or a mean it is the number of people the
    value was computed over. Results weight means by it and hide cells that
    rest on fewer than five people.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    disaggregation = models.CharField(max_length=30, blank=True, default="")
    category = models.CharField(max_length=40, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator__position", "indicator__code", "disaggregation", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "disaggregation", "category"],
                name="report_value_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.disaggregation}:{self.category} = {self.value}"

    @property
    def is_total(self) -> bool:
        return not self.disaggregation

    def weight(self) -> Decimal:
        return Decimal(self.people or 0)


class ComplianceReminder(models.Model):
    """The reminder to report for one quarter, sent at most once per organization and quarter.

    The row is created, which claims the reminder, before any email goes out.
    """

    class State(models.TextChoices):
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="report_reminders"
    )
    quarter = models.CharField(max_length=6)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    recipients = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "quarter"], name="report_reminder_once_per_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.organization_id} for {self.quarter} ({self.state})"
