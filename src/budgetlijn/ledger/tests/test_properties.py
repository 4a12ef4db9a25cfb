"""Property tests: for any sequence of bookings and reversals the ledger agrees with a plain
Python model of it, balances are sums of the amounts, and a reversal undoes an entry exactly."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.constants import KIND_RULES, Bucket, EntryKind, ErrorCode, SignRule
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import BudgetFactory
from budgetlijn.ledger.tests.helpers import rolled_back
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YEARS = (2024, 2025)
BOOKABLE_KINDS = [kind for kind in EntryKind.values if kind != EntryKind.REVERSAL]
# A REIMBURSEMENT_RECLAIMED entry booked straight on the ledger belongs to no deduction use: the
# payments check of R31 reports it, by design (only a payment run books that kind). These
# sequences check the ledger's own guarantees.
NOT_THE_LEDGERS = frozenset({"payment_sample_refused_booking_mismatch"})


def ledger_violations():
    return [v for v in check_ledger() if v.code not in NOT_THE_LEDGERS]


ZERO = Decimal("0.00")

cents = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c).scaleb(-2))


@dataclass(frozen=True)
class Book:
    kind: str
    year: int
    amount: Decimal  # as passed to book(): positive except a negative ADJUSTMENT


@dataclass(frozen=True)
class Reverse:
    index: int  # into the entries booked so far, modulo their number


@st.composite
def bookings(draw):
    kind = draw(st.sampled_from(BOOKABLE_KINDS))
    amount = draw(cents)
    if kind == EntryKind.ADJUSTMENT and draw(st.booleans()):
        amount = -amount
    return Book(kind, draw(st.sampled_from(YEARS)), amount)


operations = st.lists(
    st.one_of(bookings(), st.integers(min_value=0, max_value=1000).map(Reverse)),
    max_size=12,
)


@dataclass
class Row:
    pk: int
    kind: str
    year: int
    bucket: str
    amount: Decimal
    reversed: bool = False


class Model:
    """The ledger in plain Python: what the services should accept and what they store."""

    def __init__(self):
        self.rows: list[Row] = []

    def total(self, bucket, year=None) -> Decimal:
        return sum(
            (
                r.amount
                for r in self.rows
                if r.bucket == bucket and (year is None or r.year == year)
            ),
            ZERO,
        )

    def line(self, year) -> Decimal:
        return (
            self.total(Bucket.ENTITLEMENT, year)
            + self.total(Bucket.PREMIUM, year)
            + self.total(Bucket.VIA, year)
            - self.total(Bucket.PAID, year)
            - self.total(Bucket.COMMITTED, year)
        )

    def refusal(self, kind, year, bucket, stored) -> str | None:
        if kind in (
            EntryKind.ADJUSTMENT,
            EntryKind.VIA_SUPPLEMENT,
            EntryKind.YEAR_END_PREMIUM,
            EntryKind.FREE_SHARE_PAYOUT,
            EntryKind.FREE_SHARE_CORRECTION,
            EntryKind.REIMBURSEMENT,
            EntryKind.REIMBURSEMENT_RECLAIMED,
            EntryKind.VOUCHER_PAYMENT,
            EntryKind.COMMITMENT,
        ) and not any(r.kind == EntryKind.ALLOCATION and r.year == year for r in self.rows):
            return ErrorCode.NO_ALLOCATION
        if bucket == Bucket.ADVANCE:
            if self.total(Bucket.ADVANCE) + stored < 0:
                return ErrorCode.ADVANCE_REPAID_EXCEEDS_OUTSTANDING
            return None
        raises = bucket in (Bucket.ENTITLEMENT, Bucket.PREMIUM, Bucket.VIA)
        change = stored if raises else -stored
        if change < 0 and self.line(year) + change < 0:
            if raises:
                return ErrorCode.BUDGET_LINE_NEGATIVE
            return ErrorCode.BUDGET_LINE_EXCEEDED
        return None

    def stored(self, kind, amount) -> Decimal:
        return -amount if KIND_RULES[kind][1] is SignRule.STORED_NEGATIVE else amount

    def reversal_refusal(self, row) -> str | None:
        if row.kind == EntryKind.REVERSAL:
            return ErrorCode.REVERSAL_OF_REVERSAL
        if row.reversed:
            return ErrorCode.ALREADY_REVERSED
        return self.refusal(EntryKind.REVERSAL, row.year, row.bucket, -row.amount)


def figures(budget, year):
    """The balances in the order of Bucket.values."""
    b = selectors.balances(budget, year)
    by_bucket = {
        Bucket.ENTITLEMENT: b.entitlement,
        Bucket.PREMIUM: b.premium,
        Bucket.VIA: b.via,
        Bucket.PAID: b.paid,
        Bucket.COMMITTED: b.committed,
        Bucket.ADVANCE: b.advance_outstanding,
    }
    return tuple(by_bucket[bucket] for bucket in Bucket.values)


def apply(budget, model: Model, operation) -> None:
    """Apply one operation to the ledger and the model; assert they agree on refusals."""
    if isinstance(operation, Book):
        bucket = KIND_RULES[operation.kind][0]
        stored = model.stored(operation.kind, operation.amount)
        expected = model.refusal(operation.kind, operation.year, bucket, stored)
        try:
            entry = services.book(
                budget=budget,
                year=operation.year,
                kind=operation.kind,
                amount=operation.amount,
                reason="eigenschapstest",
            )
        except RuleViolations as exc:
            assert [v.code for v in exc.violations] == [expected]
            return
        assert expected is None
        assert (entry.bucket, entry.amount) == (bucket, stored)
        model.rows.append(Row(entry.pk, operation.kind, operation.year, bucket, stored))
        return
    if not model.rows:
        return
    row = model.rows[operation.index % len(model.rows)]
    expected = model.reversal_refusal(row)
    try:
        reversal = services.reverse(Entry.objects.get(pk=row.pk), reason="eigenschapstest")
    except RuleViolations as exc:
        assert [v.code for v in exc.violations] == [expected]
        return
    assert expected is None
    assert reversal.amount == -row.amount
    row.reversed = True
    model.rows.append(Row(reversal.pk, EntryKind.REVERSAL, row.year, row.bucket, -row.amount))


def build(allocation, ops) -> tuple[object, Model]:
    budget = BudgetFactory()
    model = Model()
    apply(budget, model, Book(EntryKind.ALLOCATION, 2024, allocation))
    for operation in ops:
        apply(budget, model, operation)
    return budget, model


@PROPERTY_SETTINGS
@given(allocation=cents, ops=operations)
def test_r26_any_sequence_balances_are_sums_of_the_entries(allocation, ops):
    with rolled_back():
        budget, model = build(allocation, ops)
        amounts = [row.amount for row in model.rows]
        assert selectors.balance(budget) == sum(amounts, ZERO)
        stored = list(Entry.objects.filter(budget=budget).values_list("amount", flat=True))
        assert sum(stored, ZERO) == sum(amounts, ZERO)
        for year in YEARS:
            assert selectors.balance(budget, year) == sum(
                (r.amount for r in model.rows if r.year == year), ZERO
            )
            b = selectors.balances(budget, year)
            assert b.entitlement == model.total(Bucket.ENTITLEMENT, year)
            assert b.paid == model.total(Bucket.PAID, year)
            assert b.committed == model.total(Bucket.COMMITTED, year)
            assert b.premium == model.total(Bucket.PREMIUM, year)
            assert b.via == model.total(Bucket.VIA, year)
            assert b.budget_line == b.entitlement + b.premium + b.via - b.paid - b.committed
            assert selectors.budget_line(budget, year) == model.line(year)
            assert selectors.budget_lines([budget.pk], year) == {budget.pk: model.line(year)}
            assert b.budget_line >= 0
        assert selectors.advance_outstanding(budget) == model.total(Bucket.ADVANCE) >= 0
        assert ledger_violations() == []


@PROPERTY_SETTINGS
@given(allocation=cents, ops=operations, pick=st.integers(min_value=0, max_value=1000))
def test_reversing_any_entry_changes_the_balance_back_exactly(allocation, ops, pick):
    with rolled_back():
        budget, model = build(allocation, ops)
        candidates = [r for r in model.rows if model.reversal_refusal(r) is None]
        if not candidates:
            return
        row = candidates[pick % len(candidates)]
        before_balance = selectors.balance(budget, row.year)
        before = dict(zip(Bucket.values, figures(budget, row.year), strict=True))
        services.reverse(Entry.objects.get(pk=row.pk), reason="eigenschapstest")
        assert selectors.balance(budget, row.year) == before_balance - row.amount
        after = dict(zip(Bucket.values, figures(budget, row.year), strict=True))
        for bucket in Bucket.values:
            expected = before[bucket] - row.amount if bucket == row.bucket else before[bucket]
            assert after[bucket] == expected
        assert ledger_violations() == []


@PROPERTY_SETTINGS
@given(allocation=cents, ops=operations, extra=bookings())
def test_booking_then_reversing_restores_every_balance(allocation, ops, extra):
    with rolled_back():
        budget, model = build(allocation, ops)
        before = {year: figures(budget, year) for year in YEARS}
        before_total = selectors.balance(budget)
        try:
            entry = services.book(
                budget=budget,
                year=extra.year,
                kind=extra.kind,
                amount=extra.amount,
                reason="eigenschapstest",
            )
        except RuleViolations:
            return
        services.reverse(entry, reason="eigenschapstest")
        assert {year: figures(budget, year) for year in YEARS} == before
        assert selectors.balance(budget) == before_total
