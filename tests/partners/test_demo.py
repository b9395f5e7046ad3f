"""The fictional demo network: coverage, hard cases, repeat loads and the load_demo command.

Most tests start from one network that a class-scoped fixture loads and
commits once, so the file does not pay for a load in every test. Each test
still runs in its own transaction, so changes a test makes are rolled back
before the next one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from partners.demo import DemoNetworkError, DemoSummary, load_demo_network
from partners.demo.base import demo_hsds_id
from partners.demo.organization_records import demo_organizations
from partners.models import (
    GovernmentLevel,
    Language,
    Organization,
    OrganizationQuerySet,
    Region,
    Sector,
    SizeBand,
    StakeholderKind,
    Theme,
    Unionized,
)
from partners.reference_data import load_reference_data

pytestmark = pytest.mark.django_db

MONTREAL_NETWORK = "Réseau d'emploi inclusif de Montréal"
SYLLABIC_NAME = "ᐃᓄᐃᑦ ᐱᓕᕆᐊᕐᕕᖓ"
SHARED_NAME = "Community Employment Partners"
FICTIONAL_PHONE = re.compile(r"^\d{3}-555-01\d{2}$")
DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@pytest.fixture(scope="module", autouse=True)
def partners_sections_only() -> Iterator[None]:
    """Load only this app's sections: each other app tests its own demo loader."""
    with override_settings(HUB_DEMO_SECTIONS=()):
        yield


def delete_committed_network(*, with_reference_data: bool) -> None:
    """Delete demo organizations, their history and optionally the reference lists."""
    # Deleting an organization adds a history row, so the history goes last.
    Organization.objects.filter(is_demo=True).delete()
    history = Organization.history.model
    demo_history = history.objects.filter(is_demo=True)
    # The history of the two many-to-many relations points at history rows
    # without a cascading foreign key, so it goes before them.
    for relation in history._meta.related_objects:
        relation.related_model.objects.filter(history__in=demo_history).delete()
    demo_history.delete()
    if with_reference_data:
        for model in (Region, StakeholderKind, Sector, Language, Theme):
            model.objects.all().delete()


