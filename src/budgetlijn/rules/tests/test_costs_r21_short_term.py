"""R21 for cost lines: days, nights and sessions counted from the lines against the dated caps."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome

from .cost_lines import D, codes, judge, line


def stay(year, quantity, amount="100.00", counter=None, **changes):
    changes.setdefault("contract_type_code", "PAB_MFC_SHORT_STAY")
    return line(
        budget_year=year,
        contract_start=date(2017, 1, 1),
        cost_kind="PROVIDER_INVOICE",
        period_from=date(year, 3, 1),
        period_to=date(year, 3, 31),
        filed_on=date(year, 4, 15),
        quantity=D(quantity) if quantity is not None else None,
        amount=D(amount),
        counter=counter,
        **changes,
    )


def sessions(year, quantity, counter, amount="100.00"):
    return stay(
        year, quantity, amount, counter, contract_type_code="PAB_SHORT_TERM_MOBILE_AMBULANT"
    )


@pytest.mark.parametrize(
    ("year", "used", "asked", "accepted"),
    [
        (2021, 82, 10, 10),  # exactly 92
        (2021, 82, 11, 10),  # one past 92
        (2021, 92, 1, 0),
        (2023, 145, 10, 10),  # exactly 155 from 2023
        (2023, 145, 11, 10),
        (2022, 92, 1, 0),  # 155 is not yet in force in 2022
    ],
)
def test_r21_days_and_nights_per_calendar_year(year, used, asked, accepted):
    counters = CostCounters(short_term={"DAYS": D(used // 2), "NIGHTS": D(used - used // 2)})
    j = judge(stay(year, asked, amount=str(asked * 10)), counters)
    assert j.accepted_quantity == D(accepted)
    assert j.payable_amount == D(accepted * 10)
    assert j.short_term_counter == "NIGHTS"  # the type's default counter
    if accepted == asked:
        assert j.outcome is LineOutcome.ACCEPTED
    else:
        assert codes(j) == [CostCode.COST_SHORT_TERM_CAP_EXCEEDED]
        expected = LineOutcome.REFUSED if accepted == 0 else LineOutcome.PARTLY_ACCEPTED
        assert j.outcome is expected


def test_r21_mobile_and_ambulant_share_one_envelope_until_2022():
    # 18 mobile of 36 use half the envelope: 25,5 ambulant of 51 are left
    counters = CostCounters(short_term={"MOBILE": D(18)})
    j = judge(sessions(2022, 26, "AMBULANT", amount="260.00"), counters)
    assert j.outcome is LineOutcome.PARTLY_ACCEPTED
    assert j.accepted_quantity == D("25.5")
    assert j.payable_amount == D("255.00")
    ok = judge(sessions(2022, "25.5", "AMBULANT", amount="255.00"), counters)
    assert ok.outcome is LineOutcome.ACCEPTED


def test_r21_sessions_104_from_2023():
    counters = CostCounters(short_term={"MOBILE": D(50), "AMBULANT": D(50)})
    j = judge(sessions(2023, 5, "GROUP", amount="50.00"), counters)
    assert j.accepted_quantity == D(4)
    assert j.payable_amount == D("40.00")


def test_r21_group_sessions_had_no_cap_before_2023():
    j = judge(sessions(2022, 1, "GROUP"))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_SHORT_TERM_NOT_AVAILABLE]


def test_r21_counter_must_be_one_of_the_type():
    j = judge(stay(2021, 2, counter="MOBILE"))
    assert codes(j) == [CostCode.COST_SHORT_TERM_COUNTER_NOT_FOR_TYPE]


@pytest.mark.parametrize("quantity", [None, 0])
def test_r21_short_term_line_needs_its_quantity(quantity):
    j = judge(stay(2021, quantity))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_SHORT_TERM_QUANTITY_MISSING]


def test_r21_counters_advance_in_the_lines_counter():
    from budgetlijn.rules.costs import cost_parameters, judge_line

    params = cost_parameters("PAB", 2021)
    facts = stay(2021, 5, counter="DAYS")
    counters = CostCounters(short_term={"DAYS": D(3)})
    after = counters.after(facts, judge_line(facts, counters, params))
    assert after.short_term == {"DAYS": D(8)}
    assert counters.short_term == {"DAYS": D(3)}  # frozen: the old one is unchanged


def test_r21_a_cap_on_the_quantity_binds_even_when_the_amount_rounds_back_to_the_whole():
    # 93 days for 0,01: 92 fit, 0,01 * 92 / 93 rounds to 0,01
    j = judge(stay(2021, 93, amount="0.01"))
    assert j.outcome is LineOutcome.PARTLY_ACCEPTED
    assert j.accepted_quantity == D(92)
    assert j.payable_amount == D("0.01")
    assert codes(j) == [CostCode.COST_SHORT_TERM_CAP_EXCEEDED]


def test_r21_r29_quantity_follows_the_tightest_cap():
    # a volunteer-style amount cap and a quantity cap together: the smaller quantity holds
    counters = CostCounters(short_term={"NIGHTS": D(90)})
    j = judge(stay(2021, 4, amount="40.00"), counters)
    assert j.accepted_quantity == D(2)
    assert j.payable_amount == D("20.00")
