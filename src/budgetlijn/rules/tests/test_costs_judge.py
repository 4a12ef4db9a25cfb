"""judge_line as a whole: order of the rules, credit notes, counters, the parameter snapshot."""

from datetime import date

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome, cost_parameters, judge_line
from budgetlijn.rules.costs.snapshot import Dated

from .cost_lines import D, codes, judge, line, rules


def test_r19_r24_r22_refusals_are_all_reported():
    j = judge(line(contract_status="REFUSED", cost_kind="TEMP_AGENCY_INVOICE"))
    assert j.outcome is LineOutcome.REFUSED
    assert rules(j) == ["R19", "R24"]
    assert j.own_amount == j.amount


def test_r25_a_refusal_wins_over_a_wait():
    j = judge(line(contract_status="REGISTERED", cost_kind="TEMP_AGENCY_INVOICE"))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_KIND_NOT_FOR_CONTRACT_TYPE]
    assert j.wait_reason is None


def test_r29_waiting_line_shows_what_would_be_payable_and_why():
    j = judge(line(contract_status="REGISTERED", cost_kind="GIFT", amount=D("45.00")))
    assert j.outcome is LineOutcome.WAITING
    assert j.payable_amount == D("40.00")
    assert codes(j) == [CostCode.COST_CONTRACT_NOT_APPROVED, CostCode.GIFT_ABOVE_MAXIMUM]
    assert j.own_amount == 0


def test_r29_the_tightest_cap_binds_and_every_binding_cap_explains():
    counters = CostCounters(
        yearly_amount=D("20000.00"),
        other_costs=D("990.00"),
        volunteer_fee_year={"V": D("1400.00")},
    )
    facts = line(
        contract_type_code="PAB_VOLUNTEER_ORGANISATION",
        cost_kind="VOLUNTEER_FLAT_FEE",
        period_from=date(2021, 6, 1),
        period_to=date(2021, 6, 1),
        amount=D("30.00"),
        assistant="V",
    )
    j = judge(facts, counters)
    assert j.payable_amount == D("10.00")  # 5 % left 10,00; the year left 16,16
    assert set(codes(j)) == {
        CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM,
        CostCode.OTHER_COSTS_ABOVE_SHARE,
    }
    assert j.outcome is LineOutcome.PARTLY_ACCEPTED


def test_r26_credit_note_is_accepted_whole_without_caps():
    j = judge(line(booking_type="CREDIT_NOTE", cost_kind="GIFT", amount=D("45.00")))
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.payable_amount == D("45.00")
    assert j.violations == ()


def test_r19_credit_note_needs_a_contract_too():
    j = judge(line(booking_type="CREDIT_NOTE", contract_status=None))
    assert codes(j) == [CostCode.COST_CONTRACT_MISSING]


def test_r20_credit_note_gives_back_what_it_names():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters(service_vouchers=D(100), premiums={"A": D("500.00")})
    vouchers = line(
        contract_type_code="PAB_SERVICE_VOUCHERS",
        cost_kind="SERVICE_VOUCHERS",
        booking_type="CREDIT_NOTE",
        quantity=D(10),
        amount=D("90.00"),
    )
    after = counters.after(vouchers, judge_line(vouchers, counters, params))
    assert after.service_vouchers == D(90)
    premium = line(
        cost_kind="OTHER_PREMIUMS", booking_type="CREDIT_NOTE", amount=D("600.00"), assistant="A"
    )
    after = after.after(premium, judge_line(premium, after, params))
    assert after.premiums["A"] == 0  # never below zero


def test_counters_ignore_waiting_and_refused_lines():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters()
    for facts in (
        line(cost_kind="OTHER_PREMIUMS", contract_status="REGISTERED"),
        line(cost_kind="OTHER_PREMIUMS", contract_status=None),
    ):
        assert counters.after(facts, judge_line(facts, counters, params)) is counters


def test_counters_are_frozen():
    counters = CostCounters(premiums={"A": D(1)})
    with pytest.raises(TypeError):
        counters.premiums["A"] = D(2)


def test_judging_looks_no_parameter_up(monkeypatch):
    params = cost_parameters("PAB", 2021)
    counters = CostCounters(yearly_amount=D("20000.00"))

    def forbidden(*args, **kwargs):
        raise AssertionError("a parameter lookup while judging")

    monkeypatch.setattr(parameters, "value", forbidden)
    monkeypatch.setattr(parameters, "entry", forbidden)
    for facts in (
        line(quantity=D(10), amount=D("120.00")),
        line(contract_type_code="PAB_MFC_SHORT_STAY", cost_kind="PROVIDER_INVOICE", quantity=D(3)),
        line(cost_kind="GIFT", amount=D("45.00")),
        line(filed_on=date(2022, 5, 1), late_reason="CONTRACT_DISPUTE"),
    ):
        judge_line(facts, counters, params)


