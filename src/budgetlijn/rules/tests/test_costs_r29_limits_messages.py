"""R29 limits checked one function at a time: the exact boundaries (a cap reached exactly is no
cap), credit notes and missing parameters, what each finding caps, and every message in full."""

from dataclasses import replace
from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome, check_r29, cost_parameters
from budgetlijn.rules.costs.findings import CAP, REFUSE
from budgetlijn.rules.costs.r29_limits import (
    check_r29_gift,
    check_r29_other_costs,
    check_r29_premiums,
    check_r29_volunteer_fee,
    other_costs_line,
)

from .cost_lines import D, judge, line
from .violation_checks import described

NBSP = "\N{NO-BREAK SPACE}"


def pab_2021(**changes):
    """The 2021 PAB snapshot, with ``changes`` (a parameter without a value: None)."""
    return replace(cost_parameters("PAB", 2021), **changes)


def only(findings):
    assert len(findings) == 1, findings
    return findings[0]


# --- gift -----------------------------------------------------------------------------------


def test_r29_gift_45_is_capped_at_40_with_the_whole_message():
    finding = only(check_r29_gift(line(cost_kind="GIFT", amount=D("45.00")), None, pab_2021()))
    assert finding.action == CAP
    assert finding.limit == D("40.00")
    assert finding.quantity is None
    assert described([finding.violation]) == [("R29", CostCode.GIFT_ABOVE_MAXIMUM, "amount")]
    assert finding.violation.text() == (
        "Een geschenk of geschenkcheque wordt betaald tot hoogstens EUR 40,00. Van EUR 45,00 "
        "betaalt het budget EUR 40,00; EUR 5,00 betaalt u met eigen middelen."
    )


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"cost_kind": "GIFT", "amount": D("40.00")}, "exactly the maximum"),
        ({"cost_kind": "GIFT", "amount": D("45.00"), "booking_type": "CREDIT_NOTE"}, "credit"),
        ({"cost_kind": "MEAL_VOUCHERS", "amount": D("45.00")}, "not a gift"),
    ],
)
def test_r29_gift_not_capped(changes, why):
    assert check_r29_gift(line(**changes), None, pab_2021()) == (), why


# --- premiums -------------------------------------------------------------------------------


def premium(amount, assistant="Jan Janssens", **changes):
    return line(cost_kind="OTHER_PREMIUMS", amount=D(amount), assistant=assistant, **changes)


def test_r29_premiums_message_in_full():
    counters = CostCounters(premiums={"Jan Janssens": D("1900.00")})
    finding = only(check_r29_premiums(premium("200.00"), counters, pab_2021()))
    assert finding.action == CAP
    assert finding.limit == D("161.41")
    assert finding.quantity is None
    assert described([finding.violation]) == [
        ("R29", CostCode.PREMIUMS_ABOVE_MONTHLY_WAGE, "amount")
    ]
    assert finding.violation.text() == (
        "Alle premies samen (eindejaarspremie en andere premies) voor Jan Janssens zijn in 2021 "
        f"hoogstens EUR 2{NBSP}061,41 (één gemiddeld maandloon). Er werd al EUR 1{NBSP}900,00 "
        "betaald; van deze EUR 200,00 betaalt het budget EUR 161,41, de rest betaalt u met "
        "eigen middelen."
    )


def test_r29_premiums_without_an_assistant_name_says_this_assistant():
    finding = only(check_r29_premiums(premium("3000.00", assistant=""), CostCounters(), pab_2021()))
    assert " voor deze assistent zijn in 2021 " in finding.violation.text()
    assert "Er werd al EUR 0,00 betaald" in finding.violation.text()


def test_r29_premiums_exactly_the_monthly_wage_is_no_cap():
    assert check_r29_premiums(premium("2061.41"), CostCounters(), pab_2021()) == ()
    j = judge(premium("2061.41"))
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.violations == ()
    counters = CostCounters(premiums={"Jan Janssens": D("61.41")})
    assert check_r29_premiums(premium("2000.00"), counters, pab_2021()) == ()
    assert only(check_r29_premiums(premium("2000.01"), counters, pab_2021())).limit == D("2000.00")


