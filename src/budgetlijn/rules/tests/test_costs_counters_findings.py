"""The pieces under judge_line: counters advanced by a decision (R20, R21, R29), the findings'
pro rata (to the cent, the quantity rounded down), the budget line's edges (R26-R28)."""

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest

from budgetlijn.rules.costs import (
    CostCounters,
    Judgement,
    LineOutcome,
    LineState,
    cost_parameters,
    fit_line,
    via_room,
    year_end_premium_entitlement,
)
from budgetlijn.rules.costs.facts import WaitReason
from budgetlijn.rules.costs.findings import CAP, REFUSE, WAIT, cap, pro_rata, refuse, wait
from budgetlijn.rules.violations import Violation

from .cost_lines import D, line

ACCEPTED, PARTLY, REFUSED, WAITING = (
    LineOutcome.ACCEPTED,
    LineOutcome.PARTLY_ACCEPTED,
    LineOutcome.REFUSED,
    LineOutcome.WAITING,
)


def decided(outcome, payable, quantity=None, counter=None, other=False):
    return Judgement(outcome, D("999.00"), D(payable), (), None, quantity, counter, other)


def credit(**changes):
    return line(booking_type="CREDIT_NOTE", **changes)


# --- counters -------------------------------------------------------------------------------


def test_r20_counters_vouchers_add_the_accepted_quantity_and_credit_notes_give_back():
    counters = CostCounters(service_vouchers=D(10))
    facts = line(cost_kind="SERVICE_VOUCHERS")
    assert counters.after(facts, decided(PARTLY, "45.00", D(5))).service_vouchers == D(15)
    given_back = counters.after(credit(cost_kind="SERVICE_VOUCHERS"), decided(ACCEPTED, "9", D(4)))
    assert given_back.service_vouchers == D(6)
    emptied = counters.after(credit(cost_kind="SERVICE_VOUCHERS"), decided(ACCEPTED, "9", D(40)))
    assert emptied.service_vouchers == 0
    # without an accepted quantity nothing is counted
    assert counters.after(facts, decided(ACCEPTED, "45.00")) is counters


@pytest.mark.parametrize("outcome", [REFUSED, WAITING])
def test_r20_r21_r29_counters_count_accepted_lines_only(outcome):
    counters = CostCounters(service_vouchers=D(10), yearly_amount=D("20000.00"))
    facts = line(cost_kind="SERVICE_VOUCHERS")
    assert counters.after(facts, decided(outcome, "45.00", D(5), "NIGHTS", True)) is counters


def test_r21_counters_short_term_per_counter_and_never_below_zero():
    counters = CostCounters(short_term={"NIGHTS": D(3), "DAYS": D(1)})
    facts = line(cost_kind="PROVIDER_INVOICE")
    after = counters.after(facts, decided(ACCEPTED, "50.00", D("2.5"), "NIGHTS"))
    assert after.short_term == {"NIGHTS": D("5.5"), "DAYS": D(1)}
    assert isinstance(after.short_term, MappingProxyType)
    fresh = counters.after(facts, decided(ACCEPTED, "50.00", D(2), "MOBILE"))
    assert fresh.short_term == {"NIGHTS": D(3), "DAYS": D(1), "MOBILE": D(2)}
    back = counters.after(
        credit(cost_kind="PROVIDER_INVOICE"), decided(ACCEPTED, "1", D(5), "DAYS")
    )
    assert back.short_term == {"NIGHTS": D(3), "DAYS": D(0)}
    assert counters.short_term == {"NIGHTS": D(3), "DAYS": D(1)}  # unchanged
    assert counters.after(facts, decided(ACCEPTED, "50.00", None, "NIGHTS")) is counters


def test_r29_counters_premiums_count_the_payable_part_per_assistant():
    counters = CostCounters(premiums={"A": D("100.00")})
    after = counters.after(
        line(cost_kind="YEAR_END_PREMIUM", assistant="A"), decided(PARTLY, "61.41")
    )
    assert after.premiums == {"A": D("161.41")}
    other = counters.after(line(cost_kind="OTHER_PREMIUMS", assistant="B"), decided(ACCEPTED, "5"))
    assert other.premiums == {"A": D("100.00"), "B": D(5)}
    back = counters.after(
        credit(cost_kind="OTHER_PREMIUMS", assistant="A"), decided(ACCEPTED, "30")
    )
    assert back.premiums == {"A": D("70.00")}
    assert back.service_vouchers == 0 and back.other_costs == 0