def test_snapshot_follows_a_change_within_the_year():
    def source(name):
        if name != "contracts.minimum_wage.pc31901.hourly":
            return []
        return [
            parameters.ParameterValue(
                name, date(2021, 7, 1), None, D("12.00"), "EUR/uur", "test", parameters.SOURCE_ADMIN
            )
        ]

    with parameters.isolated(override_source=source):
        params = cost_parameters("PAB", 2021)
    assert params.minimum_wage.at(date(2021, 6, 30)) == D("11.28570646")
    assert params.minimum_wage.at(date(2021, 7, 1)) == D("12.00")
    june = line(
        period_from=date(2021, 6, 1), period_to=date(2021, 6, 30), quantity=D(1), amount=D("11.29")
    )
    july = line(
        period_from=date(2021, 7, 1), period_to=date(2021, 7, 31), quantity=D(1), amount=D("11.29")
    )
    assert judge_line(june, CostCounters(), params).outcome is LineOutcome.ACCEPTED
    assert judge_line(july, CostCounters(), params).outcome is LineOutcome.REFUSED


def test_dated_before_its_first_day_has_no_value():
    dated = Dated((date(2021, 1, 1), date(2021, 7, 1)), ("a", "b"))
    assert dated.at(date(2020, 12, 31)) is None
    assert dated.at(date(2021, 6, 30)) == "a"
    assert dated.at(date(2021, 7, 1)) == "b"


def test_snapshot_per_budget_kind():
    pab, pvb = cost_parameters("PAB", 2021), cost_parameters("PVB", 2021)
    assert pab.via4_rate == D("0.07") and pvb.via4_rate is None
    assert pab.other_costs_rate == D("0.05") and pvb.other_costs_rate is None
    assert pab.gift_max == D("40.00")
    assert (pab.volunteer_day_max, pab.volunteer_year_max) == (D("35.41"), D("1416.16"))
    assert cost_parameters("PAB", 2022).volunteer_year_max == D("1473.37")


def test_snapshot_without_a_deadline_raises():
    with pytest.raises(parameters.ParameterMissing):
        cost_parameters("PAB", 2016)


def test_snapshot_returns_to_the_file_value_after_an_override_ends():
    def source(name):
        if name != "contracts.minimum_wage.pc31901.hourly":
            return []
        return [
            parameters.ParameterValue(
                name,
                date(2021, 3, 1),
                date(2021, 3, 31),
                D("13.00"),
                "EUR/uur",
                "test",
                parameters.SOURCE_ADMIN,
            )
        ]

    with parameters.isolated(override_source=source):
        params = cost_parameters("PAB", 2021)
    assert params.minimum_wage.starts == (date(2021, 1, 1), date(2021, 3, 1), date(2021, 4, 1))
    assert params.minimum_wage.at(date(2021, 2, 28)) == D("11.28570646")
    assert params.minimum_wage.at(date(2021, 3, 31)) == D("13.00")
    assert params.minimum_wage.at(date(2021, 4, 1)) == D("11.28570646")


def test_snapshot_short_term_caps_change_with_the_year():
    caps_2022 = cost_parameters("PAB", 2022).short_term_caps.at(date(2022, 12, 31))
    caps_2023 = cost_parameters("PAB", 2023).short_term_caps.at(date(2023, 1, 1))
    assert caps_2022.pools["MOBILE"] == "MOBILE" and "GROUP" not in caps_2022.pools
    assert caps_2023.pools["MOBILE"] == "SESSIONS" and caps_2023.pools["GROUP"] == "SESSIONS"
    assert caps_2023.envelopes["DAYS"] == {"DAYS": D(155), "NIGHTS": D(155)}
    assert caps_2022.envelopes["AMBULANT"] == {"MOBILE": D(36), "AMBULANT": D(51)}


def test_r20_voucher_credit_never_below_zero():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters(service_vouchers=D(5))
    credit = line(
        contract_type_code="PAB_SERVICE_VOUCHERS",
        cost_kind="SERVICE_VOUCHERS",
        booking_type="CREDIT_NOTE",
        quantity=D(10),
        amount=D("90.00"),
    )
    assert counters.after(credit, judge_line(credit, counters, params)).service_vouchers == 0


def test_r22_zero_hours_fall_back_to_the_contracts_hourly_cost():
    assert judge(line(quantity=D(0), amount=D("1.00"))).outcome is LineOutcome.ACCEPTED
    j = judge(line(quantity=D(0), amount=D("1.00"), contract_hourly_cost=D("11.00")))
    assert codes(j) == [CostCode.COST_BELOW_MINIMUM_WAGE]