def test_r29_premiums_already_past_the_cap_leave_nothing():
    counters = CostCounters(premiums={"Jan Janssens": D("2500.00")})
    finding = only(check_r29_premiums(premium("10.00"), counters, pab_2021()))
    assert finding.limit == D("0")
    assert "het budget EUR 0,00, de rest" in finding.violation.text()
    j = judge(premium("10.00"), counters)
    assert j.outcome is LineOutcome.REFUSED
    assert j.payable_amount == 0


def test_r29_premiums_of_another_assistant_do_not_count():
    counters = CostCounters(premiums={"Piet Peeters": D("2061.41")})
    assert check_r29_premiums(premium("2061.41"), counters, pab_2021()) == ()


@pytest.mark.parametrize(
    ("facts", "changes"),
    [
        (premium("3000.00", booking_type="CREDIT_NOTE"), {}),
        (premium("3000.00"), {"premiums_max": None}),  # no value in force that year
        (line(cost_kind="GIFT", amount=D("3000.00")), {"gift_max": D("5000")}),
        (line(cost_kind="WAGE", amount=D("3000.00")), {}),
    ],
)
def test_r29_premiums_not_capped(facts, changes):
    assert check_r29_premiums(facts, CostCounters(), pab_2021(**changes)) == ()


def test_r29_year_end_premium_is_a_premium_too():
    finding = only(
        check_r29_premiums(
            line(cost_kind="YEAR_END_PREMIUM", amount=D("2100.00")), CostCounters(), pab_2021()
        )
    )
    assert finding.limit == D("2061.41")


# --- volunteer flat fee ---------------------------------------------------------------------


def fee(amount, *, start=date(2021, 6, 1), end=None, days=None, assistant="Vrijwilliger V"):
    return line(
        contract_type_code="PAB_VOLUNTEER_ORGANISATION",
        cost_kind="VOLUNTEER_FLAT_FEE",
        period_from=start,
        period_to=end or start,
        amount=D(amount),
        quantity=D(days) if days is not None else None,
        assistant=assistant,
    )


def test_r29_volunteer_day_fee_refusal_in_full():
    counters = CostCounters(volunteer_fee_days={("Vrijwilliger V", date(2021, 6, 1)): D("5.00")})
    finding = only(check_r29_volunteer_fee(fee("31.00"), counters, pab_2021()))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [
        ("R29", CostCode.VOLUNTEER_DAY_FEE_ABOVE_MAXIMUM, "amount")
    ]
    assert finding.violation.text() == (
        "Een forfaitaire vrijwilligersvergoeding is in 2021 hoogstens EUR 35,41 per "
        "vrijwilliger per dag; deze lijn vraagt EUR 31,00 voor 1 dag(en) vanaf 01/06/2021 (al "
        "betaald die dag: EUR 5,00). Dien hoogstens het maximum in, of dien de werkelijke "
        "kosten in als reële kostenvergoeding."
    )


def test_r29_volunteer_day_fee_over_days_names_the_days_and_ignores_the_day_counters():
    # the day counters hold one-day lines only: a line over several days does not add them
    counters = CostCounters(volunteer_fee_days={("Vrijwilliger V", date(2021, 6, 1)): D("35.41")})
    several = fee("70.82", end=date(2021, 6, 2))
    assert check_r29_volunteer_fee(several, counters, pab_2021()) == ()
    finding = only(
        check_r29_volunteer_fee(fee("70.83", end=date(2021, 6, 2)), counters, pab_2021())
    )
    assert "EUR 70,83 voor 2 dag(en) vanaf 01/06/2021 (al betaald die dag: EUR 0,00)" in (
        finding.violation.text()
    )


def test_r29_volunteer_day_fee_for_half_a_day_rounds_the_maximum_half_up():
    # 35,41 / 2 = 17,705: at most 17,71 for half a day
    half = fee("17.71", end=date(2021, 6, 2), days="0.5")
    assert check_r29_volunteer_fee(half, CostCounters(), pab_2021()) == ()
    finding = only(
        check_r29_volunteer_fee(
            fee("17.72", end=date(2021, 6, 2), days="0.5"), CostCounters(), pab_2021()
        )
    )
    assert "voor 0,5 dag(en)" in finding.violation.text()


