"""Property (R14, R15): whatever the parts asked, the granted total never passes the year's
share nor the budget line, each part is accepted as much as fits, and the outcome matches."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.rules.payments import r15_free_share as r15
from budgetlijn.rules.payments.free_share import ACCEPTED, PARTLY, REFUSED

D = Decimal
cents = st.integers(min_value=-100, max_value=300_000).map(lambda n: D(n) / 100)


@settings(max_examples=200, deadline=None)
@given(limit=cents, line=cents, parts=st.lists(cents, max_size=12))
def test_r15_free_share_parts_never_pass_the_share_or_the_line(limit, line, parts):
    granted = D("0")
    line_left = line
    for amount in parts:
        decision = r15.decide_pab(
            year=2023,
            amount=amount,
            asked_on=date(2023, 6, 1),
            limit=limit,
            granted=granted,
            line_left=line_left,
        )
        fits = max(D("0"), min(limit - granted, line_left))
        expected = max(D("0"), min(amount, fits)) if amount > 0 and limit > 0 else D("0")
        assert decision.accepted == expected
        assert decision.outcome == (
            ACCEPTED if expected == amount and amount > 0 else PARTLY if expected > 0 else REFUSED
        )
        assert (decision.violations == ()) is (decision.outcome == ACCEPTED)
        granted += decision.accepted
        line_left -= decision.accepted
    assert granted <= max(D("0"), limit)
    assert granted <= max(D("0"), line)
