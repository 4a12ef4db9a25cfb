"""Field checks of a cost statement, before any rule: every bad field named, nothing typed
wrong reaches the rules."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.costs.constants import ErrorCode
from budgetlijn.costs.inputs import MAX_LINES, clean_line, clean_statement, request_hash

KINDS = frozenset({"WAGE", "GIFT"})
REASONS = frozenset({"HOSPITAL_STAY"})


def line(**overrides):
    raw = {
        "contract_id": 7,
        "cost_kind": "WAGE",
        "booking_type": "COST",
        "period_from": "2024-01-01",
        "period_to": "2024-01-31",
        "assistant": "An Peeters",
        "quantity": "80",
        "amount": "1234,56",
        "description": "loon januari",
        "late_reason": "",
    }
    raw.update(overrides)
    return raw


def codes(errors):
    return [(e.line, e.field, e.code) for e in errors]


def test_a_good_line_is_typed():
    clean, errors = clean_line(1, line(), cost_kinds=KINDS, late_reasons=REASONS)
    assert errors == []
    assert clean.amount == Decimal("1234.56")
    assert clean.quantity == Decimal("80")
    assert clean.period_from == date(2024, 1, 1)
    assert clean.contract_id == 7


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("contract_id", "", ErrorCode.CONTRACT_MISSING),
        ("contract_id", "abc", ErrorCode.CONTRACT_MISSING),
        ("cost_kind", "HOLIDAY", ErrorCode.COST_KIND_UNKNOWN),
        ("booking_type", "REFUND", ErrorCode.BOOKING_TYPE_UNKNOWN),
        ("period_from", "31/02/2024", ErrorCode.DATE_INVALID),
        ("period_to", None, ErrorCode.DATE_INVALID),
        ("amount", "twaalf", ErrorCode.AMOUNT_INVALID),
        ("amount", "0", ErrorCode.AMOUNT_NOT_POSITIVE),
        ("amount", "-5", ErrorCode.AMOUNT_NOT_POSITIVE),
        ("amount", "10000000000", ErrorCode.AMOUNT_TOO_LARGE),
        ("amount", "1.005", ErrorCode.AMOUNT_TOO_PRECISE),
        ("quantity", "-1", ErrorCode.QUANTITY_INVALID),
        ("quantity", "1.234", ErrorCode.QUANTITY_INVALID),
        ("late_reason", "FORGOT", ErrorCode.LATE_REASON_UNKNOWN),
        ("assistant", "x" * 201, ErrorCode.TEXT_TOO_LONG),
    ],
)
def test_each_bad_field_is_named(field, value, code):
    clean, errors = clean_line(3, line(**{field: value}), cost_kinds=KINDS, late_reasons=REASONS)
    assert clean is None
    assert codes(errors) == [(3, field, code)]
    assert errors[0].text()  # a Dutch message, filled in


def test_a_float_amount_is_refused_not_rounded():
    _clean, errors = clean_line(1, line(amount=0.1), cost_kinds=KINDS, late_reasons=REASONS)
    assert codes(errors) == [(1, "amount", ErrorCode.AMOUNT_INVALID)]


def test_belgian_dates_are_read():
    clean, errors = clean_line(
        1,
        line(period_from="01/02/2024", period_to="29/02/2024"),
        cost_kinds=KINDS,
        late_reasons=REASONS,
    )
    assert errors == []
    assert (clean.period_from, clean.period_to) == (date(2024, 2, 1), date(2024, 2, 29))


def test_period_end_before_start():
    _clean, errors = clean_line(
        2,
        line(period_from="2024-02-01", period_to="2024-01-31"),
        cost_kinds=KINDS,
        late_reasons=REASONS,
    )
    assert codes(errors) == [(2, "period_to", ErrorCode.PERIOD_REVERSED)]


def test_every_error_of_every_line_comes_back():
    raw = {
        "budget_id": "x",
        "year": 1800,
        "lines": [line(amount="0"), line(), line(cost_kind="?", period_to="nope")],
    }
    clean, errors = clean_statement(raw, cost_kinds=KINDS, late_reasons=REASONS)
    assert clean is None
    assert codes(errors) == [
        (0, "budget_id", ErrorCode.BUDGET_UNKNOWN),
        (0, "year", ErrorCode.YEAR_INVALID),
        (1, "amount", ErrorCode.AMOUNT_NOT_POSITIVE),
        (3, "cost_kind", ErrorCode.COST_KIND_UNKNOWN),
        (3, "period_to", ErrorCode.DATE_INVALID),
    ]


def test_a_statement_needs_lines_and_at_most_the_limit():
    _c, errors = clean_statement(
        {"budget_id": 1, "year": 2024, "lines": []}, cost_kinds=KINDS, late_reasons=REASONS
    )
    assert codes(errors) == [(0, "lines", ErrorCode.NO_LINES)]
    _c, errors = clean_statement(
        {"budget_id": 1, "year": 2024, "lines": [line()] * (MAX_LINES + 1)},
        cost_kinds=KINDS,
        late_reasons=REASONS,
    )
    assert codes(errors) == [(0, "lines", ErrorCode.TOO_MANY_LINES)]


def test_unknown_fields_are_a_programming_error():
    with pytest.raises(TypeError):
        clean_line(1, line(colour="red"), cost_kinds=KINDS, late_reasons=REASONS)


def test_the_same_content_has_the_same_hash_and_other_content_another():
    raw = {"budget_id": 1, "year": 2024, "lines": [line()]}
    first, _ = clean_statement(raw, cost_kinds=KINDS, late_reasons=REASONS)
    again, _ = clean_statement(dict(raw), cost_kinds=KINDS, late_reasons=REASONS)
    other, _ = clean_statement(
        {**raw, "lines": [line(amount="1234,57")]}, cost_kinds=KINDS, late_reasons=REASONS
    )
    assert first.request_hash == again.request_hash
    assert first.request_hash != other.request_hash
    assert len(request_hash({"a": 1})) == 64
