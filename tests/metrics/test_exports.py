"""Bytes of the CSV exports: one byte-order mark, safe text, plain numbers, intact accents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from hubsite.exports import safe_csv_value
from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics.exports import results_csv
from metrics.models import Indicator, Report
from metrics.results import EXPORT_FIELDS
from partners.models import Organization, StakeholderKind

BOM = b"\xef\xbb\xbf"


def row(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {name: "" for name in EXPORT_FIELDS}
    base.update(suppressed=False)
    base.update(fields)
    return base


def test_numbers_stay_numbers() -> None:
    assert safe_csv_value(Decimal("-3.5")) == "-3.5"
    assert safe_csv_value(-2) == "-2"
    assert safe_csv_value(-0.25) == "-0.25"
    assert safe_csv_value("-3.5") == "'-3.5", "text that looks like a number is still text"
    assert safe_csv_value(True) == "True"


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"])
def test_formula_text_neutralized(text: str) -> None:
    data = results_csv([row(indicator_name=text, value=Decimal("-3.5"))]).encode("utf-8")
    cells = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert cells["indicator_name"] == "'" + text
    assert cells["value"] == "-3.5"


def test_bom_once_and_accents_round_trip() -> None:
    data = results_csv(
        [
            row(group_name="Québec", indicator_name="Élèves en transition"),
            row(group_name="Île-du-Prince-Édouard"),
        ]
    ).encode("utf-8")
    assert data.startswith(BOM)
    assert data.count(BOM) == 1
    text = data.decode("utf-8-sig")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["group_name"] == "Québec"
    assert rows[0]["indicator_name"] == "Élèves en transition"
    assert rows[1]["group_name"] == "Île-du-Prince-Édouard"


@pytest.fixture
def exported_network(
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
) -> None:
    kind = StakeholderKind.objects.get(slug="disability-organization")
    StakeholderKind.objects.filter(pk=kind.pk).update(
        name_en='=HYPERLINK("http://x")',
        name_fr="Organismes œuvrant auprès des personnes handicapées",
    )
    for number in range(3):
        organization = make_organization(name=f"Exported {number}")
        approved_report(
            organization,
            make_initiative(organization),
            last_quarter,
            {"participants-served": (10 + number, 10 + number)},
        )


def test_export_page_bytes(exported_network: None, client: Client, last_quarter: Quarter) -> None:
    response = client.get("/en/results/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = response.content
    assert data.startswith(BOM + b"indicator,")
    assert data.count(BOM) == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    kind_rows = [
        item
        for item in rows
        if item["dimension"] == "kind"
        and item["indicator"] == "participants-served"
        and item["quarter"] == last_quarter.code
    ]
    assert kind_rows[0]["group_name"] == '\'=HYPERLINK("http://x")'
    assert kind_rows[0]["value"] == "33"


def test_export_accents_in_french(exported_network: None, client: Client) -> None:
    data = client.get("/fr/results/export.csv").content
    assert "Organismes œuvrant auprès des personnes handicapées" in data.decode("utf-8-sig")


def test_export_json(exported_network: None, client: Client, last_quarter: Quarter) -> None:
    response = client.get("/en/results/export.json", {"indicator": "participants-served"})
    assert response.status_code == 200
    data = json.loads(response.content)
    totals = [
        item
        for item in data["results"]
        if item["dimension"] == "total" and item["quarter"] == last_quarter.code
    ]
    assert totals[0]["value"] == 33
    assert totals[0]["suppressed"] is False


def test_export_unknown_indicator(client: Client, library: dict[str, Indicator]) -> None:
    assert client.get("/en/results/export.csv", {"indicator": "nope"}).status_code == 400


def test_api_csv_format(exported_network: None, client: Client) -> None:
    response = client.get("/api/v1/results/", {"format": "csv", "indicator": "participants-served"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM)
    assert response.content.count(BOM) == 1
