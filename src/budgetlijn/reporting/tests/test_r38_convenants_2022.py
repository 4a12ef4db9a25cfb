"""R38: the 2022 convenant report reproduces seed 000's table (parliamentary question 969)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.demo.convenants import (
    CONVENANT_2022_ROW_TOTALS,
    CONVENANT_2022_TABLE,
    CONVENANT_2022_TOTAL,
    CONVENANT_CATEGORY_LABELS,
)
from budgetlijn.dossiers.constants import BudgetKind, Province
from budgetlijn.dossiers.models import Budget
from budgetlijn.reporting.constants import Measure
from budgetlijn.reporting.report import ReportQuery
from budgetlijn.reporting.selectors import build_report
from budgetlijn.rules import budget_year

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)
YEAR_2022 = {"date_from": date(2022, 1, 1), "date_to": date(2022, 12, 31), "as_of": AS_OF}
# Seed 000, answer 2: the yearly amounts of the four categories with a fixed amount.
SEED_AMOUNTS = {
    "RESIDENTIAL_HIGH_FREQUENCY": Decimal("60259"),
    "SCHOOL_COMPLEMENTARY_DAY_CARE": Decimal("30273"),
    "SCHOOL_REPLACING_DAY_CARE": Decimal("42658"),
    "RESIDENTIAL_GES_PLUS": Decimal("70793"),
}


def row_key(category):
    return f"CONVENANT::{category}"


def test_r38_convenant_report_2022_reproduces_seed_000_per_category_and_province(demo_2022):
    report = build_report(ReportQuery(kind=BudgetKind.CONVENANT, **YEAR_2022))

    assert [row.key for row in report.rows] == [row_key(c) for c in CONVENANT_2022_TABLE]
    assert [column.key for column in report.columns] == ["ANT", "LIM", "OVL", "VBR", "WVL", "BRU"]
    assert [column.label for column in report.columns] == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
        "Brussel",
    ]
    for category, counts in CONVENANT_2022_TABLE.items():
        for province in Province.values:
            assert report.cell(row_key(category), province).value == counts.get(province, 0), (
                category,
                province,
            )
        assert report.row_totals[row_key(category)].value == CONVENANT_2022_ROW_TOTALS[category]
    for province in Province.values:
        expected = sum(counts.get(province, 0) for counts in CONVENANT_2022_TABLE.values())
        assert report.column_totals[province].value == expected
    assert report.total.value == CONVENANT_2022_TOTAL == 124
    assert report.summary.persons == report.summary.budgets == 124
    # The seed's row labels, with the amounts of 2022.
    labels = {row.key: row.label for row in report.rows}
    for category in SEED_AMOUNTS:
        assert labels[row_key(category)] == CONVENANT_CATEGORY_LABELS[category]
    assert (
        labels[row_key("OTHER")]
        == "Ander (gemengd budget, begeleiding of specifiek toegekend bedrag)"
    )


def test_r38_convenant_report_2022_total_amount(demo_2022):
    report = build_report(
        ReportQuery(kind=BudgetKind.CONVENANT, measure=Measure.ALLOCATED, **YEAR_2022)
    )

    # Expected from the parameters and the specific amounts in the database.
    expected = sum(
        budget_year.yearly_amount(
            b.kind, b.scheme or None, b.category, b.band, 2022, b.specific_amount
        )
        for b in Budget.objects.filter(kind=BudgetKind.CONVENANT, allocated_on__year=2022)
    )
    other = sum(
        Budget.objects.filter(kind=BudgetKind.CONVENANT, category="OTHER").values_list(
            "specific_amount", flat=True
        )
    )
    fixed = 96 * 60259 + 2 * 30273 + 7 * 42658 + 7 * 70793
    assert fixed == 6_639_567
    assert report.total.value == expected == Decimal(fixed) + other
    assert report.summary.allocated == report.total.value
    assert report.summary.without_amount == 0
    for category, amount in SEED_AMOUNTS.items():
        assert (
            report.row_totals[row_key(category)].value
            == CONVENANT_2022_ROW_TOTALS[category] * amount
        )
    assert report.row_totals[row_key("OTHER")].value == other
    # Per cell too: Antwerpen, residential high frequency: 35 x 60 259.
    assert report.cell(row_key("RESIDENTIAL_HIGH_FREQUENCY"), "ANT").value == 35 * Decimal("60259")
