"""R29 limits: gift 40, premiums per assistant per year, volunteer flat fee, other costs 5 %."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome, cost_parameters, judge_line

from .cost_lines import D, codes, judge, line


@pytest.mark.parametrize(
    ("amount", "payable", "outcome"),
    [
        ("45.00", "40.00", LineOutcome.PARTLY_ACCEPTED),  # the seed's example
        ("40.00", "40.00", LineOutcome.ACCEPTED),  # exactly the maximum
        ("40.01", "40.00", LineOutcome.PARTLY_ACCEPTED),  # a cent past it
        ("12.00", "12.00", LineOutcome.ACCEPTED),
    ],
)
def test_r29_gift_at_most_40(amount, payable, outcome):
    j = judge(line(cost_kind="GIFT", amount=D(amount)))
    assert j.outcome is outcome
    assert j.payable_amount == D(payable)
    assert j.own_amount == D(amount) - D(payable)
    if outcome is LineOutcome.PARTLY_ACCEPTED:
        assert codes(j) == [CostCode.GIFT_ABOVE_MAXIMUM]
        assert j.violations[0].rule_id == "R29"
    else:
        assert j.violations == ()


def test_r29_gift_45_message_says_40_accepted_and_5_own():
    text = judge(line(cost_kind="GIFT", amount=D("45.00"))).violations[0].text()
    assert "EUR 40,00" in text
    assert "EUR 5,00" in text


@pytest.mark.parametrize(
    ("used", "amount", "payable"),
    [
        ("0.00", "2061.41", "2061.41"),  # exactly one monthly wage
        ("0.00", "2061.42", "2061.41"),
        ("1900.00", "200.00", "161.41"),
        ("2061.41", "10.00", "0.00"),
    ],
)
def test_r29_all_premiums_per_assistant_per_year_at_most_one_monthly_wage(used, amount, payable):
    counters = CostCounters(premiums={"Jan Janssens": D(used), "Piet Peeters": D("2061.41")})
    j = judge(line(cost_kind="OTHER_PREMIUMS", amount=D(amount)), counters)
    assert j.payable_amount == D(payable)
    if D(payable) < D(amount):
        assert codes(j) == [CostCode.PREMIUMS_ABOVE_MONTHLY_WAGE]
    if D(payable) == 0:
        assert j.outcome is LineOutcome.REFUSED


def test_r29_year_end_premium_and_other_premiums_count_together_per_assistant():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters()
    first = line(cost_kind="YEAR_END_PREMIUM", amount=D("1000.00"), assistant="A")
    counters = counters.after(first, judge_line(first, counters, params))
    other = line(cost_kind="OTHER_PREMIUMS", amount=D("1500.00"), assistant="A")
    j = judge_line(other, counters, params)
    assert j.payable_amount == D("1061.41")
    # another assistant has a cap of their own
    assert (
        judge_line(
            line(cost_kind="OTHER_PREMIUMS", amount=D("1500.00"), assistant="B"), counters, params
        ).outcome
        is LineOutcome.ACCEPTED
    )


def test_r29_no_premium_cap_before_its_first_value():
    facts = line(
        budget_year=2020,
        contract_start=date(2020, 1, 1),
        period_from=date(2020, 12, 1),
        period_to=date(2020, 12, 31),
        filed_on=date(2021, 1, 10),
        cost_kind="OTHER_PREMIUMS",
        amount=D("3000.00"),
    )
    assert judge(facts).outcome is LineOutcome.ACCEPTED


def fee(year, amount, *, day=None, days=None, to=None, assistant="Vrijwilliger V"):
    start = day or date(year, 6, 1)
    return line(
        budget_year=year,
        contract_type_code="PAB_VOLUNTEER_ORGANISATION",
        contract_start=date(2021, 1, 1),
        cost_kind="VOLUNTEER_FLAT_FEE",
        period_from=start,
        period_to=to or start,
        filed_on=date(year, 7, 1),
        amount=D(amount),
        quantity=D(days) if days is not None else None,
        assistant=assistant,
    )


@pytest.mark.parametrize(
    ("year", "amount", "ok"),
    [
        (2021, "36.00", False),  # the example: refused in 2021
        (2022, "36.00", True),  # accepted in 2022
        (2021, "35.41", True),  # exactly the 2021 maximum
        (2021, "35.42", False),
        (2022, "36.84", True),
        (2022, "36.85", False),
        (2023, "40.67", True),
        (2023, "40.68", False),
        (2024, "41.48", True),
        (2024, "41.49", False),
    ],
)
def test_r29_volunteer_flat_fee_per_day_is_dated(year, amount, ok):
    j = judge(fee(year, amount))
    if ok:
        assert j.outcome is LineOutcome.ACCEPTED
    else:
        assert j.outcome is LineOutcome.REFUSED
        assert codes(j) == [CostCode.VOLUNTEER_DAY_FEE_ABOVE_MAXIMUM]
        assert "reële kostenvergoeding" in j.violations[0].text()


def test_r29_volunteer_fee_same_day_adds_up():
    counters = CostCounters(volunteer_fee_days={("Vrijwilliger V", date(2021, 6, 1)): D("20.00")})
    assert judge(fee(2021, "15.41"), counters).outcome is LineOutcome.ACCEPTED
    assert judge(fee(2021, "15.42"), counters).outcome is LineOutcome.REFUSED
    # another day, or another volunteer, is free
    assert judge(fee(2021, "30.00", day=date(2021, 6, 2)), counters).outcome is LineOutcome.ACCEPTED
    assert judge(fee(2021, "30.00", assistant="W"), counters).outcome is LineOutcome.ACCEPTED


def test_r29_volunteer_fee_over_several_days_per_day_average():
    # 10 days in June 2021: at most 354,10
    assert judge(fee(2021, "354.10", days=10, to=date(2021, 6, 30))).outcome is LineOutcome.ACCEPTED
    assert judge(fee(2021, "354.11", days=10, to=date(2021, 6, 30))).outcome is LineOutcome.REFUSED
    # without a quantity the days of the period count: 3 days
    assert judge(fee(2021, "106.23", to=date(2021, 6, 3))).outcome is LineOutcome.ACCEPTED
    assert judge(fee(2021, "106.24", to=date(2021, 6, 3))).outcome is LineOutcome.REFUSED


@pytest.mark.parametrize(
    ("year", "used", "payable"),
    [
        (2021, "1400.00", "16.16"),  # 1 416,16 in 2021
        (2021, "1416.16", "0.00"),
        (2022, "1400.00", "30.00"),  # 1 473,37 in 2022: the whole 30
        (2022, "1443.37", "30.00"),  # exactly the 2022 maximum
        (2022, "1443.38", "29.99"),
    ],
)
def test_r29_volunteer_flat_fee_per_year(year, used, payable):
    counters = CostCounters(volunteer_fee_year={"Vrijwilliger V": D(used)})
    j = judge(fee(year, "30.00"), counters)
    assert j.payable_amount == D(payable)
    if D(payable) < 30:
        assert codes(j) == [CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM]


def test_r29_volunteer_counters_advance_per_volunteer_and_day():
    params = cost_parameters("PAB", 2022)
    facts = fee(2022, "36.00")
    after = CostCounters().after(facts, judge_line(facts, CostCounters(), params))
    assert after.volunteer_fee_year == {"Vrijwilliger V": D("36.00")}
    assert after.volunteer_fee_days == {("Vrijwilliger V", date(2022, 6, 1)): D("36.00")}
    assert judge_line(facts, after, params).outcome is LineOutcome.REFUSED  # the same day again


@pytest.mark.parametrize(
    ("used", "amount", "payable"),
    [
        ("0.00", "1000.00", "1000.00"),  # exactly 5 % of 20 000
        ("0.00", "1000.01", "1000.00"),
        ("990.00", "20.00", "10.00"),
        ("1000.00", "5.00", "0.00"),
    ],
)
def test_r29_other_costs_at_most_5_percent_of_a_pab(used, amount, payable):
    counters = CostCounters(yearly_amount=D("20000.00"), other_costs=D(used))
    facts = line(
        cost_kind="FREE_SHARE", contract_type_code=None, contract_status=None, amount=D(amount)
    )
    j = judge(facts, counters)
    assert j.payable_amount == D(payable)
    assert j.other_costs is True
    if D(payable) < D(amount):
        assert codes(j) == [CostCode.OTHER_COSTS_ABOVE_SHARE]
        assert "5 %" in j.violations[0].text()


def test_r29_interpreter_hours_and_volunteer_costs_are_other_costs_of_a_pab_only():
    counters = CostCounters(yearly_amount=D("20000.00"), other_costs=D("1000.00"))
    interpreter = line(
        contract_type_code="PAB_NATURAL_OR_LEGAL_PERSON",
        cost_kind="SIGN_LANGUAGE_INTERPRETER_HOURS",
        amount=D("50.00"),
    )
    assert judge(interpreter, counters).outcome is LineOutcome.REFUSED
    assert (
        judge(line(cost_kind="MEAL_VOUCHERS", amount=D(50)), counters).outcome
        is LineOutcome.ACCEPTED
    )
    pvb = line(
        budget_kind="PVB",
        contract_type_code="PVB_NATURAL_OR_LEGAL_PERSON",
        cost_kind="SIGN_LANGUAGE_INTERPRETER_HOURS",
        amount=D("50.00"),
    )
    j = judge(pvb, counters)
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.other_costs is False


def test_r29_other_costs_counter_advances():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters(yearly_amount=D("20000.00"))
    facts = line(
        cost_kind="FREE_SHARE", contract_type_code=None, contract_status=None, amount=D("400.00")
    )
    after = counters.after(facts, judge_line(facts, counters, params))
    assert after.other_costs == D("400.00")