def test_r29_volunteer_quantity_counts_the_days_over_the_period():
    # 3 days asked over a week: the quantity, not the 7 days of the period
    assert (
        check_r29_volunteer_fee(
            fee("106.23", end=date(2021, 6, 7), days=3), CostCounters(), pab_2021()
        )
        == ()
    )
    assert check_r29_volunteer_fee(
        fee("106.24", end=date(2021, 6, 7), days=3), CostCounters(), pab_2021()
    )


def test_r29_volunteer_year_fee_cap_in_full():
    counters = CostCounters(volunteer_fee_year={"Vrijwilliger V": D("1400.00")})
    finding = only(check_r29_volunteer_fee(fee("30.00"), counters, pab_2021()))
    assert finding.action == CAP
    assert finding.limit == D("16.16")
    assert finding.quantity is None
    assert described([finding.violation]) == [
        ("R29", CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM, "amount")
    ]
    assert finding.violation.text() == (
        f"Forfaitaire vrijwilligersvergoedingen zijn in 2021 hoogstens EUR 1{NBSP}416,16 per "
        f"vrijwilliger. Er werd al EUR 1{NBSP}400,00 betaald; van deze EUR 30,00 betaalt het "
        "budget EUR 16,16, de rest betaalt u met eigen middelen."
    )


def test_r29_volunteer_year_fee_exactly_reached_and_already_past():
    counters = CostCounters(volunteer_fee_year={"Vrijwilliger V": D("1386.16")})
    assert check_r29_volunteer_fee(fee("30.00"), counters, pab_2021()) == ()
    past = CostCounters(volunteer_fee_year={"Vrijwilliger V": D("1500.00")})
    assert only(check_r29_volunteer_fee(fee("30.00"), past, pab_2021())).limit == 0
    other = CostCounters(volunteer_fee_year={"W": D("1416.16")})
    assert check_r29_volunteer_fee(fee("30.00"), other, pab_2021()) == ()


def test_r29_volunteer_without_a_day_maximum_still_has_the_year_maximum():
    params = pab_2021(volunteer_day_max=None)
    assert check_r29_volunteer_fee(fee("300.00"), CostCounters(), params) == ()
    finding = only(check_r29_volunteer_fee(fee("1500.00"), CostCounters(), params))
    assert finding.action == CAP
    assert finding.limit == D("1416.16")


def test_r29_volunteer_without_a_year_maximum_only_the_day_maximum():
    params = pab_2021(volunteer_year_max=None)
    counters = CostCounters(volunteer_fee_year={"Vrijwilliger V": D("5000.00")})
    assert check_r29_volunteer_fee(fee("35.41"), counters, params) == ()
    assert only(check_r29_volunteer_fee(fee("35.42"), counters, params)).action == REFUSE


@pytest.mark.parametrize(
    "facts",
    [
        replace(fee("100.00"), booking_type="CREDIT_NOTE"),
        replace(fee("100.00"), cost_kind="GIFT"),
    ],
)
def test_r29_volunteer_fee_not_checked(facts):
    assert check_r29_volunteer_fee(facts, CostCounters(), pab_2021()) == ()


# --- other costs (5 % of a PAB) -------------------------------------------------------------


def free_share(amount, **changes):
    return line(
        cost_kind="FREE_SHARE",
        contract_type_code=None,
        contract_status=None,
        amount=D(amount),
        **changes,
    )


def test_r29_other_costs_message_in_full():
    counters = CostCounters(yearly_amount=D("20000.00"), other_costs=D("990.00"))
    finding = only(check_r29_other_costs(free_share("20.00"), counters, pab_2021()))
    assert finding.action == CAP
    assert finding.limit == D("10.00")
    assert finding.quantity is None
    assert described([finding.violation]) == [("R29", CostCode.OTHER_COSTS_ABOVE_SHARE, "amount")]
    assert finding.violation.text() == (
        "Andere kosten (onkosten van vrijwilligers, tolkuren, het vrij besteedbaar deel) zijn "
        f"samen hoogstens 5 % van het jaarbedrag, in 2021 EUR 1{NBSP}000,00. Er werd al EUR "
        "990,00 aanvaard; van deze EUR 20,00 betaalt het budget EUR 10,00, de rest betaalt u "
        "met eigen middelen."
    )


