"""Published statistics never give a person away: page, CSV, XLSX and API alike.

Each test reproduces a way a suppressed figure could be derived (review issue): the grand total
and the summary of a one-person period, a total whose only non-zero cell is small, an amount of
a cell where only a few persons have an amount, a repeated query parameter, dates out of range.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.reporting.constants import Measure
from budgetlijn.reporting.report import ReportQuery
from budgetlijn.reporting.selectors import build_report
from budgetlijn.reporting.suppression import TOTAL
from budgetlijn.reporting.tests.disclosure import disclosed

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 14)
ONE_DAY = {"kind": "PVB", "from": "2024-03-14", "to": "2024-03-14", "as_of": "2026-11-23"}
PUBLISH = {**ONE_DAY, "measure": "allocated", "suppress": "1"}
PAGE, CSV, XLSX, API = (
    "/statistieken/",
    "/statistieken/export.csv",
    "/statistieken/export.xlsx",
    "/api/v1/statistieken/",
)


@pytest.fixture
def one_person():
    """One PVB allocated on one day: the only person of the period."""
    budget = BudgetFactory(
        kind=BudgetKind.PVB,
        scheme="new",
        category="12",
        allocated_on=DAY,
        letter_received_on=DAY,
        person=PersonFactory(province="LIM"),
    )
    report = build_report(
        ReportQuery(
            date_from=DAY, date_to=DAY, as_of=date(2026, 11, 23), kind="PVB", measure="allocated"
        )
    )
    amount = report.total.value
    assert amount > 0 and report.summary.allocated == amount
    return budget, amount


def amount_texts(amount: Decimal) -> list[str]:
    """Every way the amount could be written on a page, in a file or in JSON."""
    whole = f"{amount:.2f}"
    grouped = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return [
        whole,
        whole.replace(".", ","),
        grouped,
        grouped.replace(" ", "\u00a0"),
        grouped.replace(" ", "&nbsp;"),
        f"{int(amount):,}".replace(",", "."),
    ]


def assert_amount_absent(text: str, amount: Decimal):
    for written in amount_texts(amount):
        assert written not in text, written


def test_a_one_person_period_does_not_show_the_amount_on_the_page(analyst_client, one_person):
    _budget, amount = one_person
    response = analyst_client.get(PAGE, PUBLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert_amount_absent(html, amount)
    # Not the number of persons either: "< 5" everywhere it would be 1.
    summary = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S).group(1)
    assert "<dd>1</dd>" not in summary
    assert "&lt; 5" in summary


def test_a_one_person_period_does_not_show_the_amount_in_the_exports(analyst_client, one_person):
    _budget, amount = one_person
    text = analyst_client.get(CSV, PUBLISH).content.decode("utf-8")
    assert_amount_absent(text, amount)
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[-1][-1] == "< 5"  # the grand total
    workbook = load_workbook(io.BytesIO(analyst_client.get(XLSX, PUBLISH).content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert value is None or value != amount
                assert (
                    value is None
                    or not isinstance(value, int | float)
                    or value < 5
                    or (sheet.title == "Statistiek" and value == 0)
                ), (sheet.title, row)
                if isinstance(value, str):
                    assert_amount_absent(value, amount)


def test_a_one_person_period_does_not_show_the_amount_in_the_api(analyst_client, one_person):
    _budget, amount = one_person
    response = analyst_client.get(API, PUBLISH)
    assert response.status_code == 200
    assert_amount_absent(response.content.decode(), amount)
    data = response.json()
    assert data["total"] == {"value": None, "display": "< 5", "suppressed": "primary"}
    assert data["summary"]["persons"] is None
    assert data["summary"]["allocated"] is None
    assert set(data["summary"]["suppressed"]) == {"persons", "budgets", "allocated"}
    for row in data["rows"]:
        assert row["total"]["value"] is None
    for cell in data["column_totals"]:
        assert cell["value"] in (None, "0.00")
    # Counting persons of that day: the same.
    counts = analyst_client.get(API, {**PUBLISH, "measure": "persons"}).json()
    assert counts["total"]["value"] is None and counts["summary"]["persons"] is None


def test_without_suppression_the_analyst_sees_everything(analyst_client, one_person):
    _budget, amount = one_person
    data = analyst_client.get(API, {**ONE_DAY, "measure": "allocated"}).json()
    assert data["total"]["value"] == f"{amount:.2f}"
    assert data["summary"]["allocated"] == f"{amount:.2f}"
    assert data["summary"]["suppressed"] == []


def test_an_amount_of_few_persons_is_hidden_even_when_the_cell_has_many():
    # Ten PVB of 2022 in Antwerpen (no yearly amount known that year) and one more with an
    # amount of its own: the cell counts 11 persons, but its amount is that one person's.
    day = date(2022, 6, 1)

    def pvb(province, amount=None):
        BudgetFactory(
            kind=BudgetKind.PVB,
            scheme="old",
            category="V",
            specific_amount=amount,
            allocated_on=day,
            letter_received_on=day,
            person=PersonFactory(province=province),
        )

    for _number in range(10):
        pvb("ANT")
    pvb("ANT", Decimal("12345.67"))
    for _number in range(6):
        BudgetFactory(
            kind=BudgetKind.CONVENANT,
            scheme="",
            category="RESIDENTIAL_GES_PLUS",
            allocated_on=day,
            letter_received_on=day,
            person=PersonFactory(minor=True, province="LIM"),
        )
    query = ReportQuery(
        date_from=date(2022, 1, 1),
        date_to=date(2022, 12, 31),
        as_of=date(2026, 11, 23),
        rows="province",
        columns="kind",
        measure=Measure.ALLOCATED,
        suppress=True,
    )
    report = build_report(query)
    cell = report.cell("ANT", "PVB")
    assert cell.value == Decimal("12345.67") and cell.suppressed == "primary"
    assert report.row_totals["ANT"].suppressed == "primary"
    assert report.column_totals["PVB"].suppressed == "primary"
    # The grand total (6 x 70 793 in Limburg + that amount) minus the cell of Limburg would
    # give it away: hidden, and so is the summary's total amount that repeats it.
    assert report.total.suppressed
    assert report.summary.shown("allocated") is None
    # The 10 budgets without an amount are 10 persons: published too.
    assert report.summary.shown("without_amount") == 10
    assert_no_disclosure(report)
    # Counting persons, the cell of 11 is not small.
    persons = build_report(query.__class__(**{**query.__dict__, "measure": Measure.PERSONS}))
    assert persons.cell("ANT", "PVB").value == 11 and not persons.cell("ANT", "PVB").suppressed


def assert_no_disclosure(report):
    rows = [row.key for row in report.rows]
    columns = [column.key for column in report.columns]
    entries = {**report.cells}
    entries.update({(row, TOTAL): cell for row, cell in report.row_totals.items()})
    entries.update({(TOTAL, column): cell for column, cell in report.column_totals.items()})
    entries[(TOTAL, TOTAL)] = report.total
    suppressed = {key for key, cell in entries.items() if cell.suppressed}
    values = {key: cell.value for key, cell in entries.items()}
    persons = {key: cell.persons for key, cell in entries.items()}
    signed = report.query.measure == Measure.REMAINING
    assert (
        disclosed(rows, columns, suppressed, values, persons, report.query.threshold, signed) == {}
    )
    for key, cell in entries.items():
        if 0 < cell.persons < report.query.threshold:
            assert cell.suppressed, key


@pytest.mark.parametrize("measure", [m.value for m in Measure])
def test_the_seed_table_discloses_nothing_for_any_measure(demo_2022, measure):
    report = build_report(
        ReportQuery(
            date_from=date(2022, 1, 1),
            date_to=date(2022, 12, 31),
            as_of=date(2026, 11, 23),
            kind="CONVENANT",
            measure=measure,
            suppress=True,
        )
    )
    assert report.primary_suppressed >= 9
    assert_no_disclosure(report)


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX, API])
def test_a_repeated_parameter_is_an_error(analyst_client, url):
    response = analyst_client.get(url + "?year=2022&year=2023&kind=PVB")
    assert response.status_code == 400
    text = response.content.decode()
    assert "year" in text and "meer dan één keer" in text
    if url == API:
        # Problem details (budgetlijn.api.problems): one error per field.
        assert {
            "field": "year",
            "code": "invalid",
            "message": (
                "De parameter 'year' staat meer dan één keer in de vraag; geef hem één keer op."
            ),
        } in response.json()["errors"]
    if url == PAGE:
        assert 'class="errorlist"' in text


@pytest.mark.parametrize("name", ["from", "to", "as_of"])
@pytest.mark.parametrize("value", ["1999-12-31", "2100-01-01", "0001-01-01"])
def test_dates_have_the_bounds_of_the_year(analyst_client, name, value):
    params = {"from": "2023-01-01", "to": "2023-12-31", name: value}
    response = analyst_client.get(API, params)
    assert response.status_code == 400
    errors = [e["message"] for e in response.json()["errors"] if e["field"] == name]
    assert errors == ["Kies een datum van 01/01/2000 tot en met 31/12/2099."]
    page = analyst_client.get(PAGE, params)
    assert page.status_code == 400
    assert "Kies een datum van 01/01/2000 tot en met 31/12/2099." in page.content.decode()


def test_the_openapi_schema_documents_the_errors_and_the_bounds(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/statistieken/"]["get"]
    assert "400" in operation["responses"]
    assert "meer dan één keer" in operation["responses"]["400"]["description"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["year"]["schema"]["minimum"] == 2000
    assert parameters["year"]["schema"]["maximum"] == 2099
    assert parameters["threshold"]["schema"]["minimum"] == 2
    assert parameters["threshold"]["schema"]["maximum"] == 100
    for name in ("from", "to", "as_of"):
        assert "2000-01-01" in parameters[name]["description"], name
        assert "2099-12-31" in parameters[name]["description"], name
    summary = schema["components"]["schemas"]["Summary"]["properties"]
    assert summary["allocated"].get("nullable") is True
