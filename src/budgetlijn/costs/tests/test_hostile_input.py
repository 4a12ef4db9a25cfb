"""Hostile input through ``file_statement`` and ``review_line``: every case ends in a Dutch
error naming the field (or a clean decision), nothing is half-saved, no exception escapes."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.costs import services
from budgetlijn.costs.constants import ErrorCode, Outcome
from budgetlijn.costs.inputs import MAX_LINES
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.costs.tests.conftest import cost, make_pab, statement
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db
FILED = date(2023, 6, 15)

# (field of the line, value sent, error code expected on that field)
BAD_LINE_FIELDS = [
    ("amount", "1" + "0" * 40, ErrorCode.AMOUNT_TOO_LARGE),
    ("amount", 10**400, ErrorCode.AMOUNT_TOO_LARGE),
    ("amount", "10000000000.00", ErrorCode.AMOUNT_TOO_LARGE),
    ("amount", "NaN", ErrorCode.AMOUNT_INVALID),
    ("amount", "sNaN", ErrorCode.AMOUNT_INVALID),
    ("amount", "Infinity", ErrorCode.AMOUNT_INVALID),
    ("amount", "-Infinity", ErrorCode.AMOUNT_INVALID),
    ("amount", Decimal("NaN"), ErrorCode.AMOUNT_INVALID),
    ("amount", Decimal("Infinity"), ErrorCode.AMOUNT_INVALID),
    ("amount", "1e3", ErrorCode.AMOUNT_INVALID),
    ("amount", "1E-2", ErrorCode.AMOUNT_INVALID),
    ("amount", "1e999999999", ErrorCode.AMOUNT_INVALID),
    ("amount", "١٢٣", ErrorCode.AMOUNT_INVALID),  # Arabic-Indic digits
    ("amount", "１２３", ErrorCode.AMOUNT_INVALID),  # full-width digits
    ("amount", "²", ErrorCode.AMOUNT_INVALID),
    ("amount", "1.000,50", ErrorCode.AMOUNT_INVALID),
    ("amount", "-0", ErrorCode.AMOUNT_NOT_POSITIVE),
    ("amount", "-0.00", ErrorCode.AMOUNT_NOT_POSITIVE),
    ("amount", Decimal("-0"), ErrorCode.AMOUNT_NOT_POSITIVE),
    ("amount", "0.001", ErrorCode.AMOUNT_TOO_PRECISE),
    ("amount", [[1]], ErrorCode.AMOUNT_INVALID),
    ("amount", {"value": 1}, ErrorCode.AMOUNT_INVALID),
    ("amount", 12.5, ErrorCode.AMOUNT_INVALID),  # a float is never money
    ("amount", True, ErrorCode.AMOUNT_INVALID),
    ("amount", None, ErrorCode.AMOUNT_INVALID),
    ("quantity", "0.001", ErrorCode.QUANTITY_INVALID),
    ("quantity", "NaN", ErrorCode.QUANTITY_INVALID),
    ("quantity", "1e3", ErrorCode.QUANTITY_INVALID),
    ("quantity", "-0", ErrorCode.QUANTITY_INVALID),
    ("quantity", [1], ErrorCode.QUANTITY_INVALID),
    ("contract_id", None, ErrorCode.CONTRACT_MISSING),
    ("contract_id", [1], ErrorCode.CONTRACT_MISSING),
    ("contract_id", "²", ErrorCode.CONTRACT_MISSING),  # "²".isdigit(), but int("²") raises
    ("contract_id", "١", ErrorCode.CONTRACT_MISSING),
    ("contract_id", 10**30, ErrorCode.CONTRACT_MISSING),
    ("contract_id", "9" * 30, ErrorCode.CONTRACT_MISSING),
    ("contract_id", 1.0, ErrorCode.CONTRACT_MISSING),
    ("contract_id", -1, ErrorCode.CONTRACT_OTHER_BUDGET),
    ("cost_kind", None, ErrorCode.COST_KIND_UNKNOWN),
    ("cost_kind", ["WAGE"], ErrorCode.COST_KIND_UNKNOWN),
    ("booking_type", ["COST"], ErrorCode.BOOKING_TYPE_UNKNOWN),
    ("period_from", None, ErrorCode.DATE_INVALID),
    ("period_from", [2023], ErrorCode.DATE_INVALID),
    ("period_from", "0000-01-01", ErrorCode.DATE_INVALID),
    ("period_from", "99999-01-01", ErrorCode.DATE_INVALID),
    ("period_from", "01/01/23", ErrorCode.DATE_INVALID),
    ("period_from", "1/1/2023/1", ErrorCode.DATE_INVALID),
    ("period_from", 20230101, ErrorCode.DATE_INVALID),
    ("period_to", "2022-12-31", ErrorCode.PERIOD_REVERSED),
    ("assistant", ["Jana"], ErrorCode.TEXT_INVALID),
    ("assistant", "Jana\x00", ErrorCode.TEXT_INVALID),  # PostgreSQL cannot store a NUL
    ("description", "a\x00b", ErrorCode.TEXT_INVALID),
    ("description", {"x": 1}, ErrorCode.TEXT_INVALID),
    ("description", "x" * 2001, ErrorCode.TEXT_TOO_LONG),
    ("late_reason", ["x"], ErrorCode.LATE_REASON_UNKNOWN),
]

BAD_STATEMENT_FIELDS = [
    ("year", 0, ErrorCode.YEAR_INVALID),
    ("year", 99999, ErrorCode.YEAR_INVALID),
    ("year", "٢٠٢٣", ErrorCode.YEAR_INVALID),
    ("year", 2023.0, ErrorCode.YEAR_INVALID),
    ("year", "1e3", ErrorCode.YEAR_INVALID),
    ("year", None, ErrorCode.YEAR_INVALID),
    ("year", [2023], ErrorCode.YEAR_INVALID),
    ("budget_id", None, ErrorCode.BUDGET_UNKNOWN),
    ("budget_id", 99_999_999, ErrorCode.BUDGET_UNKNOWN),
    ("budget_id", 10**30, ErrorCode.BUDGET_UNKNOWN),  # was an OverflowError on SQLite
    ("budget_id", "²", ErrorCode.BUDGET_UNKNOWN),
    ("budget_id", [1], ErrorCode.BUDGET_UNKNOWN),
    ("lines", None, ErrorCode.NO_LINES),
    ("lines", [], ErrorCode.NO_LINES),
    ("lines", {"a": 1}, ErrorCode.NO_LINES),
    ("lines", "abc", ErrorCode.NO_LINES),
    ("lines", b"abc", ErrorCode.NO_LINES),
    ("idempotency_key", ["k"], ErrorCode.IDEMPOTENCY_KEY_INVALID),
    ("idempotency_key", "   ", ErrorCode.IDEMPOTENCY_KEY_INVALID),
    ("idempotency_key", "k\x00", ErrorCode.IDEMPOTENCY_KEY_INVALID),
    ("idempotency_key", "k" * 101, ErrorCode.IDEMPOTENCY_KEY_INVALID),
]


def assert_nothing_saved():
    assert not CostStatement.objects.exists()
    assert not CostLine.objects.exists()
    assert not Entry.objects.filter(kind="COMMITMENT").exists()


def assert_dutch(error):
    text = error.text()
    assert text and text[0].isupper() and text.endswith(".")
    assert " the " not in text and " must " not in text  # not English


@pytest.mark.parametrize(("name", "value", "code"), BAD_LINE_FIELDS)
def test_a_hostile_line_field_is_refused_naming_the_field(pab, name, value, code):
    raw = statement(
        pab["budget"],
        cost(pab["contract"], "10.00"),
        {**cost(pab["contract"], "10.00", month=2), name: value},
    )
    result = services.file_statement(raw, filed_on=FILED)
    assert result.status == services.Status.INVALID
    assert [(e.line, e.field, e.code) for e in result.errors] == [(2, name, code)]
    assert_dutch(result.errors[0])
    assert_nothing_saved()


@pytest.mark.parametrize(("name", "value", "code"), BAD_STATEMENT_FIELDS)
def test_a_hostile_statement_field_is_refused_naming_the_field(pab, name, value, code):
    raw = {**statement(pab["budget"], cost(pab["contract"], "10.00")), name: value}
    result = services.file_statement(raw, filed_on=FILED)
    assert result.status == services.Status.INVALID
    assert [(e.line, e.field, e.code) for e in result.errors] == [(0, name, code)]
    assert_dutch(result.errors[0])
    assert_nothing_saved()


@pytest.mark.parametrize("raw", [None, [], "kostenstaat", 5, ["budget_id"]])
def test_a_statement_that_is_no_mapping_is_refused(pab, raw):
    [result] = services.file_statements([raw], filed_on=FILED)
    assert [(e.line, e.code) for e in result.errors] == [(0, ErrorCode.STATEMENT_INVALID)]
    assert_dutch(result.errors[0])
    assert_nothing_saved()


@pytest.mark.parametrize("line", [None, [], [1, 2], "lijn", 7])
def test_a_line_that_is_no_mapping_is_refused_with_its_number(pab, line):
    raw = statement(pab["budget"], cost(pab["contract"], "10.00"), line)
    result = services.file_statement(raw, filed_on=FILED)
    assert [(e.line, e.code) for e in result.errors] == [(2, ErrorCode.LINE_INVALID)]
    assert_nothing_saved()


def test_none_everywhere_reports_every_field_and_saves_nothing(pab):
    line = dict.fromkeys(cost(pab["contract"], "10.00"))
    raw = {"budget_id": None, "year": None, "idempotency_key": None, "lines": [line]}
    result = services.file_statement(raw, filed_on=FILED)
    assert {(e.line, e.field) for e in result.errors} == {
        (0, "budget_id"),
        (0, "year"),
        (1, "contract_id"),
        (1, "cost_kind"),
        (1, "period_from"),
        (1, "period_to"),
        (1, "amount"),
    }
    assert_nothing_saved()


def test_a_contract_of_another_budget_is_refused_and_nothing_is_saved(pab):
    other = make_pab()
    raw = statement(pab["budget"], cost(pab["contract"], "10.00"), cost(other["contract"], "5.00"))
    result = services.file_statement(raw, filed_on=FILED)
    assert [(e.line, e.field, e.code) for e in result.errors] == [
        (2, "contract_id", ErrorCode.CONTRACT_OTHER_BUDGET)
    ]
    assert_nothing_saved()


def test_too_many_lines_are_refused_before_any_is_read(pab):
    lines = [cost(pab["contract"], "1.00")] * (MAX_LINES + 1)
    result = services.file_statement(statement(pab["budget"], *lines), filed_on=FILED)
    assert [(e.line, e.field, e.code) for e in result.errors] == [
        (0, "lines", ErrorCode.TOO_MANY_LINES)
    ]
    assert "5000" in result.errors[0].text() or "5 000" in result.errors[0].text()
    assert_nothing_saved()


def test_a_huge_allowed_amount_is_a_clean_decision(pab):
    """9 999 999 999,99 passes the field check; the budget line takes 20 000 + VIA4."""
    result = services.file_statement(
        statement(pab["budget"], cost(pab["contract"], "9999999999.99")), filed_on=FILED
    )
    line = result.statement.lines.get()
    assert line.outcome == Outcome.PARTLY_ACCEPTED
    assert line.accepted_amount == Decimal("21400.00")
    assert line.accepted_amount + line.own_amount == line.amount
    assert check_ledger() == []


def test_the_same_amount_written_differently_is_the_same_statement(pab):
    """700, 700.0 and 700,00 are one amount: the same statement without a key books once."""
    budget, contract = pab["budget"], pab["contract"]
    first = services.file_statement(statement(budget, cost(contract, "700")), filed_on=FILED)
    assert first.lines[0].amount == Decimal("700.00")
    for written in ("700.0", "700,00", 700, Decimal("7E+2")):
        line = {**cost(contract, "1"), "amount": written}
        again = services.file_statement(statement(budget, line), filed_on=FILED)
        assert again.status == services.Status.EXISTS, (written, again.errors)
        assert again.statement.pk == first.statement.pk
    assert ledger.balances(budget, 2023).committed == Decimal("700.00")


def test_year_outside_the_ledger_years_and_a_year_without_allocation(pab):
    """1999 is no budget year; 2030 has no allocation on this budget: both refused on the
    field year, nothing filed."""
    budget, contract = pab["budget"], pab["contract"]
    result = services.file_statement(statement(budget, cost(contract, "10.00"), year=1999))
    assert [e.code for e in result.errors] == [ErrorCode.YEAR_INVALID]
    result = services.file_statement(
        statement(budget, cost(contract, "10.00"), year=2030), filed_on=FILED
    )
    assert [(e.field, e.code) for e in result.errors] == [("year", ErrorCode.YEAR_NOT_OPENED)]
    assert "2030" in result.errors[0].text()
    assert_nothing_saved()


def test_r28_a_premium_for_a_year_not_opened_is_refused_without_breaking_the_batch(pab):
    """A year-end premium cost of 2024 (the contract runs on, the year is not opened yet)
    used to reach the ledger, which refused its premium entitlement (no allocation): the
    whole chunk failed with BookingFailed. Now that statement is refused on its year and the
    others of the batch are filed."""
    budget = pab["budget"]
    longer = contracts.register_contract(
        budget=budget,
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 6, 1),
            end_date=date(2024, 12, 31),
        ),
        on=date(2023, 6, 1),
    )
    contracts.approve_contract(longer, on=date(2023, 6, 2))
    premium_2024 = {
        **cost(longer, "500.00", kind="YEAR_END_PREMIUM"),
        "period_from": date(2024, 1, 1),
        "period_to": date(2024, 1, 31),
    }
    good, refused, again = services.file_statements(
        [
            statement(budget, cost(pab["contract"], "100.00")),
            statement(budget, premium_2024, year=2024),
            statement(budget, premium_2024, year=2024),
        ],
        filed_on=date(2024, 2, 1),
    )
    assert good.status == services.Status.FILED
    for result in (refused, again):
        assert result.status == services.Status.INVALID
        assert [e.code for e in result.errors] == [ErrorCode.YEAR_NOT_OPENED]
    assert CostStatement.objects.count() == 1
    assert check_ledger() == []


def test_r25_a_review_of_a_line_that_does_not_wait_is_refused(pab):
    result = services.file_statement(
        statement(pab["budget"], cost(pab["contract"], "10.00")), filed_on=FILED
    )
    line = result.statement.lines.get()
    with pytest.raises(RuleViolations) as refused:
        services.review_line(line, accept=True, reason="Toch aanvaarden")
    assert [v.code for v in refused.value.violations] == [ErrorCode.NOT_WAITING_FOR_REVIEW]
    assert ledger.balances(pab["budget"], 2023).committed == Decimal("10.00")


@pytest.mark.parametrize("reason", [None, "", "   ", ["reden"], "reden\x00"])
def test_r25_a_review_without_a_readable_reason_is_refused_and_changes_nothing(pab, reason):
    late = sorted(services.late_reason_codes())[0]
    result = services.file_statement(
        statement(pab["budget"], cost(pab["contract"], "450.00", month=5, late_reason=late)),
        filed_on=date(2024, 6, 3),
    )
    line = result.statement.lines.get()
    with pytest.raises(RuleViolations) as refused:
        services.review_line(line, accept=True, reason=reason)
    assert [v.field for v in refused.value.violations] == ["review_reason"]
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING
    assert line.review_decision == ""
