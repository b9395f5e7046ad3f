"""Reference lists that `manage.py load_reference_data` loads from partners/data/."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hubsite.reference_cache import ReferenceQuerySet


class BilingualName(models.Model):
    """A record named in English and in French."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        if (get_language() or "en").startswith("fr"):
            return self.name_fr or self.name_en
        return self.name_en or self.name_fr


class Region(BilingualName):
    """A province or territory with its ISO 3166-2:CA code, or the whole country ("CA")."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        TERRITORY = "territory", _("Territory")
        NATIONAL = "national", _("National")

    code = models.CharField(_("ISO 3166 code"), max_length=5, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=10, blank=True)
    abbreviation_fr = models.CharField(_("abbreviation (French)"), max_length=10, blank=True)
    statcan_code = models.CharField(_("Statistics Canada code"), max_length=2, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def short_code(self) -> str:
        """The code without the country prefix: "QC" for "CA-QC"."""
        return self.code.removeprefix("CA-")


class StakeholderKind(BilingualName):
    """A kind of partner named in the national consultation, such as a funder or a labour union."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("stakeholder kind")
        verbose_name_plural = _("stakeholder kinds")


class Sector(BilingualName):
    """A top-level NAICS Canada 2022 sector, such as "62" for health care and social assistance."""

    code = models.CharField(_("NAICS code"), max_length=5, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Language(BilingualName):
    """A language of service, by ISO 639 code: English, French, ASL ("ase"), LSQ ("fcs")."""

    code = models.CharField(_("ISO 639 code"), max_length=3, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Theme(BilingualName):
    """One of the seven partnership themes of the national consultation."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
