"""An author saves the same practice from two tabs that read one version: the second is refused."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from partners.models import Theme, User
from practices.models import Practice, PracticeStatus

pytestmark = pytest.mark.django_db

VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')


@pytest.fixture
def draft(make_practice: Callable[..., Practice], author: User) -> Practice:
    return make_practice(
        status=PracticeStatus.SUBMITTED,
        published_at=None,
        submitted_by=author,
        title_en="Paid work trials",
    )


def edit_data(title: str, version: str) -> dict[str, object]:
    return {
        "kind": "best-practice",
        "title_en": title,
        "summary_en": "Trials paid at the going rate.",
        "themes": [str(Theme.objects.get(number=3).pk)],
        "version": version,
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_second_page_save_gets_409(draft: Practice, author: User) -> None:
    url = f"/en/practices/{draft.slug}/edit/"
    first_tab, second_tab = signed_in(author), signed_in(author)
    first_version = VERSION_FIELD.search(first_tab.get(url).content.decode())
    second_version = VERSION_FIELD.search(second_tab.get(url).content.decode())
    assert first_version is not None
    assert second_version is not None

    saved = first_tab.post(url, edit_data("First title saved", first_version.group(1)))
    stale = second_tab.post(url, edit_data("Second title lost", second_version.group(1)))

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Second title lost" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.title_en == "First title saved"
    assert draft.version == 2


def test_second_api_save_gets_412(draft: Practice, author: User) -> None:
    url = f"/api/v1/practices/{draft.slug}/"
    client = signed_in(author)
    version = client.get(url).json()["version"]

    saved = client.patch(
        url,
        {"title_en": "First title saved"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    stale = client.patch(
        url, {"title_en": "Second title lost", "version": version}, content_type="application/json"
    )

    assert saved.status_code == 200
    assert saved["ETag"] == f'"{version + 1}"'
    assert stale.status_code == 412
    assert stale.json()["current_version"] == version + 1
    draft.refresh_from_db()
    assert draft.title_en == "First title saved"
