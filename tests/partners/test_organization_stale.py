"""Two people edit the same organization from the same version: the second save is refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from partners.models import Organization, Region, StakeholderKind, User

pytestmark = pytest.mark.django_db

VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')


def edit_data(name: str, version: str) -> dict[str, object]:
    return {
        "name": name,
        "description_en": "Job coaching for people with disabilities.",
        "kind": StakeholderKind.objects.get(slug="disability-organization").pk,
        "city": "Sudbury",
        "province": Region.objects.get(code="CA-ON").pk,
        "version": version,
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_second_page_save_gets_409(
    organization_a: Organization, admin_a: User, editor_a: User
) -> None:
    url = f"/en/organizations/{organization_a.slug}/edit/"
    first, second = signed_in(admin_a), signed_in(editor_a)
    first_version = VERSION_FIELD.search(first.get(url).content.decode())
    second_version = VERSION_FIELD.search(second.get(url).content.decode())
    assert first_version is not None
    assert second_version is not None

    saved = first.post(url, edit_data("First Name Saved", first_version.group(1)))
    stale = second.post(url, edit_data("Second Name Lost", second_version.group(1)))

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Someone else saved this record" in stale.content.decode()
    assert "Second Name Lost" in stale.content.decode()
    organization_a.refresh_from_db()
    assert organization_a.name == "First Name Saved"
    assert organization_a.version == 2
    assert VERSION_FIELD.search(stale.content.decode()).group(1) == "2"  # type: ignore[union-attr]


def test_resave_after_409_succeeds(organization_a: Organization, admin_a: User) -> None:
    url = f"/en/organizations/{organization_a.slug}/edit/"
    client = signed_in(admin_a)
    client.post(url, edit_data("First Name Saved", "1"))

    stale = client.post(url, edit_data("Second Name", "1"))
    again = client.post(url, edit_data("Second Name", "2"))

    assert stale.status_code == 409
    assert again.status_code == 302
    organization_a.refresh_from_db()
    assert organization_a.name == "Second Name"


def test_second_api_save_gets_412(
    organization_a: Organization, admin_a: User, editor_a: User
) -> None:
    url = f"/api/v1/organizations/{organization_a.slug}/"
    first, second = signed_in(admin_a), signed_in(editor_a)
    version = first.get(url).json()["version"]
    assert second.get(url).json()["version"] == version

    saved = first.patch(
        url,
        {"name": "First Name Saved"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    stale = second.patch(
        url, {"name": "Second Name Lost", "version": version}, content_type="application/json"
    )

    assert saved.status_code == 200
    assert saved["ETag"] == f'"{version + 1}"'
    assert stale.status_code == 412
    assert stale.json()["current_version"] == version + 1
    assert "version" in stale.json()
    organization_a.refresh_from_db()
    assert organization_a.name == "First Name Saved"


def test_api_rejects_bad_if_match(organization_a: Organization, admin_a: User) -> None:
    response = signed_in(admin_a).patch(
        f"/api/v1/organizations/{organization_a.slug}/",
        {"name": "New"},
        content_type="application/json",
        HTTP_IF_MATCH="*not-a-version*",
    )

    assert response.status_code == 400
    assert "version" in response.json()
