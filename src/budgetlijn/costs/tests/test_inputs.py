"""Field checks of a cost statement, before any rule: every bad field named, nothing typed
wrong reaches the rules."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.costs.constants import ErrorCode
from budgetlijn.costs.inputs import (
    MAX_AMOUNT,
    MAX_LINES,
    MAX_QUANTITY,
    _clean_line_fully,
    _typed_line,
    clean_line,
    clean_statement,
    request_hash,
)

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


# --- the short way for typed lines (a file's rows) gives what the field-by-field way gives ---

_TYPED_VALUES = {
    "contract_id": st.one_of(
        st.integers(min_value=-(2**64), max_value=2**64), st.booleans(), st.none(), st.just("7")
    ),
    "cost_kind": st.sampled_from(["WAGE", "GIFT", " WAGE ", "", "THERAPY", "WA\x00GE", None, 3]),
    "booking_type": st.sampled_from(["COST", "CREDIT_NOTE", "", " COST", "kost", None, 1]),
    "period_from": st.one_of(st.dates(), st.just("2024-01-01"), st.none()),
    "period_to": st.one_of(st.dates(), st.just("31/01/2024"), st.none()),
    "assistant": st.one_of(st.text(max_size=210), st.none(), st.integers()),
    "quantity": st.one_of(
        st.none(),
        st.just(""),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.decimals(min_value=Decimal("-1"), max_value=Decimal("10000000"), places=3),
        st.just("7,5"),
        st.sampled_from(
            [MAX_QUANTITY, MAX_QUANTITY + Decimal("0.01"), Decimal("0.01"), Decimal(0)]
        ),
    ),
    "amount": st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True),
        st.decimals(min_value=Decimal("-1"), max_value=Decimal("99999999999"), places=3),
        st.just("12,50"),
        st.none(),
        st.integers(),
        st.sampled_from([MAX_AMOUNT, MAX_AMOUNT - Decimal("0.01"), Decimal("0.01"), Decimal(0)]),
    ),
    "description": st.one_of(st.text(max_size=2010), st.none()),
    "late_reason": st.sampled_from(["", "HOSPITAL_STAY", " HOSPITAL_STAY", "OTHER", None, "\x00"]),
}


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries(_TYPED_VALUES))
def test_typed_lines_take_the_short_way_to_the_same_result(raw):
    fast = clean_line(3, raw, cost_kinds=KINDS, late_reasons=REASONS)
    full = _clean_line_fully(3, raw, cost_kinds=KINDS, late_reasons=REASONS)
    assert fast == full
    if fast[0] is not None:  # the same values, of the same types
        assert [type(v) for v in fast[0]] == [type(v) for v in full[0]]


GOOD_TYPED = {
    "contract_id": 7,
    "cost_kind": "WAGE",
    "booking_type": "COST",
    "period_from": date(2024, 1, 1),
    "period_to": date(2024, 1, 31),
    "assistant": "An Peeters",
    "quantity": Decimal("80.00"),
    "amount": Decimal("1234.56"),
    "description": "loon januari",
    "late_reason": "",
}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(_TYPED_VALUES)), st.data())
def test_a_good_typed_line_with_one_field_changed_gives_the_same_result(name, data):
    raw = {**GOOD_TYPED, name: data.draw(_TYPED_VALUES[name])}
    fast = clean_line(2, raw, cost_kinds=KINDS, late_reasons=REASONS)
    assert fast == _clean_line_fully(2, raw, cost_kinds=KINDS, late_reasons=REASONS)


def test_a_good_typed_line_takes_the_short_way():
    raw = dict(GOOD_TYPED)
    typed = _typed_line(1, raw, KINDS, REASONS)
    assert typed is not None
    assert (typed, []) == _clean_line_fully(1, raw, cost_kinds=KINDS, late_reasons=REASONS)
