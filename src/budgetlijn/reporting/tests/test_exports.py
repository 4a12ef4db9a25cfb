"""CSV and XLSX exports: Dutch headers, Belgian Excel CSV, a real XLSX file, suppression."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgetlijn.demo.convenants import CONVENANT_CATEGORY_LABELS
from budgetlijn.reporting import exports
from budgetlijn.reporting.constants import Measure
from budgetlijn.reporting.report import ReportQuery
from budgetlijn.reporting.selectors import build_report

pytestmark = pytest.mark.django_db

HEADER = [
    "Budgetcategorie",
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
    "Brussel",
    "Totaal",
]


def report_2022(**kwargs):
    return build_report(
        ReportQuery(
            date_from=date(2022, 1, 1),
            date_to=date(2022, 12, 31),
            as_of=date(2026, 11, 23),
            kind="CONVENANT",
            **kwargs,
        )
    )


def read_csv(text):
    assert text.startswith("\ufeff"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_r38_csv_has_dutch_headers_semicolons_and_the_seed_table(demo_2022):
    rows = read_csv(exports.to_csv(report_2022()))
    assert rows[0] == HEADER
    assert rows[1] == [
        CONVENANT_CATEGORY_LABELS["RESIDENTIAL_HIGH_FREQUENCY"],
        "35",
        "9",
        "17",
        "24",
        "11",
        "0",
        "96",
    ]
    assert rows[-1] == ["Totaal", "49", "11", "19", "34", "11", "0", "124"]
    assert len(rows) == 1 + 5 + 1


def test_r38_csv_amounts_use_a_decimal_comma(demo_2022):
    rows = read_csv(exports.to_csv(report_2022(measure=Measure.ALLOCATED)))
    assert rows[1][1] == "2109065,00"  # 35 x 60 259 in Antwerpen
    assert rows[1][-1] == "5784864,00"  # 96 x 60 259


def test_r38_csv_with_suppression_shows_marks_and_exact_totals(demo_2022):
    rows = read_csv(exports.to_csv(report_2022(suppress=True)))
    by_label = {row[0]: row for row in rows}
    complementary = by_label[CONVENANT_CATEGORY_LABELS["SCHOOL_COMPLEMENTARY_DAY_CARE"]]
    assert complementary[1] == "< 5"
    # The row total counts the same 2 children: hidden too. The zeros stay: an "x" that is 0
    # would hide nothing.
    assert complementary[2:] == ["0", "0", "0", "0", "0", "< 5"]
    assert rows[-1] == ["Totaal", "49", "11", "19", "34", "11", "0", "124"]
    # No visible cell counts 1 to 4 children.
    for row in rows[1:-1]:
        for value in row[1:-1]:
            assert value in ("< 5", "x", "0") or int(value) >= 5, row


def test_r38_xlsx_is_a_real_workbook_with_numbers_and_an_explanation(demo_2022):
    data = exports.to_xlsx(report_2022(suppress=True))
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Statistiek", "Toelichting"]
    sheet = workbook["Statistiek"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert values[1] == [
        CONVENANT_CATEGORY_LABELS["RESIDENTIAL_HIGH_FREQUENCY"],
        35,
        "x",
        "x",
        24,
        11,
        0,
        96,
    ]
    assert values[2][1] == "< 5"
    assert values[2][-1] == "< 5"
    assert values[-1] == ["Totaal", 49, 11, 19, 34, 11, 0, 124]
    notes = dict(row for row in workbook["Toelichting"].iter_rows(values_only=True))
    assert notes["Periode"] == "01/01/2022 tot en met 31/12/2022"
    assert notes["Personen in totaal"] == "124"
    assert "< 5" in notes["Afscherming"]
    assert notes["Definitie van het cijfer"].startswith("Aantal personen")


def test_r38_xlsx_amounts_are_numbers(demo_2022):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(report_2022(measure=Measure.ALLOCATED))))
    sheet = workbook["Statistiek"]
    assert Decimal(str(sheet["B2"].value)) == Decimal("2109065")
    assert sheet["B2"].number_format == "#,##0.00"


def test_export_file_names_are_dutch(demo_2022):
    report = report_2022(suppress=True)
    assert exports.filename(report, "csv") == (
        "statistiek-convenant-ter-beschikking-2022-01-01-2022-12-31-personen-afgeschermd-5.csv"
    )
