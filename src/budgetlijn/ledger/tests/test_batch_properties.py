"""Property: any mix of single pay() calls and book_batch() calls never takes a budget line
below zero, books what a plain model of the line says, and leaves every running balance equal
to the sum of its entries."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.batch import BatchStatus, BookingRequest, book_batch
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.tests.factories import BudgetFactory, allocate
from budgetlijn.ledger.tests.helpers import rolled_back
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

YEAR = 2024
SPEND = [EntryKind.COMMITMENT, EntryKind.REIMBURSEMENT]
RAISE = [EntryKind.VIA_SUPPLEMENT, EntryKind.YEAR_END_PREMIUM]

amounts = st.integers(min_value=1, max_value=60_000).map(lambda c: Decimal(c).scaleb(-2))


@dataclass(frozen=True)
class Op:
    budget: int  # index into the budgets
    kind: str
    amount: Decimal
    group: int | None = None


ops = st.builds(
    Op,
    budget=st.integers(min_value=0, max_value=1),
    kind=st.sampled_from(SPEND + RAISE),
    amount=amounts,
    group=st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
)
steps = st.lists(
    st.one_of(
        ops.map(lambda op: ("pay", op)),
        st.lists(ops, min_size=1, max_size=8).map(lambda b: ("batch", b)),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(allocation=amounts, plan=steps)
def test_r26_single_and_batch_bookings_never_overspend_and_balances_equal_the_sums(
    allocation, plan
):
    with rolled_back():
        budgets = [BudgetFactory(), BudgetFactory()]
        for budget in budgets:
            allocate(budget, year=YEAR, amount=allocation)
        line = {0: allocation, 1: allocation}  # the model

        def change(op):
            return op.amount if op.kind in RAISE else -op.amount

        for what, step in plan:
            if what == "pay":
                op = step
                try:
                    call = services.pay if op.kind in SPEND else services.book
                    call(
                        budget=budgets[op.budget],
                        year=YEAR,
                        kind=op.kind,
                        amount=op.amount,
                        reason="eigenschap",
                    )
                except RuleViolations:
                    assert line[op.budget] + change(op) < 0
                else:
                    assert line[op.budget] + change(op) >= 0
                    line[op.budget] += change(op)
                continue
            results = book_batch(
                [
                    BookingRequest(
                        budget_id=budgets[op.budget].pk,
                        year=YEAR,
                        kind=op.kind,
                        amount=op.amount,
                        reason="eigenschap",
                        group=op.group,
                    )
                    for op in step
                ]
            )
            # the model: groups decided at their first request, all or nothing
            expected = {}
            done = set()
            for i, op in enumerate(step):
                if op.group is not None and op.group in done:
                    continue
                unit = [
                    (j, other)
                    for j, other in enumerate(step)
                    if (op.group is None and j == i)
                    or (op.group is not None and other.group == op.group)
                ]
                done.add(op.group)
                trial = dict(line)
                ok = True
                for j, other in unit:
                    if trial[other.budget] + change(other) < 0:
                        ok = False
                        expected[j] = BatchStatus.EXCEEDS_BUDGET_LINE
                        break
                    trial[other.budget] += change(other)
                if ok:
                    line = trial
                    expected.update({j: BatchStatus.CREATED for j, _ in unit})
                else:
                    for j, _ in unit:
                        expected.setdefault(j, BatchStatus.LINKED_FAILED)
            assert [r.status for r in results] == [expected[i] for i in range(len(step))]
        for index, budget in enumerate(budgets):
            assert selectors.budget_line(budget, YEAR) == line[index] >= 0
        assert check_ledger() == []
