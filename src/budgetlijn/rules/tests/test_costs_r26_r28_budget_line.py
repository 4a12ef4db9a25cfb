"""R26-R28: fitting costs into the budget line, VIA4 room, credit note netting."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.rules.costs import LineState, fit_line, via_room

D = Decimal


def pab_20000():
    return LineState(yearly_amount=D("20000.00"), via_room=via_room(D("20000.00"), D("0.07")))


def test_r27_via_room_is_7_percent_of_the_yearly_amount():
    assert via_room(D("20000.00"), D("0.07")) == D("1400.00")
    assert via_room(D("12163.29"), D("0.07")) == D("851.43")  # 851,4303
    assert via_room(D("20000.00"), None) == 0


def test_r26_r27_pab_20000_with_22000_via4_costs_21400_accepted_600_own():
    fit = fit_line(pab_20000(), D("22000.00"), via4_eligible=True)
    assert (fit.accepted, fit.own, fit.via_used_now) == (D("21400.00"), D("600.00"), D("1400.00"))
    assert fit.payable == D("21400.00")


def test_r26_r27_the_same_in_monthly_lines():
    state, accepted, own = pab_20000(), D(0), D(0)
    for _month in range(11):
        fit = fit_line(state, D("2000.00"), via4_eligible=True)
        state, accepted, own = fit.state_after, accepted + fit.accepted, own + fit.own
    assert (accepted, own) == (D("21400.00"), D("600.00"))
    assert state.via_used == D("1400.00")


def test_r27_via_room_only_for_via4_eligible_costs_and_only_past_the_yearly_amount():
    fit = fit_line(pab_20000(), D("19000.00"), via4_eligible=True)
    assert fit.via_used_now == 0  # within the yearly amount: no VIA
    fit = fit_line(fit.state_after, D("3000.00"), via4_eligible=False)
    assert (fit.accepted, fit.own, fit.via_used_now) == (D("1000.00"), D("2000.00"), D(0))
    fit = fit_line(fit.state_after, D("3000.00"), via4_eligible=True)
    assert (fit.accepted, fit.own, fit.via_used_now) == (D("1400.00"), D("1600.00"), D("1400.00"))


def test_r26_a_cost_that_does_not_fit_is_accepted_up_to_what_remains():
    state = LineState(yearly_amount=D("1000.00"), accepted=D("999.99"))
    fit = fit_line(state, D("0.02"), via4_eligible=False)
    assert (fit.accepted, fit.own) == (D("0.01"), D("0.01"))
    assert fit_line(fit.state_after, D("5.00"), via4_eligible=False).accepted == 0


def test_r28_premium_entitlement_raises_the_line():
    state = LineState(yearly_amount=D("1000.00"), premium_entitlement=D("155.65"))
    fit = fit_line(state, D("1200.00"), via4_eligible=False)
    assert (fit.accepted, fit.own) == (D("1155.65"), D("44.35"))


def test_r26_other_spending_lowers_the_line():
    state = LineState(yearly_amount=D("1000.00"), other_spent=D("300.00"))
    assert fit_line(state, D("800.00"), via4_eligible=False).accepted == D("700.00")


def test_r26_credit_1000_then_costs_2500_pays_1500():
    state = pab_20000()
    credit = fit_line(state, D("1000.00"), via4_eligible=False, credit_note=True)
    assert (credit.accepted, credit.payable, credit.own) == (0, 0, 0)
    assert credit.state_after.credit_remaining == D("1000.00")
    fit = fit_line(credit.state_after, D("2500.00"), via4_eligible=False)
    assert fit.payable == D("1500.00")
    assert fit.credit_used == D("1000.00")
    assert fit.accepted == D("2500.00")
    assert fit.state_after.credit_remaining == 0
    assert fit.state_after.accepted == D("1500.00")


def test_r26_remaining_credit_is_tracked_across_costs():
    state = fit_line(pab_20000(), D("1000.00"), via4_eligible=False, credit_note=True).state_after
    fit = fit_line(state, D("400.00"), via4_eligible=False)
    assert (fit.payable, fit.credit_used, fit.state_after.credit_remaining) == (
        0,
        D("400.00"),
        D("600.00"),
    )
    fit = fit_line(fit.state_after, D("700.00"), via4_eligible=False)
    assert (fit.payable, fit.credit_used, fit.state_after.credit_remaining) == (
        D("100.00"),
        D("600.00"),
        0,
    )


def test_r26_a_negative_amount_is_refused():
    import pytest

    with pytest.raises(ValueError):
        fit_line(pab_20000(), D("-1.00"), via4_eligible=False)


cents = st.integers(min_value=0, max_value=3_000_000).map(lambda n: D(n) / 100)
events = st.lists(st.tuples(cents, st.booleans(), st.booleans()), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    yearly=cents,
    premium=st.integers(min_value=0, max_value=50_000).map(lambda n: D(n) / 100),
    rate=st.sampled_from([None, D("0.07")]),
    other=st.integers(min_value=0, max_value=500_000).map(lambda n: D(n) / 100),
    events=events,
)
def test_r26_r27_property_never_more_than_the_line_plus_via_room(
    yearly, premium, rate, other, events
):
    room = via_room(yearly, rate)
    state = LineState(
        yearly_amount=yearly, premium_entitlement=premium, via_room=room, other_spent=other
    )
    paid = costs = credits = netted = D(0)
    for amount, eligible, credit_note in events:
        fit = fit_line(state, amount, via4_eligible=eligible, credit_note=credit_note)
        if credit_note:
            credits += amount
            assert (fit.accepted, fit.own, fit.payable, fit.via_used_now) == (0, 0, 0, 0)
        else:
            costs += amount
            assert fit.accepted + fit.own == amount
            assert min(fit.accepted, fit.own, fit.via_used_now, fit.credit_used, fit.payable) >= 0
            if not eligible:
                assert fit.via_used_now == 0
            paid += fit.payable
            netted += fit.credit_used
        state = fit.state_after
        assert state.via_used <= room
        assert state.credit_remaining >= 0
        assert state.accepted == paid
        assert paid <= max(D(0), yearly + premium - other) + room
        assert paid <= yearly + premium + room
        assert netted + state.credit_remaining == credits  # credit is used, never paid out
    assert paid + netted <= costs
