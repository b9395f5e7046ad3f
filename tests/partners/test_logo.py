"""Organization logos: content checks, random stored names, permissions and serving headers."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from partners import services
from partners.models import Organization, User

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^logos/[0-9a-f]{32}\.(png|jpg|webp)$")

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(image_format: str, size: tuple[int, int] = (40, 20), **options: Any) -> bytes:
    image = Image.new("RGB", size, (200, 30, 60))
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8298] = "Private copyright note"  # Copyright
    return image_bytes("JPEG", exif=exif.tobytes())


def noise_png(size_bytes: int) -> bytes:
    width = 1024
    height = size_bytes // (width * 3) + 1
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def upload_file(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_logo(client: Client, organization: Organization, data: bytes, name: str = "logo.png"):
    return client.post(
        f"/en/organizations/{organization.slug}/logo/", {"logo": upload_file(name, data)}
    )


def put_logo_api(client: Client, organization: Organization, data: bytes, name: str = "logo.png"):
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="logo"; filename="{name}"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.put(
        f"/api/v1/organizations/{organization.slug}/logo/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# ---------------------------------------------------------------------------
# Accepted images
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")]
)
def test_page_accepts_image(
    client: Client,
    organization_a: Organization,
    admin_a: User,
    media_root: Path,
    image_format: str,
    extension: str,
) -> None:
    client.force_login(admin_a)

    response = post_logo(client, organization_a, image_bytes(image_format), name="Our logo.png")

    assert response.status_code == 302
    organization_a.refresh_from_db()
    stored_name = str(organization_a.logo.name)
    assert STORED_NAME.match(stored_name)
    assert stored_name.endswith(f".{extension}")
    assert (media_root / stored_name).is_file()
    with Image.open(media_root / stored_name) as stored:
        assert stored.format == image_format


def test_stored_name_is_random_not_client_name(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)
    post_logo(client, organization_a, image_bytes("PNG"), name="../../../etc/passwd.png")
    organization_a.refresh_from_db()
    first = str(organization_a.logo.name)

    post_logo(client, organization_a, image_bytes("PNG"), name="../../../etc/passwd.png")
    organization_a.refresh_from_db()

    assert "passwd" not in first
    assert STORED_NAME.match(first)
    assert organization_a.logo.name != first


def test_jpeg_exif_is_stripped(organization_a: Organization, admin_a: User) -> None:
    data = jpeg_with_exif()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get(0x8298) == "Private copyright note"

    services.set_organization_logo(admin_a, organization_a, upload_file("photo.jpg", data))

    with organization_a.logo.open("rb") as handle, Image.open(handle) as stored:
        assert dict(stored.getexif()) == {}
        assert b"Private copyright note" not in organization_a.logo.read()


def test_edit_page_shows_logo_form(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)

    html = client.get(f"/en/organizations/{organization_a.slug}/edit/").content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert f'action="/en/organizations/{organization_a.slug}/logo/"' in html
    assert 'accept="image/png,image/jpeg,image/webp"' in html


def test_logo_removed_from_page(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)
    post_logo(client, organization_a, image_bytes("PNG"))

    response = client.post(f"/en/organizations/{organization_a.slug}/logo/", {"remove": "1"})

    organization_a.refresh_from_db()
    assert response.status_code == 302
    assert not organization_a.logo


# ---------------------------------------------------------------------------
# Rejected files
# ---------------------------------------------------------------------------

REJECTED_FILES = {
    "html-named-png": ("logo.png", HTML_PAGE),
    "svg-with-script": ("logo.svg", SVG_WITH_SCRIPT),
    "svg-with-script-named-png": ("logo.png", SVG_WITH_SCRIPT),
    "svg-plain": ("logo.svg", SVG_PLAIN),
    "gif": ("logo.gif", image_bytes("GIF")),
    "truncated-png": ("logo.png", image_bytes("PNG")[:30]),
    "text": ("logo.png", b"just some text"),
    "empty-file-name-only": ("logo.png", b"\x89PNG\r\n\x1a\n"),
}


@pytest.mark.parametrize("case", sorted(REJECTED_FILES))
def test_page_rejects_file_with_field_error(
    client: Client, organization_a: Organization, admin_a: User, media_root: Path, case: str
) -> None:
    name, data = REJECTED_FILES[case]
    client.force_login(admin_a)

    response = post_logo(client, organization_a, data, name=name)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_logo-error"' in html
    assert "The file is not a PNG, JPEG or WebP image." in html
    assert 'href="#id_logo"' in html
    assert "<script>alert" not in html
    organization_a.refresh_from_db()
    assert not organization_a.logo
    assert stored_files(media_root) == []


def test_page_rejects_image_over_1_mb(
    client: Client, organization_a: Organization, admin_a: User, media_root: Path
) -> None:
    data = noise_png(2 * 1024 * 1024)
    assert len(data) > 2 * 1024 * 1024
    client.force_login(admin_a)

    response = post_logo(client, organization_a, data)

    assert response.status_code == 400
    assert "The logo is larger than 1 MB." in response.content.decode()
    assert stored_files(media_root) == []


def test_page_requires_a_file(client: Client, organization_a: Organization, admin_a: User) -> None:
    client.force_login(admin_a)

    response = client.post(f"/en/organizations/{organization_a.slug}/logo/", {})

    assert response.status_code == 400
    assert "Choose an image file to upload." in response.content.decode()


def test_page_rejection_in_french(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)

    response = client.post(
        f"/fr/organizations/{organization_a.slug}/logo/",
        {"logo": upload_file("logo.png", HTML_PAGE)},
    )

    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


# ---------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_b", "member_a"])
def test_page_forbidden_to_others(
    client: Client,
    request: pytest.FixtureRequest,
    organization_a: Organization,
    media_root: Path,
    persona: str,
) -> None:
    client.force_login(request.getfixturevalue(persona))

    response = post_logo(client, organization_a, image_bytes("PNG"))

    assert response.status_code == 403
    organization_a.refresh_from_db()
    assert not organization_a.logo
    assert stored_files(media_root) == []


def test_page_redirects_visitor_to_sign_in(client: Client, organization_a: Organization) -> None:
    response = post_logo(client, organization_a, image_bytes("PNG"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["admin_b", "member_a"])
def test_api_forbidden_to_others(
    client: Client,
    request: pytest.FixtureRequest,
    organization_a: Organization,
    media_root: Path,
    persona: str,
) -> None:
    client.force_login(request.getfixturevalue(persona))

    response = put_logo_api(client, organization_a, image_bytes("PNG"))

    assert response.status_code == 403
    organization_a.refresh_from_db()
    assert not organization_a.logo
    assert stored_files(media_root) == []


def test_api_forbidden_to_visitor(client: Client, organization_a: Organization) -> None:
    response = put_logo_api(client, organization_a, image_bytes("PNG"))

    assert response.status_code in {401, 403}


def test_editor_may_change_logo(
    client: Client, organization_a: Organization, editor_a: User
) -> None:
    client.force_login(editor_a)

    assert post_logo(client, organization_a, image_bytes("PNG")).status_code == 302


# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------


def test_api_sets_and_removes_logo(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)

    response = put_logo_api(client, organization_a, image_bytes("PNG"), name="<b>x</b>.png")

    assert response.status_code == 200, response.content
    logo_url = response.json()["logo"]
    assert re.search(r"/media/logos/[0-9a-f]{32}\.png$", logo_url)
    assert client.get(f"/api/v1/organizations/{organization_a.slug}/").json()["logo"] == logo_url

    removed = client.delete(f"/api/v1/organizations/{organization_a.slug}/logo/")

    assert removed.status_code == 200
    assert removed.json()["logo"] is None


@pytest.mark.parametrize("case", ["html-named-png", "svg-with-script"])
def test_api_rejects_file_with_field_error(
    client: Client, organization_a: Organization, admin_a: User, media_root: Path, case: str
) -> None:
    name, data = REJECTED_FILES[case]
    client.force_login(admin_a)

    response = put_logo_api(client, organization_a, data, name=name)

    assert response.status_code == 400
    assert list(response.json()) == ["logo"]
    assert stored_files(media_root) == []


def test_api_rejects_json_body(client: Client, organization_a: Organization, admin_a: User) -> None:
    client.force_login(admin_a)

    response = client.put(
        f"/api/v1/organizations/{organization_a.slug}/logo/",
        {"logo": "x"},
        content_type="application/json",
    )

    assert response.status_code == 415


def test_api_rejects_image_over_1_mb(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    client.force_login(admin_a)

    response = put_logo_api(client, organization_a, noise_png(2 * 1024 * 1024))

    assert response.status_code == 400
    assert "1 MB" in response.json()["logo"][0]


# ---------------------------------------------------------------------------
# Serving and showing
# ---------------------------------------------------------------------------


def test_served_logo_headers(client: Client, organization_a: Organization, admin_a: User) -> None:
    services.set_organization_logo(
        admin_a, organization_a, upload_file("logo.png", image_bytes("PNG"))
    )

    response = client.get(organization_a.logo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_other_file_served_as_attachment(client: Client, media_root: Path) -> None:
    (media_root / "logos").mkdir()
    (media_root / "logos" / "page.html").write_bytes(HTML_PAGE)
    (media_root / "logos" / "image.svg").write_bytes(SVG_WITH_SCRIPT)

    for name in ("page.html", "image.svg"):
        response = client.get(f"/media/logos/{name}")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path", ["/media/logos/missing.png", "/media/../hubsite/settings.py", "/media/%2e%2e/x.png"]
)
def test_missing_or_outside_files_not_found(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_organization_page_shows_logo_with_empty_alt(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    services.set_organization_logo(
        admin_a, organization_a, upload_file("logo.png", image_bytes("PNG"))
    )

    html = client.get(f"/en/organizations/{organization_a.slug}/").content.decode()

    assert f'<img src="{organization_a.logo.url}" alt=""' in html


def test_directory_query_counts_unchanged_by_logos(
    client: Client,
    make_organization: Any,
    admin_a: User,
    organization_a: Organization,
) -> None:
    for _ in range(3):
        make_organization()

    def count_queries(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    paths = ("/en/organizations/", "/api/v1/organizations/")
    # The first requests fill caches of reference data, so they are not measured.
    for path in paths:
        count_queries(path)
    before = [count_queries(path) for path in paths]
    for organization in Organization.objects.all():
        organization.logo = "logos/0123456789abcdef0123456789abcdef.png"
        organization.save()
    after = [count_queries(path) for path in paths]

    assert after == before


def test_history_page_after_logo_change(
    client: Client, organization_a: Organization, admin_a: User
) -> None:
    services.set_organization_logo(
        admin_a, organization_a, upload_file("logo.png", image_bytes("PNG"))
    )
    client.force_login(admin_a)

    response = client.get(f"/en/organizations/{organization_a.slug}/history/")

    assert response.status_code == 200
    assert organization_a.history.filter(logo=organization_a.logo.name).count() == 1