@pytest.fixture(scope="class")
def summary(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """Load and commit the demo network for one test class, then delete it."""
    with django_db_blocker.unblock():
        loaded_reference_data = not Region.objects.exists()
        if loaded_reference_data:
            load_reference_data()
        summary = load_demo_network()
    yield summary
    with django_db_blocker.unblock():
        delete_committed_network(with_reference_data=loaded_reference_data)


@pytest.fixture
def demo(summary: DemoSummary) -> OrganizationQuerySet:
    return Organization.objects.filter(is_demo=True)


def slugs_by_hsds_id() -> dict[str | None, str]:
    return dict(Organization.objects.filter(is_demo=True).values_list("hsds_id", "slug"))


class TestLoadedNetwork:
    """Tests that start from the network loaded once by the `summary` fixture."""

    # Coverage

    def test_has_at_least_120_organizations(self, summary, demo):
        assert demo.count() >= 120
        assert summary.sections[0].created == demo.count()
        assert summary.organizations == demo.count()

    def test_every_organization_is_verified(self, demo):
        assert not demo.exclude(verification_status="verified").exists()
        assert Organization.objects.public().count() == demo.count()

    def test_every_province_and_territory_has_head_office(self, summary, demo):
        provinces = set(
            Region.objects.exclude(kind=Region.Kind.NATIONAL).values_list("code", flat=True)
        )

        assert len(provinces) == 13
        assert set(demo.values_list("province__code", flat=True)) == provinces
        assert summary.provinces_covered == 13
        assert summary.provinces_total == 13

    def test_every_stakeholder_kind_has_several(self, summary, demo):
        counts = Counter(demo.values_list("kind__slug", flat=True))
        kinds = set(StakeholderKind.objects.values_list("slug", flat=True))

        assert len(kinds) == 14
        assert {kind: counts[kind] for kind in kinds if counts[kind] < 3} == {}
        assert summary.kinds_covered == len(kinds)
        assert summary.kinds_total == len(kinds)

    def test_every_government_level_present(self, demo):
        governments = demo.filter(kind__slug="government")
        levels = set(governments.values_list("government_level", flat=True))

        assert levels == set(GovernmentLevel.values)
        assert not demo.exclude(kind__slug="government").exclude(government_level="").exists()

    def test_businesses_have_size_union_and_sector(self, demo):
        businesses = demo.filter(kind__slug="business")

        assert businesses.count() >= 3
        assert not businesses.filter(size_band="").exists()
        assert not businesses.filter(unionized="").exists()
        assert not businesses.filter(sector=None).exists()
        assert set(businesses.values_list("size_band", flat=True)) == set(SizeBand.values)
        assert set(businesses.values_list("unionized", flat=True)) == set(Unionized.values)
        assert businesses.values("sector").order_by().distinct().count() >= 10

    def test_quebec_organizations_described_in_french(self, demo):
        quebec = demo.filter(province__code="CA-QC")

        assert quebec.count() >= 10
        assert list(quebec.filter(description_fr="").values_list("name", flat=True)) == []
        assert quebec.filter(description_en="").count() > quebec.count() / 2

    def test_others_mostly_described_in_english(self, demo):
        others = demo.exclude(province__code="CA-QC")
        english_only = others.exclude(description_en="").filter(description_fr="")
        bilingual = others.exclude(description_en="").exclude(description_fr="")

        assert list(others.filter(description_en="").values_list("name", flat=True)) == []
        assert english_only.count() > others.count() / 2
        assert bilingual.count() >= 5

    def test_languages_of_service_include_sign_languages(self, demo):
        codes = set(demo.values_list("languages__code", flat=True))

        assert {"en", "fr", "ase", "fcs"} <= codes
        assert demo.filter(other_languages__contains="Inuktitut").exists()
        assert demo.filter(other_languages__contains="Cree").exists()

    def test_regions_served_and_indigenous_leadership(self, demo):
        assert demo.filter(regions_served__code="CA").count() >= 3
        assert demo.filter(indigenous_led=True).count() >= 5
        assert not demo.filter(regions_served=None).exists()

    def test_contact_details_are_fictional(self, demo):
        websites = list(demo.values_list("website", flat=True))
        hosts = {urlsplit(website).hostname or "" for website in websites}
        emails = list(demo.values_list("email", flat=True))
        phones = list(demo.values_list("phone", flat=True))
        fictional_domains = (".example.org", ".example.net")

        assert [host for host in hosts if not host.endswith(fictional_domains)] == []
        assert {urlsplit(website).scheme for website in websites} == {"http", "https"}
        assert [email for email in emails if not email.endswith(fictional_domains)] == []
        assert [phone for phone in phones if not FICTIONAL_PHONE.match(phone)] == []

    def test_every_record_passes_model_validation(self, demo):
        for organization in demo:
            organization.full_clean()

    # Hard cases for search, layout and pagination

    def test_montreal_network_is_present(self, demo):
        organization = demo.get(name=MONTREAL_NETWORK)

        assert organization.city == "Montréal"
        assert organization.province is not None
        assert organization.province.code == "CA-QC"

    @pytest.mark.parametrize("query", ["montreal", "Montréal", "MONTREAL"])
    def test_search_finds_every_spelling_of_montreal(self, demo, query):
        accented = demo.get(name=MONTREAL_NETWORK)
        unaccented_city = demo.get(city="Montreal")
        upper_case_description = demo.get(description_fr__contains="MONTRÉAL")

        found = set(Organization.objects.public().search(query))

        assert accented in found
        assert unaccented_city in found
        assert upper_case_description in found

    def test_search_folds_ligature(self, demo):
        found = [organization.name for organization in Organization.objects.search("coeur")]

        assert "Fondation Cœur à l’ouvrage" in found

    def test_very_long_name_present(self, demo):
        longest = max(len(name) for name in demo.values_list("name", flat=True))

        assert 240 <= longest <= 300

    def test_name_with_70_character_word(self, demo):
        names = demo.values_list("name", flat=True)
        words = [word for name in names for word in name.split()]

        assert max(len(word) for word in words) >= 70

    def test_names_with_apostrophes_hyphens_and_ligature(self, demo):
        names = list(demo.values_list("name", flat=True))

        assert any("'" in name for name in names)
        assert any("\u2019" in name for name in names)
        assert any("-" in name for name in names)
        assert any("Cœur" in name for name in names)

    def test_syllabic_name_gets_hash_slug(self, demo):
        organization = demo.get(name=SYLLABIC_NAME)

        assert re.fullmatch(r"organization-[0-9a-f]{8}", organization.slug)
        assert organization.alternate_name == "Inuit Employment Centre"
        assert organization.province is not None
        assert organization.province.code == "CA-NU"
        assert organization.get_absolute_url().endswith(f"/{organization.slug}/")

    def test_identical_names_in_different_cities(self, demo):
        namesakes = demo.filter(name=SHARED_NAME)
        count = namesakes.count()

        assert 3 <= count <= 4
        assert len(set(namesakes.values_list("city", flat=True))) == count
        assert len(set(namesakes.values_list("slug", flat=True))) == count

    def test_history_starts_with_regions_and_languages(self, demo):
        organization = demo.get(name=MONTREAL_NETWORK)
        entries = list(organization.history.all())

        assert [entry.history_type for entry in entries] == ["+"]
        assert entries[0].slug == organization.slug
        assert {row.region_id for row in entries[0].regions_served.all()} == set(
            organization.regions_served.values_list("pk", flat=True)
        )
        assert {row.language_id for row in entries[0].languages.all()} == set(
            organization.languages.values_list("pk", flat=True)
        )

    # Repeat loads

    def test_second_load_creates_nothing(self, summary, demo):
        slugs = slugs_by_hsds_id()
        history_entries = Organization.history.count()

        second = load_demo_network()

        assert second.created == 0
        assert second.updated == 0
        assert second.sections[0].unchanged == summary.sections[0].created
        assert demo.count() == summary.sections[0].created
        assert slugs_by_hsds_id() == slugs
        assert Organization.history.count() == history_entries

    def test_second_load_uses_few_queries(self, summary, django_assert_max_num_queries):
        with django_assert_max_num_queries(20):
            load_demo_network()

    def test_second_load_restores_edited_record(self, summary):
        organization = Organization.objects.get(name=MONTREAL_NETWORK)
        slug = organization.slug
        organization.name = "Renamed by a coordinator"
        organization.description_fr = ""
        organization.save()
        organization.regions_served.clear()

        second = load_demo_network()
        organization.refresh_from_db()

        assert second.updated == 1
        assert organization.name == MONTREAL_NETWORK
        assert organization.description_fr != ""
        assert organization.slug == slug
        assert list(organization.regions_served.values_list("code", flat=True)) == ["CA-QC"]

    def test_fresh_load_gives_same_slugs(self, summary):
        slugs = slugs_by_hsds_id()
        Organization.objects.filter(is_demo=True).delete()

        load_demo_network()

        assert slugs_by_hsds_id() == slugs

    def test_progress_reported_for_every_record(self, summary):
        calls: list[tuple[str, int, int]] = []

        load_demo_network(progress=lambda *arguments: calls.append(arguments))
        total = len(demo_organizations())
        calls = [call for call in calls if call[0] == "organizations"]

        assert len(calls) == total
        assert calls[0] == ("organizations", 1, total)
        assert calls[-1] == ("organizations", total, total)

    def test_command_prints_progress_and_summary(self, summary, settings):
        settings.DEBUG = True
        output = StringIO()
        total = summary.sections[0].created

        call_command("load_demo", stdout=output)
        text = output.getvalue()

        assert "organizations: 25 of" in text
        assert f"organizations: {total} of {total}" in text
        assert f"organizations: 0 created, 0 updated, {total} unchanged" in text
        assert "head offices in 13 of 13 provinces and territories" in text
        assert "stakeholder kinds: 14 of 14" in text
        assert f"{total} demo organizations in total" in text

    def test_command_prints_no_progress_at_verbosity_0(self, summary, settings):
        settings.DEBUG = True
        output = StringIO()

        call_command("load_demo", verbosity=0, stdout=output)

        assert f" of {summary.sections[0].created}" not in output.getvalue()
        assert "Demo network loaded" in output.getvalue()

    def test_command_force_loads_with_debug_off(self, summary, settings):
        settings.DEBUG = False
        output = StringIO()

        call_command("load_demo", "--force", stdout=output)

        assert "Demo network loaded" in output.getvalue()


def test_demo_keys_are_unique_dns_labels():
    keys = [record.key for record in demo_organizations()]

    assert [key for key, count in Counter(keys).items() if count > 1] == []
    assert [key for key in keys if not DNS_LABEL.match(key)] == []


def test_demo_slugs_avoid_existing_organizations(make_organization):
    existing = make_organization(name=SHARED_NAME)

    load_demo_network()
    namesakes = Organization.objects.filter(is_demo=True, name=SHARED_NAME)
    slugs = set(namesakes.values_list("slug", flat=True))

    assert existing.slug not in slugs
    assert len(slugs) == namesakes.count()


def test_load_rejects_non_demo_record_with_demo_id(make_organization):
    make_organization(name="Imported partner", hsds_id=demo_hsds_id("reim"))

    with pytest.raises(DemoNetworkError, match="not demo records"):
        load_demo_network()

    assert not Organization.objects.filter(is_demo=True).exists()


def test_load_requires_reference_data():
    with pytest.raises(DemoNetworkError, match="load_reference_data"):
        load_demo_network()

    assert not Organization.objects.exists()


def test_command_rejects_debug_off(reference_data, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())

    assert not Organization.objects.filter(is_demo=True).exists()


def test_command_reports_missing_reference_data(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("load_demo", stdout=StringIO())
