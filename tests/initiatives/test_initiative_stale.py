"""Two people edit the same initiative from the same version: the second save is refused."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from initiatives.models import Initiative
from partners.models import Organization, Theme, User

pytestmark = pytest.mark.django_db

VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')


def edit_data(title: str, version: str) -> dict[str, object]:
    return {
        "title_en": title,
        "kind": "project",
        "status": "planned",
        "themes": [Theme.objects.get(number=3).pk],
        "version": version,
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_second_page_save_gets_409(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    admin_a: User,
    editor_a: User,
) -> None:
    initiative = make_initiative(organization_a, title_en="Original")
    url = f"/en/initiatives/{initiative.pk}/edit/"
    first, second = signed_in(admin_a), signed_in(editor_a)
    first_version = VERSION_FIELD.search(first.get(url).content.decode())
    second_version = VERSION_FIELD.search(second.get(url).content.decode())
    assert first_version is not None
    assert second_version is not None

    saved = first.post(url, edit_data("First title saved", first_version.group(1)))
    stale = second.post(url, edit_data("Second title lost", second_version.group(1)))

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Someone else saved this record" in stale.content.decode()
    assert "Second title lost" in stale.content.decode()
    initiative.refresh_from_db()
    assert initiative.title_en == "First title saved"
    assert initiative.version == 2


def test_second_api_save_gets_412(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    admin_a: User,
    editor_a: User,
) -> None:
    initiative = make_initiative(organization_a, title_en="Original")
    url = f"/api/v1/initiatives/{initiative.pk}/"
    first, second = signed_in(admin_a), signed_in(editor_a)
    version = first.get(url).json()["version"]
    assert second.get(url).json()["version"] == version

    saved = first.patch(
        url,
        {"title_en": "First title saved"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    stale = second.patch(
        url, {"title_en": "Second title lost", "version": version}, content_type="application/json"
    )

    assert saved.status_code == 200
    assert saved["ETag"] == f'"{version + 1}"'
    assert stale.status_code == 412
    assert stale.json()["current_version"] == version + 1
    initiative.refresh_from_db()
    assert initiative.title_en == "First title saved"


def test_api_edit_without_version_still_bumps(
    make_initiative: Callable[..., Initiative], organization_a: Organization, admin_a: User
) -> None:
    initiative = make_initiative(organization_a, title_en="Original")
    client = signed_in(admin_a)
    url = f"/api/v1/initiatives/{initiative.pk}/"

    client.patch(url, {"title_en": "Unchecked edit"}, content_type="application/json")
    stale = client.patch(
        url, {"title_en": "From version 1", "version": 1}, content_type="application/json"
    )

    assert stale.status_code == 412
    initiative.refresh_from_db()
    assert initiative.title_en == "Unchecked edit"
