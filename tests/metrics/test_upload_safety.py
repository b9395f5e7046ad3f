"""CSV report uploads are checked by content: size, NUL bytes, markup and text encoding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from hubsite.quarters import Quarter
from hubsite.uploads import check_text_file, looks_like_markup
from initiatives.models import Initiative
from metrics import services
from metrics.forms import UploadForm
from metrics.models import Report, ReportValue
from partners.models import Organization, User

GOOD_CSV = "\ufeffindicator;value;people\nparticipants-served;12;\n".encode()


@pytest.fixture
def report(
    organization_a: Organization,
    editor_a: User,
    make_initiative: Callable[..., Initiative],
    last_quarter: Quarter,
) -> Report:
    initiative = make_initiative(organization_a)
    return services.open_report(editor_a, organization_a, initiative, last_quarter)


def upload(client: Client, report: Report, data: bytes, name: str = "report.csv") -> Any:
    return client.post(
        reverse("metrics:report-upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def form_errors(data: bytes, name: str = "report.csv") -> list[str]:
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    form = UploadForm(files=MultiValueDict({"file": [upload]}))
    assert not form.is_valid()
    return [str(message) for message in form.errors["file"]]


HOSTILE_FILES = {
    "nul-bytes": b"indicator,value\nparticipants-served,1\x00\n",
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "html-after-bom-and-space": b"\xef\xbb\xbf  \n<html><body>x</body></html>",
    "script-tag": b"<script>alert(document.cookie)</script>",
    "xml": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "svg": b'<svg onload="alert(1)"></svg>',
    "html-comment": b"<!-- x --><p>Hello</p>",
    "png-image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "undefined-windows-1252-bytes": b"indicator,value\n\x81\x8d\x8f\x90\x9d,1\n",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_form_rejects_hostile_file(case: str) -> None:
    errors = form_errors(HOSTILE_FILES[case])

    assert len(errors) == 1


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_page_rejects_hostile_file_and_saves_nothing(
    case: str, report: Report, editor_a: User, client: Client
) -> None:
    client.force_login(editor_a)

    response = upload(client, report, HOSTILE_FILES[case], name="report.csv")

    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_file-error"' in body or "field-error" in body
    assert "<script>alert" not in body
    assert not ReportValue.objects.filter(report=report).exists()


def test_nul_bytes_message() -> None:
    assert "binary data" in form_errors(HOSTILE_FILES["nul-bytes"])[0]


def test_html_named_csv_message() -> None:
    assert "web page or XML" in form_errors(HOSTILE_FILES["html"], name="report.csv")[0]


def test_size_limit_names_the_limit(settings: Any) -> None:
    settings.METRICS_UPLOAD_MAX_BYTES = 1024 * 1024

    errors = form_errors(b"indicator,value\n" + b"x," * 600_000)

    assert errors == ["The file is larger than 1 MB. Upload a smaller file."]


def test_default_size_limit_is_2_mb() -> None:
    errors = form_errors(b"a" * (2 * 1024 * 1024 + 1))

    assert errors == ["The file is larger than 2 MB. Upload a smaller file."]


def test_windows_1252_text_passes_content_check() -> None:
    check_text_file("indicator,value,note\nparticipants-served,1,Montréal\n".encode("cp1252"), 100)


def test_utf8_with_bom_passes_content_check() -> None:
    check_text_file(GOOD_CSV, 1000)


def test_less_than_sign_inside_csv_is_not_markup() -> None:
    assert not looks_like_markup(b"indicator,value,note\nx,1,<b>bold</b>\n")
    assert not looks_like_markup(b"<banner>,value\n")


def test_check_raises_validation_error_with_code() -> None:
    with pytest.raises(ValidationError) as caught:
        check_text_file(b"\x00", 100)

    assert caught.value.code == "binary"


def test_valid_file_saved_not_kept_on_disk(
    report: Report, editor_a: User, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor_a)

    response = upload(client, report, GOOD_CSV, name="../../evil name.csv")

    assert response.status_code == 302
    assert ReportValue.objects.filter(report=report).count() == 1
    assert list(tmp_path.iterdir()) == []
