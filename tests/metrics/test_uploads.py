"""CSV report files: the template, BOM, semicolons, decimal commas, and all-or-nothing saving."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics import services
from metrics.models import Indicator, Report, ReportValue
from metrics.uploads import parse_report_csv, template_csv
from partners.models import Organization, User

HEADER = "indicator,unit,disaggregation,category,value,people,note\n"


@pytest.fixture
def report(
    organization_a: Organization,
    editor_a: User,
    make_initiative: Callable[..., Initiative],
    last_quarter: Quarter,
) -> Report:
    initiative = make_initiative(organization_a)
    return services.open_report(editor_a, organization_a, initiative, last_quarter)


def values_of(report: Report) -> dict[tuple[str, str, str], tuple[Decimal, int | None]]:
    return {
        (value.indicator.code, value.disaggregation, value.category): (value.value, value.people)
        for value in ReportValue.objects.filter(report=report).select_related("indicator")
    }


def test_parse_with_bom_and_commas() -> None:
    data = ("\ufeff" + HEADER + "participants-served,count,,,12,,\n").encode()
    parsed = parse_report_csv(data)
    assert parsed.problems == []
    assert parsed.items[0].indicator_code == "participants-served"
    assert parsed.items[0].value == Decimal(12)


def test_parse_without_bom() -> None:
    parsed = parse_report_csv((HEADER + "participants-served,count,,,12,,\n").encode())
    assert parsed.problems == []
    assert parsed.items[0].indicator_code == "participants-served"


def test_parse_semicolons_and_decimal_commas() -> None:
    data = (
        "\ufeffindicator;unit;disaggregation;category;value;people;note\n"
        "employment-rate;percent;;;62,5;40;Année complète\n"
        "participants-served;count;;;1 234;;\n"
    ).encode()

    parsed = parse_report_csv(data)

    assert parsed.problems == []
    assert parsed.items[0].value == Decimal("62.5")
    assert parsed.items[0].people == 40
    assert parsed.items[0].note == "Année complète"
    assert parsed.items[1].value == Decimal(1234)


def test_parse_quoted_decimal_comma_with_commas() -> None:
    parsed = parse_report_csv((HEADER + 'employment-rate,percent,,,"62,5",40,\n').encode())
    assert parsed.problems == []
    assert parsed.items[0].value == Decimal("62.5")


def test_parse_rejects_other_encodings() -> None:
    data = (HEADER + "participants-served,count,,,12,,Montréal\n").encode("latin-1")
    parsed = parse_report_csv(data)
    assert [problem.column for problem in parsed.problems] == ["file"]
    assert "UTF-8" in parsed.problems[0].message


def test_parse_names_missing_column() -> None:
    parsed = parse_report_csv(b"indicator,people\nparticipants-served,3\n")
    assert [(problem.row, problem.column) for problem in parsed.problems] == [(1, "file")]
    assert "value" in parsed.problems[0].message


def test_parse_names_row_and_column_of_bad_number() -> None:
    data = (
        HEADER + "participants-served,count,,,12,,\nemployment-rate,percent,,,beaucoup,40,\n"
    ).encode()
    parsed = parse_report_csv(data)
    assert [(problem.row, problem.column) for problem in parsed.problems] == [(3, "value")]
    assert str(parsed.problems[0]).startswith("Row 3, column value:")


def test_empty_file() -> None:
    assert [problem.column for problem in parse_report_csv(b"").problems] == ["file"]
    assert [problem.column for problem in parse_report_csv(HEADER.encode()).problems] == ["file"]


def test_upload_saves_every_row(report: Report, editor_a: User) -> None:
    data = (
        "\ufeffindicator;unit;disaggregation;category;value;people;note\n"
        "participants-served;count;;;40;;\n"
        "participants-served;count;gender;woman;22;;\n"
        "participants-served;count;gender;man;18;;\n"
        "employment-rate;percent;;;57,5;40;\n"
    ).encode()

    count = services.upload_report_csv(editor_a, report, data)

    assert count == 4
    saved = values_of(report)
    assert saved[("participants-served", "", "")] == (Decimal(40), 40)
    assert saved[("participants-served", "gender", "woman")] == (Decimal(22), 22)
    assert saved[("employment-rate", "", "")] == (Decimal("57.5"), 40)


def test_upload_with_one_bad_row_saves_nothing(report: Report, editor_a: User) -> None:
    services.upload_report_csv(
        editor_a, report, (HEADER + "participants-served,count,,,5,,\n").encode()
    )
    data = (
        HEADER
        + "participants-served,count,,,40,,\n"
        + "employment-rate,percent,,,140,40,\n"
        + "participants-served,count,gender,woman,30,,\n"
        + "participants-served,count,gender,man,30,,\n"
        + "hourly-wage,currency,,,20,10,\n"
    ).encode()

    with pytest.raises(services.ReportValidationError) as caught:
        services.upload_report_csv(editor_a, report, data)

    where = [(problem.row, problem.column) for problem in caught.value.problems]
    assert (3, "value") in where  # a percent over 100
    assert (5, "value") in where  # the gender parts add up to 60, more than 40
    assert (6, "indicator") in where  # hourly wage was not adopted
    assert values_of(report) == {("participants-served", "", ""): (Decimal(5), 5)}


def test_upload_lists_parse_and_rule_problems_together(report: Report, editor_a: User) -> None:
    data = (
        HEADER + "participants-served,count,,,-4,,\nemployment-rate,percent,,,n/a,40,\n"
    ).encode()
    with pytest.raises(services.ReportValidationError) as caught:
        services.upload_report_csv(editor_a, report, data)
    assert [(problem.row, problem.column) for problem in caught.value.problems] == [
        (2, "value"),
        (3, "value"),
    ]


def test_template_round_trip(report: Report, editor_a: User, library: dict[str, Indicator]) -> None:
    text = template_csv(report, services.adopted_indicators(report))
    assert text.startswith("\ufeff")
    assert text.count("\ufeff") == 1
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["indicator"] for row in rows] == ["participants-served", "employment-rate"]
    rows[0]["value"] = "25"
    rows[1]["value"] = "48,5"
    rows[1]["people"] = "25"
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)

    services.upload_report_csv(editor_a, report, ("\ufeff" + handle.getvalue()).encode())

    assert values_of(report)[("employment-rate", "", "")] == (Decimal("48.5"), 25)


def test_upload_page_lists_every_problem(report: Report, editor_a: User, client: Client) -> None:
    client.force_login(editor_a)
    data = (
        HEADER + "participants-served,count,,,-4,,\nemployment-rate,percent,,,101,40,\n"
    ).encode()

    response = client.post(
        reverse("metrics:report-upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile("report.csv", data, content_type="text/csv")},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2, column value" in body
    assert "Row 3, column value" in body
    assert not ReportValue.objects.filter(report=report).exists()


def test_upload_page_saves_good_file(report: Report, editor_a: User, client: Client) -> None:
    client.force_login(editor_a)
    data = (
        "\ufeffindicator;value;people\nparticipants-served;12;\nemployment-rate;50,0;12\n".encode()
    )
    response = client.post(
        reverse("metrics:report-upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile("report.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 302
    assert len(values_of(report)) == 2


def test_upload_by_other_organization_forbidden(
    report: Report, admin_b: User, client: Client
) -> None:
    client.force_login(admin_b)
    response = client.post(
        reverse("metrics:report-upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile("report.csv", b"indicator,value\nparticipants-served,3\n")},
    )
    assert response.status_code == 404
    assert not ReportValue.objects.filter(report=report).exists()


def test_viewer_cannot_upload(report: Report, member_a: User, client: Client) -> None:
    client.force_login(member_a)
    response = client.post(
        reverse("metrics:report-upload", kwargs={"pk": report.pk}),
        {"file": SimpleUploadedFile("report.csv", b"indicator,value\nparticipants-served,3\n")},
    )
    assert response.status_code == 403


def test_template_download(report: Report, editor_a: User, client: Client) -> None:
    client.force_login(editor_a)
    response = client.get(reverse("metrics:report-template", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbfindicator,")
    assert response.content.count(b"\xef\xbb\xbf") == 1
