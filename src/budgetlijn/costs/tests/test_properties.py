"""Property: whatever statements are filed (VIA4-eligible wages and other kinds, credit notes,
late lines reviewed either way, the same statement sent again), the costs app never accepts
more than the budget line plus the VIA4 room, never commits a line twice, and the ledger and
the lines agree (R25-R28; check_ledger, costs/invariants.py, says so too).

The PAB of the conftest: 20 000 for 2023, an approved employment contract."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from budgetlijn.costs import services
from budgetlijn.costs.constants import BookingType, Outcome, WaitReason
from budgetlijn.costs.models import CostLine
from budgetlijn.costs.tests.conftest import YEARLY, cost, statement
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.helpers import rolled_back
from budgetlijn.rules.money import ZERO

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YEAR = 2023
ON_TIME = date(2023, 6, 15)
LATE = date(2024, 6, 3)  # after the deadline of 1 April 2024, within two years: review (R25)
VIA_ROOM = Decimal("1400.00")  # 7 % of the PAB's 20 000 (R27)
VIA4_KINDS = ["WAGE", "MEAL_VOUCHERS", "SOCIAL_SECRETARIAT_INVOICE"]
OTHER_KINDS = ["PREVENTION", "WORK_ACCIDENT_INSURANCE", "TRAINING", "GIFT"]


@dataclass(frozen=True)
class Line:
    kind: str
    cents: int
    credit_note: bool
    month: int


@dataclass(frozen=True)
class File:
    lines: tuple[Line, ...]
    late: bool


@dataclass(frozen=True)
class Review:
    pick: int
    accept: bool


@dataclass(frozen=True)
class Resend:
    pick: int


line_strategy = st.builds(
    Line,
    kind=st.sampled_from(VIA4_KINDS + OTHER_KINDS),
    cents=st.one_of(st.integers(1, 5_000), st.integers(200_000, 1_200_000)),
    credit_note=st.sampled_from([False, False, False, True]),
    month=st.integers(1, 12),
)
operations = st.lists(
    st.one_of(
        st.builds(
            File,
            lines=st.lists(line_strategy, min_size=1, max_size=5).map(tuple),
            late=st.sampled_from([False, False, True]),
        ),
        st.builds(Review, pick=st.integers(0, 50), accept=st.booleans()),
        st.builds(Resend, pick=st.integers(0, 50)),
    ),
    min_size=1,
    max_size=8,
)


def raw_statement(budget, contract, op: File, reason: str):
    return statement(
        budget,
        *[
            cost(
                contract,
                Decimal(line.cents).scaleb(-2),
                kind=line.kind,
                month=line.month,
                booking_type=BookingType.CREDIT_NOTE if line.credit_note else BookingType.COST,
                late_reason=reason if op.late else "",
            )
            for line in op.lines
        ],
    )


def run(pab, ops):
    budget, contract = pab["budget"], pab["contract"]
    reason = sorted(services.late_reason_codes())[0]
    sent: list[tuple[dict, date, int]] = []  # (request, filed on, statement id)
    for op in ops:
        if isinstance(op, File):
            raw = raw_statement(budget, contract, op, reason)
            filed_on = LATE if op.late else ON_TIME
            result = services.file_statement(raw, filed_on=filed_on)
            assert result.status in (services.Status.FILED, services.Status.EXISTS), result.errors
            sent.append((raw, filed_on, result.statement.pk))
        elif isinstance(op, Review):
            waiting = list(
                CostLine.objects.filter(
                    budget=budget, outcome=Outcome.WAITING, wait_reason=WaitReason.LATE_REVIEW
                ).order_by("pk")
            )
            if waiting:
                line = waiting[op.pick % len(waiting)]
                services.review_line(line, accept=op.accept, reason="Beoordeeld in de test")
        elif sent:
            raw, filed_on, pk = sent[op.pick % len(sent)]
            again = services.file_statement(raw, filed_on=filed_on)
            assert again.status == services.Status.EXISTS
            assert again.statement.pk == pk
    return budget


@PROPERTY_SETTINGS
@given(ops=operations)
def test_r26_r27_no_sequence_accepts_more_than_the_line_plus_via_room_or_a_line_twice(pab, ops):
    with rolled_back():
        budget = run(pab, ops)
        figures = ledger.balances(budget, YEAR)
        lines = list(CostLine.objects.filter(budget=budget))
        accepted = sum((line.accepted_amount for line in lines), ZERO)
        for line in lines:
            event(f"{line.booking_type} {line.outcome} {line.review_decision or '-'}")
        event(f"VIA4 room used up: {figures.via == VIA_ROOM}")
        # R26-R28: never more than the yearly amount, the year-end premium and the VIA4 room
        assert figures.committed <= YEARLY + figures.premium + VIA_ROOM
        assert (
            figures.committed + figures.paid <= figures.entitlement + figures.premium + figures.via
        )
        assert figures.entitlement == YEARLY
        # R27: VIA4 used within its room, and only by VIA4-eligible lines
        assert figures.via <= VIA_ROOM
        assert figures.via == sum((line.via_used for line in lines), ZERO)
        assert all(line.via4_eligible for line in lines if line.via_used > 0)
        # the ledger's committed money is the lines' accepted money, one commitment a line
        assert figures.committed == accepted
        commitments = Entry.objects.filter(budget=budget, year=YEAR, kind=EntryKind.COMMITMENT)
        with_money = [line for line in lines if line.accepted_amount > 0]
        assert commitments.count() == len(with_money)
        assert len({line.commitment_id for line in with_money}) == len(with_money)
        assert all(line.commitment.amount == line.accepted_amount for line in with_money)
        assert not any(line.commitment_id for line in lines if line.outcome == Outcome.WAITING)
        # R26: credit netted never exceeds the credit notes accepted; the parts add up
        credits = sum(
            (
                line.allowed_amount
                for line in lines
                if line.booking_type == BookingType.CREDIT_NOTE and line.outcome == Outcome.ACCEPTED
            ),
            ZERO,
        )
        assert sum((line.credit_used for line in lines), ZERO) <= credits
        for line in lines:
            if line.booking_type == BookingType.COST and line.outcome != Outcome.WAITING:
                assert line.accepted_amount + line.credit_used + line.own_amount == line.amount
        assert check_ledger() == []
