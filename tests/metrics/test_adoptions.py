"""Adopting an indicator for an initiative: the lead organization's editors decide."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from initiatives.models import Initiative
from metrics.models import Indicator, IndicatorAdoption
from partners.models import Organization, User


def test_adopt_page(
    organization_a: Organization,
    editor_a: User,
    make_initiative: Callable[..., Initiative],
    library: dict[str, Indicator],
    client: Client,
) -> None:
    initiative = make_initiative(organization_a, adopt=())
    client.force_login(editor_a)
    page = client.get("/en/indicators/hourly-wage/").content.decode()
    assert 'name="initiative"' in page

    response = client.post("/en/indicators/hourly-wage/adopt/", {"initiative": initiative.pk})

    assert response.status_code == 302
    assert IndicatorAdoption.objects.filter(
        initiative=initiative, indicator__code="hourly-wage"
    ).exists()


def test_adopt_page_rejects_other_initiative(
    organization_a: Organization,
    admin_b: User,
    make_initiative: Callable[..., Initiative],
    make_organization: Callable[..., Organization],
    library: dict[str, Indicator],
    client: Client,
) -> None:
    theirs = make_initiative(organization_a, adopt=())
    client.force_login(admin_b)
    assert 'name="initiative"' not in client.get("/en/indicators/hourly-wage/").content.decode()
    response = client.post("/en/indicators/hourly-wage/adopt/", {"initiative": theirs.pk})
    assert response.status_code == 403
    assert not IndicatorAdoption.objects.filter(initiative=theirs).exists()


def test_adopt_api(
    organization_a: Organization,
    editor_a: User,
    admin_b: User,
    make_initiative: Callable[..., Initiative],
    library: dict[str, Indicator],
    client: Client,
) -> None:
    initiative = make_initiative(organization_a, adopt=())
    path = "/api/v1/indicators/hourly-wage/adoptions/"

    client.force_login(admin_b)
    assert (
        client.post(
            path, {"initiative": initiative.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(editor_a)
    assert client.post(path, {}, content_type="application/json").status_code == 400
    reference = client.post(
        "/api/v1/indicators/sdg-8-5-2/adoptions/",
        {"initiative": initiative.pk},
        content_type="application/json",
    )
    assert reference.status_code == 400
    created = client.post(path, {"initiative": initiative.pk}, content_type="application/json")
    assert created.status_code == 201
    assert IndicatorAdoption.objects.filter(initiative=initiative).count() == 1
