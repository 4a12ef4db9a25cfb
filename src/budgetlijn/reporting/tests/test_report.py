"""The report from the database: periods, peildatum, totals, dimensions, measures, queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, Province
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.reporting.constants import Basis, Dimension, Measure
from budgetlijn.reporting.report import ReportQuery
from budgetlijn.reporting.selectors import build_report
from budgetlijn.reporting.suppression import PRIMARY, SECONDARY

pytestmark = pytest.mark.django_db

GES = "CONVENANT::RESIDENTIAL_GES_PLUS"
HIGH = "CONVENANT::RESIDENTIAL_HIGH_FREQUENCY"
OTHER = "CONVENANT::OTHER"


def convenant(category="RESIDENTIAL_GES_PLUS", allocated_on=date(2023, 3, 1), person=None, **kw):
    kw.setdefault("person", person or PersonFactory(minor=True, province=Province.LIMBURG))
    return BudgetFactory(
        kind=BudgetKind.CONVENANT,
        scheme="",
        category=category,
        allocated_on=allocated_on,
        letter_received_on=allocated_on,
        **kw,
    )


def query(**kwargs):
    kwargs.setdefault("date_from", date(2023, 1, 1))
    kwargs.setdefault("date_to", date(2023, 12, 31))
    kwargs.setdefault("as_of", date(2026, 11, 23))
    return ReportQuery(**kwargs)


def test_r38_a_partial_year_counts_only_allocations_in_the_period():
    # Seed 000, questions 1 and 3: "de periode van 1 januari 2023 tot 1 juli 2023".
    convenant(allocated_on=date(2023, 1, 1))
    convenant(allocated_on=date(2023, 6, 30))
    convenant(allocated_on=date(2023, 7, 1))
    convenant(allocated_on=date(2022, 12, 31))
    half = build_report(query(date_from=date(2023, 1, 1), date_to=date(2023, 6, 30)))
    assert half.total.value == 2
    whole = build_report(query())
    assert whole.total.value == 3


def test_r38_the_peildatum_leaves_out_what_came_later():
    convenant(allocated_on=date(2023, 2, 1))
    convenant(allocated_on=date(2023, 9, 1))
    report = build_report(query(as_of=date(2023, 6, 30)))
    assert report.total.value == 1
    assert report.query.last_day == date(2023, 6, 30)


def test_r38_holding_on_a_day_counts_budgets_started_and_not_ended():
    day = date(2024, 5, 1)
    convenant(status=BudgetStatus.STARTED, started_on=date(2023, 4, 1))  # holding
    convenant(status=BudgetStatus.STARTED, started_on=date(2024, 5, 1))  # starts that day: holding
    convenant(status=BudgetStatus.STARTED, started_on=date(2024, 5, 2))  # not yet
    convenant(status=BudgetStatus.ALLOCATED)  # never started
    convenant(  # stopped that day: no longer used from then on
        status=BudgetStatus.STOPPED, started_on=date(2023, 4, 1), stopped_on=date(2024, 5, 1)
    )
    convenant(  # stopped later: still holding on the day
        status=BudgetStatus.STOPPED, started_on=date(2023, 4, 1), stopped_on=date(2024, 8, 1)
    )
    convenant(  # converted before the day
        status=BudgetStatus.CONVERTED,
        started_on=date(2023, 4, 1),
        stopped_on=date(2024, 2, 1),
        converted_on=date(2024, 2, 1),
    )
    report = build_report(query(basis=Basis.HOLDING, as_of=day))
    assert report.total.value == 3


def test_r38_totals_per_row_and_column_count_each_person_once():
    child = PersonFactory(minor=True, province=Province.ANTWERPEN)
    convenant(category="RESIDENTIAL_GES_PLUS", person=child)
    convenant(category="RESIDENTIAL_HIGH_FREQUENCY", person=child)  # the same child twice
    convenant(category="RESIDENTIAL_HIGH_FREQUENCY", person=PersonFactory(minor=True))
    convenant(
        category="RESIDENTIAL_HIGH_FREQUENCY", person=PersonFactory(minor=True, province="WVL")
    )

    report = build_report(query(kind=BudgetKind.CONVENANT))
    assert report.cell(GES, "ANT").value == 1
    assert report.cell(HIGH, "ANT").value == 2
    assert report.cell(HIGH, "WVL").value == 1
    assert report.row_totals[HIGH].value == 3
    assert report.row_totals[GES].value == 1
    # Antwerpen: two children, not three budgets.
    assert report.column_totals["ANT"].value == 2
    assert report.column_totals["WVL"].value == 1
    assert report.column_totals["BRU"].value == 0
    assert report.total.value == 3 == report.summary.persons
    assert report.summary.budgets == 4

    budgets = build_report(query(kind=BudgetKind.CONVENANT, measure=Measure.BUDGETS))
    assert budgets.column_totals["ANT"].value == 3
    assert budgets.total.value == 4
    assert sum(budgets.row_totals[row.key].value for row in budgets.rows) == 4


def test_r38_rows_by_kind_and_province_by_category():
    child = PersonFactory(minor=True, province=Province.OOST_VLAANDEREN)
    convenant(person=child)
    BudgetFactory(person=child, kind=BudgetKind.PAB, scheme="", category="II", band=2)
    BudgetFactory(kind=BudgetKind.PVB, scheme="old", category="V", allocated_on=date(2023, 5, 5))

    by_kind = build_report(query(rows=Dimension.KIND, columns=Dimension.PROVINCE))
    assert [row.key for row in by_kind.rows] == ["PVB", "PAB", "CONVENANT"]
    assert by_kind.cell("CONVENANT", "OVL").value == 1
    assert by_kind.cell("PAB", "OVL").value == 1
    # One child with a PAB and a convenant: once in Oost-Vlaanderen.
    assert by_kind.column_totals["OVL"].value == 1
    assert by_kind.total.value == 2

    transposed = build_report(query(rows=Dimension.PROVINCE, columns=Dimension.CATEGORY))
    assert [row.key for row in transposed.rows] == list(Province.values)
    assert transposed.row_totals["OVL"].value == 1
    assert transposed.total.value == 2

    kind_by_category = build_report(query(rows=Dimension.CATEGORY, columns=Dimension.KIND))
    assert kind_by_category.cell(GES, "CONVENANT").value == 1
    assert kind_by_category.row_totals["PVB:old:V"].value == 1
    assert kind_by_category.total.value == 2


def test_r38_allocated_amount_uses_the_yearly_amount_of_the_allocation_year():
    # PAB II band 2: 23 890,08 in 2023 and 24 326,57 in 2024 (seed 002, FACTS.md).
    pab = {"kind": BudgetKind.PAB, "scheme": "", "category": "II", "band": 2}
    BudgetFactory(allocated_on=date(2023, 6, 1), person=PersonFactory(minor=True), **pab)
    BudgetFactory(allocated_on=date(2024, 6, 1), person=PersonFactory(minor=True), **pab)
    BudgetFactory(
        allocated_on=date(2024, 6, 1),
        specific_amount=Decimal("12345.67"),
        person=PersonFactory(minor=True),
        **pab,
    )
    report = build_report(
        query(date_from=date(2023, 1, 1), date_to=date(2024, 12, 31), measure=Measure.ALLOCATED)
    )
    assert report.total.value == Decimal("23890.08") + Decimal("24326.57") + Decimal("12345.67")
    assert report.summary.allocated == report.total.value
    # Holding on a day: the amount of that day's year, for every budget.
    for budget in BudgetFactory._meta.model.objects.all():
        budget.status, budget.started_on = BudgetStatus.STARTED, budget.allocated_on
        budget.save()
    holding = build_report(query(basis=Basis.HOLDING, as_of=date(2024, 7, 1), measure="allocated"))
    assert holding.total.value == 2 * Decimal("24326.57") + Decimal("12345.67")


def test_r38_budgets_without_a_known_yearly_amount_are_reported():
    # PVB amounts are parameters from 2023 on: a PVB of 2022 has no known amount.
    BudgetFactory(kind=BudgetKind.PVB, scheme="old", category="V", allocated_on=date(2022, 5, 5))
    convenant(allocated_on=date(2022, 5, 5))
    report = build_report(
        query(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31), measure=Measure.ALLOCATED)
    )
    assert report.summary.without_amount == 1
    assert report.total.value == Decimal("70793.00")
    assert "1 budgetten" in report.notes[0]


def test_r38_ledger_measures_entitled_spent_and_remaining():
    budget = convenant(
        allocated_on=date(2023, 1, 10), status=BudgetStatus.STARTED, started_on=date(2023, 1, 20)
    )
    other = convenant(allocated_on=date(2023, 2, 10), status=BudgetStatus.STARTED)
    ledger.book(
        budget=budget,
        year=2023,
        kind=EntryKind.ALLOCATION,
        amount=Decimal("70793.00"),
        reason="jaarbudget",
        effective_date=date(2023, 1, 10),
    )
    ledger.book(
        budget=other,
        year=2023,
        kind=EntryKind.ALLOCATION,
        amount=Decimal("64892.58"),
        reason="jaarbudget",
        effective_date=date(2023, 2, 10),
    )
    for day, amount in ((date(2023, 3, 1), "1000.10"), (date(2023, 8, 1), "2000.20")):
        ledger.pay(
            budget=budget,
            year=2023,
            kind=EntryKind.VOUCHER_PAYMENT,
            amount=Decimal(amount),
            reason="zorgaanbieder",
            effective_date=day,
        )
    ledger.pay(
        budget=other,
        year=2023,
        kind=EntryKind.COMMITMENT,
        amount=Decimal("500.00"),
        reason="vastgelegd",
        effective_date=date(2023, 4, 1),
    )

    entitled = build_report(query(measure=Measure.ENTITLED))
    assert entitled.total.value == Decimal("135685.58")
    assert entitled.cell(GES, "LIM").value == Decimal("135685.58")
    spent_half = build_report(
        query(date_from=date(2023, 1, 1), date_to=date(2023, 6, 30), measure=Measure.SPENT)
    )
    assert spent_half.total.value == Decimal("1000.10")
    spent = build_report(query(measure=Measure.SPENT))
    assert spent.total.value == Decimal("3000.30")
    remaining = build_report(query(measure=Measure.REMAINING))
    assert remaining.total.value == Decimal("135685.58") - Decimal("3000.30") - Decimal("500.00")
    # As of 30 June, the August payment is not known yet.
    remaining_june = build_report(query(measure=Measure.REMAINING, as_of=date(2023, 6, 30)))
    assert remaining_june.total.value == Decimal("135685.58") - Decimal("1000.10") - Decimal("500")


def test_r38_suppression_in_a_report_hides_small_totals_too():
    for _number in range(2):
        convenant(person=PersonFactory(minor=True, province="ANT"))
    for _number in range(6):
        convenant(category="RESIDENTIAL_HIGH_FREQUENCY", person=PersonFactory(minor=True))
    for _number in range(7):
        convenant(
            category="RESIDENTIAL_HIGH_FREQUENCY",
            person=PersonFactory(minor=True, province="ANT"),
        )
    report = build_report(query(kind=BudgetKind.CONVENANT, suppress=True))
    assert report.cell(GES, "ANT").suppressed == PRIMARY
    assert report.cell(GES, "ANT").shown is None
    assert report.display(report.cell(GES, "ANT")) == "< 5"
    # The row "GES+" has one small cell and zeros: its total counts the same two children.
    assert report.row_totals[GES].value == 2 and report.row_totals[GES].suppressed == PRIMARY
    assert all(
        not report.cell(GES, column.key).suppressed
        for column in report.columns
        if column.key != "ANT"
    ), "a zero next to it would hide nothing"
    # Another total closes the cycle; the grand total (15 children) stays published.
    assert report.row_totals[HIGH].suppressed == SECONDARY
    assert report.total.value == 15 and not report.total.suppressed
    assert report.primary_suppressed == 2 and report.secondary_suppressed >= 1
    unsuppressed = build_report(query(kind=BudgetKind.CONVENANT))
    assert unsuppressed.cell(GES, "ANT").value == 2 and not unsuppressed.cell(GES, "ANT").suppressed


@pytest.mark.parametrize("measure", [m.value for m in Measure])
def test_r38_report_runs_a_constant_number_of_queries(measure, django_assert_max_num_queries):
    def run():
        build_report(query(measure=measure, date_to=date(2024, 12, 31)))

    convenant(person=PersonFactory(minor=True))
    run()  # parameter administrator values are read once and cached
    with CaptureQueriesContext(connection) as few:
        run()
    for index in range(40):
        province = Province.values[index % len(Province.values)]
        convenant(
            category=["RESIDENTIAL_GES_PLUS", "OTHER"][index % 2],
            specific_amount=Decimal("30000.50") if index % 2 else None,
            person=PersonFactory(minor=True, province=province),
        )
        BudgetFactory(kind=BudgetKind.PVB, scheme="new", category=str(index % 24 + 1))
    with django_assert_max_num_queries(4):
        run()
    # With suppression: the persons of every total (at most five more queries).
    with django_assert_max_num_queries(9):
        build_report(query(measure=measure, date_to=date(2024, 12, 31), suppress=True))
    with CaptureQueriesContext(connection) as many:
        run()
    assert len(many.captured_queries) == len(few.captured_queries)