def test_r29_other_costs_rate_with_decimals_is_written_with_a_comma():
    params = pab_2021(other_costs_rate=D("0.075"))
    counters = CostCounters(yearly_amount=D("20000.00"))
    finding = only(check_r29_other_costs(free_share("1600.00"), counters, params))
    assert finding.limit == D("1500.00")
    assert "hoogstens 7,5 % van het jaarbedrag" in finding.violation.text()


def test_r29_other_costs_share_is_rounded_half_up_to_the_cent():
    # 5 % of 20 000,10 is 1 000,005: 1 000,01
    counters = CostCounters(yearly_amount=D("20000.10"))
    assert check_r29_other_costs(free_share("1000.01"), counters, pab_2021()) == ()
    assert only(check_r29_other_costs(free_share("1000.02"), counters, pab_2021())).limit == D(
        "1000.01"
    )


def test_r29_other_costs_already_past_the_share_leave_nothing():
    counters = CostCounters(yearly_amount=D("20000.00"), other_costs=D("1200.00"))
    assert only(check_r29_other_costs(free_share("5.00"), counters, pab_2021())).limit == 0


@pytest.mark.parametrize(
    ("facts", "counters", "changes"),
    [
        (  # a credit note
            free_share("5000.00", booking_type="CREDIT_NOTE"),
            CostCounters(yearly_amount=D("20000.00")),
            {},
        ),
        (free_share("5000.00"), CostCounters(), {}),  # no yearly amount: no cap applied
        (  # a PVB has no 5 %
            free_share("5000.00"),
            CostCounters(yearly_amount=D("20000.00")),
            {"other_costs_rate": None},
        ),
        (  # wages are not other costs
            line(amount=D("5000.00")),
            CostCounters(yearly_amount=D("20000.00")),
            {},
        ),
    ],
)
def test_r29_other_costs_not_capped(facts, counters, changes):
    assert check_r29_other_costs(facts, counters, pab_2021(**changes)) == ()


def test_r29_other_costs_line_needs_a_known_kind_and_a_rate():
    assert other_costs_line(free_share("1.00"), pab_2021()) is True
    assert other_costs_line(line(cost_kind="NO_SUCH_KIND"), pab_2021()) is False
    assert other_costs_line(line(), pab_2021()) is False
    assert other_costs_line(free_share("1.00"), pab_2021(other_costs_rate=None)) is False


def test_r29_other_costs_without_a_yearly_amount_accept_the_whole_line():
    j = judge(free_share("5000.00"))
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.payable_amount == D("5000.00")


# --- check_r29: every limit of a line together ---------------------------------------------


def test_r29_check_asks_every_limit():
    counters = CostCounters(
        yearly_amount=D("20000.00"),
        other_costs=D("990.00"),
        premiums={"Jan Janssens": D("2061.41")},
        volunteer_fee_year={"Vrijwilliger V": D("1400.00")},
    )
    gift = check_r29(line(cost_kind="GIFT", amount=D("45.00")), counters, pab_2021())
    assert [f.violation.code for f in gift] == [CostCode.GIFT_ABOVE_MAXIMUM]
    premiums = check_r29(premium("10.00"), counters, pab_2021())
    assert [(f.violation.code, f.limit) for f in premiums] == [
        (CostCode.PREMIUMS_ABOVE_MONTHLY_WAGE, D("0"))
    ]
    volunteer = check_r29(fee("30.00"), counters, pab_2021())
    assert [(f.violation.code, f.limit) for f in volunteer] == [
        (CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM, D("16.16")),
        (CostCode.OTHER_COSTS_ABOVE_SHARE, D("10.00")),
    ]
    assert check_r29(line(), counters, pab_2021()) == ()


def test_r29_whole_numbers_ending_in_zero_are_written_in_full():
    # 10 days and 10 %: Decimal normalises them to 1E+1, the message writes 10
    ten_days = fee("354.11", end=date(2021, 6, 30), days=10)
    finding = only(check_r29_volunteer_fee(ten_days, CostCounters(), pab_2021()))
    assert "vraagt EUR 354,11 voor 10 dag(en) vanaf 01/06/2021" in finding.violation.text()
    counters = CostCounters(yearly_amount=D("20000.00"))
    params = pab_2021(other_costs_rate=D("0.10"))
    finding = only(check_r29_other_costs(free_share("2000.01"), counters, params))
    assert "hoogstens 10 % van het jaarbedrag, in 2021 EUR 2" in finding.violation.text()