def test_r29_counters_volunteer_year_and_one_day_lines():
    day = date(2021, 6, 1)
    counters = CostCounters(volunteer_fee_year={"V": D(10)}, volunteer_fee_days={("V", day): D(10)})
    one_day = line(cost_kind="VOLUNTEER_FLAT_FEE", assistant="V", period_from=day, period_to=day)
    after = counters.after(one_day, decided(ACCEPTED, "20.00"))
    assert after.volunteer_fee_year == {"V": D(30)}
    assert after.volunteer_fee_days == {("V", day): D(30)}
    week = line(
        cost_kind="VOLUNTEER_FLAT_FEE", assistant="V", period_from=day, period_to=date(2021, 6, 7)
    )
    after = counters.after(week, decided(ACCEPTED, "70.00"))
    assert after.volunteer_fee_year == {"V": D(80)}
    assert after.volunteer_fee_days == {("V", day): D(10)}  # a week is not one day
    back = counters.after(
        credit(cost_kind="VOLUNTEER_FLAT_FEE", assistant="V", period_from=day, period_to=day),
        decided(ACCEPTED, "4.00"),
    )
    assert (back.volunteer_fee_year, back.volunteer_fee_days) == ({"V": D(6)}, {("V", day): D(6)})


def test_r29_counters_other_costs_follow_the_judgement_and_never_go_below_zero():
    counters = CostCounters(other_costs=D("100.00"), yearly_amount=D("20000.00"))
    free = line(cost_kind="FREE_SHARE")
    assert counters.after(free, decided(PARTLY, "40.00", other=True)).other_costs == D("140.00")
    back = counters.after(credit(cost_kind="FREE_SHARE"), decided(ACCEPTED, "30.00", other=True))
    assert back.other_costs == D("70.00")
    emptied = counters.after(credit(cost_kind="FREE_SHARE"), decided(ACCEPTED, "300", other=True))
    assert emptied.other_costs == 0
    assert emptied.yearly_amount == D("20000.00")
    # a kind outside every counter, not an other cost: unchanged
    assert counters.after(line(), decided(ACCEPTED, "40.00")) is counters


def test_counters_freeze_a_copy_of_what_they_are_given():
    premiums, days = {"A": D(1)}, {("V", date(2021, 6, 1)): D(1)}
    counters = CostCounters(
        short_term={"DAYS": D(1)},
        premiums=premiums,
        volunteer_fee_year={"V": D(1)},
        volunteer_fee_days=days,
    )
    premiums["A"] = D(2)
    days.clear()
    assert counters.premiums == {"A": D(1)}
    assert counters.volunteer_fee_days == {("V", date(2021, 6, 1)): D(1)}
    for name in ("short_term", "premiums", "volunteer_fee_year", "volunteer_fee_days"):
        assert isinstance(getattr(counters, name), MappingProxyType), name
    assert counters.service_vouchers == 0 and counters.parent_of_disabled_child is False
    assert counters.yearly_amount is None


# --- findings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "quantity", "allowed", "limit", "accepted"),
    [
        ("100.00", "3", "1.999", "66.33", "1.99"),  # allowed rounded down, not to 2,00
        ("100.00", "3", "2", "66.67", "2.00"),  # 66,666... half up
        ("100.00", "3", "3", "100.00", "3"),  # everything: the line as it is
        ("100.00", "3", "5", "100.00", "3"),
        ("100.00", "3", "-1", "0.00", "0"),  # never below zero
        ("100.00", "3", "0.001", "0.00", "0.00"),
    ],
)
def test_r20_r21_pro_rata(amount, quantity, allowed, limit, accepted):
    got = pro_rata(D(amount), D(quantity), D(allowed))
    assert got == (D(limit), D(accepted))
    assert str(got[0]) == limit


def test_findings_carry_what_they_were_given():
    v = Violation("R29", "gift_above_maximum", "Tekst.", "amount")
    r = refuse(v)
    assert (r.action, r.violation, r.final, r.limit, r.quantity, r.wait_reason) == (
        REFUSE,
        v,
        False,
        None,
        None,
        None,
    )
    assert refuse(v, final=True).final is True
    w = wait(v, WaitReason.LATE_REVIEW)
    assert (w.action, w.violation, w.wait_reason, w.final, w.limit) == (
        WAIT,
        v,
        WaitReason.LATE_REVIEW,
        False,
        None,
    )
    c = cap(v, D("1.00"), D(2))
    assert (c.action, c.violation, c.limit, c.quantity, c.final) == (CAP, v, D("1.00"), D(2), False)
    assert cap(v, D("1.00")).quantity is None


# --- budget line ----------------------------------------------------------------------------


def test_r27_via_room_rounds_half_up_and_needs_a_positive_yearly_amount():
    assert via_room(D("0.50"), D("0.07")) == D("0.04")  # 0,035
    assert via_room(D("0.00"), D("0.07")) == 0
    assert via_room(D("-100.00"), D("0.07")) == 0


def test_r26_line_room_and_via_left_never_below_zero():
    state = LineState(
        yearly_amount=D("1000.00"), via_room=D("70.00"), via_used=D("50.00"), accepted=D("1030.00")
    )
    assert state.line_room == D("20.00")  # VIA4 spending does not use the line
    assert state.via_left == D("20.00")
    over = LineState(yearly_amount=D("1000.00"), accepted=D("1200.00"), other_spent=D("5.00"))
    assert over.line_room == 0
    assert LineState(yearly_amount=D(0), via_room=D(10), via_used=D(20)).via_left == 0


def test_r26_fit_keeps_the_year_and_a_zero_cost_fits():
    state = LineState(
        yearly_amount=D("1000.00"),
        premium_entitlement=D("10.00"),
        via_room=D("70.00"),
        other_spent=D("5.00"),
    )
    fit = fit_line(state, D("0.00"), via4_eligible=True)
    assert (fit.accepted, fit.own, fit.payable) == (0, 0, 0)
    assert fit.state_after == state
    fit = fit_line(state, D("1100.00"), via4_eligible=True)
    assert (fit.accepted, fit.own, fit.via_used_now) == (D("1075.00"), D("25.00"), D("70.00"))
    after = fit.state_after
    assert (after.yearly_amount, after.premium_entitlement, after.via_room, after.other_spent) == (
        D("1000.00"),
        D("10.00"),
        D("70.00"),
        D("5.00"),
    )
    assert (after.via_used, after.accepted, after.credit_remaining) == (
        D("70.00"),
        D("1075.00"),
        0,
    )


def test_r26_a_negative_amount_is_refused_with_the_reason():
    with pytest.raises(
        ValueError, match="^amount is positive; a credit note says credit_note=True$"
    ):
        fit_line(LineState(yearly_amount=D(1)), D("-0.01"), via4_eligible=False)


# --- eligibility ----------------------------------------------------------------------------


def test_r28_entitlement_over_a_whole_year_by_default_and_without_a_full_time_week():
    params = cost_parameters("PAB", 2019)
    assert year_end_premium_entitlement(params, D(38)) == D("155.65")
    assert year_end_premium_entitlement(params, D("-1")) == 0
    assert year_end_premium_entitlement(params, D(38), months=-1) == 0
    for week in (None, D(0)):
        no_week = replace(params, full_time_weekly_hours=week)
        assert year_end_premium_entitlement(no_week, D(38)) == 0


@pytest.mark.parametrize(("hours", "expected"), [("1", "4.10"), ("0.5", "2.05")])
def test_r28_entitlement_of_an_hour_a_week_or_less(hours, expected):
    # 155,65 / 38 = 4,0960...: 4,10; half of it 2,0480...: 2,05
    params = cost_parameters("PAB", 2019)
    assert year_end_premium_entitlement(params, D(hours)) == D(expected)
