"""R24 allowed kinds per contract type; R32, R23, R6 never payable, each with its own code."""

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import (
    CostCounters,
    LineOutcome,
    check_r6,
    check_r23,
    check_r24,
    check_r32,
    cost_parameters,
)

from .cost_lines import D, codes, judge, line, rules


def test_r24_kind_of_the_contract_type_is_accepted():
    j = judge(line(cost_kind="MEAL_VOUCHERS", amount=D("80.00")))
    assert j.outcome is LineOutcome.ACCEPTED


def test_r24_kind_not_allowed_for_the_type_is_refused_with_the_allowed_kinds():
    j = judge(line(cost_kind="TEMP_AGENCY_INVOICE"))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_KIND_NOT_FOR_CONTRACT_TYPE]
    text = j.violations[0].text()
    assert "Maaltijdcheques" in text  # an allowed kind is named
    assert "interimkantoor" in text


def test_r24_unknown_kind_is_refused():
    j = judge(line(cost_kind="LOTTERY_TICKETS"))
    assert codes(j) == [CostCode.COST_KIND_UNKNOWN]
    assert rules(j) == ["R24"]


def test_r24_unknown_contract_type_is_refused():
    j = judge(line(contract_type_code="PAB_NO_SUCH_TYPE"))
    assert codes(j) == [CostCode.COST_CONTRACT_TYPE_UNKNOWN]


def test_r24_volunteer_flat_fee_is_a_kind_of_the_volunteer_types():
    for code in ("PAB_VOLUNTEER_ORGANISATION", "PVB_VOLUNTEER_ORGANISATION"):
        assert "VOLUNTEER_FLAT_FEE" in ct.contract_type(code).cost_kinds


@pytest.mark.parametrize(
    ("kind", "rule", "code"),
    [
        ("HOUSE_WORKS", "R32", CostCode.COST_NEVER_PAYABLE),
        ("THERAPY", "R32", CostCode.COST_NEVER_PAYABLE),
        ("MEDICAL_CARE", "R32", CostCode.COST_NEVER_PAYABLE),
        ("PSYCHOLOGICAL_GUIDANCE", "R32", CostCode.COST_NEVER_PAYABLE),
        ("HOTEL_COSTS", "R23", CostCode.COST_HOTEL_OR_OWN_CONTRIBUTION),
        ("OWN_CONTRIBUTION", "R23", CostCode.COST_HOTEL_OR_OWN_CONTRIBUTION),
        ("DAY_NURSERY", "R6", CostCode.COST_PAB_EXCLUDED_USE),
        ("CARE_INSURANCE_PREMIUM", "R6", CostCode.COST_PAB_EXCLUDED_USE),
    ],
)
def test_r32_r23_r6_never_payable_kinds_are_refused_with_their_own_rule(kind, rule, code):
    # checked before R19 and R24: the specific message, even on a registered contract
    j = judge(line(cost_kind=kind, contract_status="REGISTERED"))
    assert j.outcome is LineOutcome.REFUSED
    assert rules(j) == [rule]
    assert codes(j) == [code]
    label = ct.non_payable_cost_kinds()[kind].label
    assert label in j.violations[0].text()


def test_r23_hotel_costs_at_a_short_stay_are_refused():
    j = judge(line(contract_type_code="PAB_MFC_SHORT_STAY", cost_kind="HOTEL_COSTS", quantity=D(3)))
    assert codes(j) == [CostCode.COST_HOTEL_OR_OWN_CONTRIBUTION]
    assert "zorg en ondersteuning" in j.violations[0].text()


def test_r6_applies_to_a_pab_only_a_pvb_line_is_refused_by_r24():
    j = judge(line(budget_kind="PVB", contract_type_code="PVB_EMPLOYMENT", cost_kind="DAY_NURSERY"))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_KIND_UNKNOWN]


def test_r6_non_payable_section_mirrors_the_excluded_uses():
    r6 = {c for c, k in ct.non_payable_cost_kinds().items() if k.rule == "R6"}
    assert r6 == set(ct.excluded_uses())
    assert all(
        k.budget_kinds == {"PAB"} for k in ct.non_payable_cost_kinds().values() if k.rule == "R6"
    )


def test_r32_r23_r6_each_check_only_its_own_rule():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters()
    hotel = line(cost_kind="HOTEL_COSTS")
    assert check_r32(hotel, counters, params) == ()
    assert check_r6(hotel, counters, params) == ()
    assert [f.violation.rule_id for f in check_r23(hotel, counters, params)] == ["R23"]
    works = line(cost_kind="HOUSE_WORKS")
    assert [f.violation.rule_id for f in check_r32(works, counters, params)] == ["R32"]
    assert check_r23(works, counters, params) == ()
    nursery = line(cost_kind="DAY_NURSERY")
    assert [f.violation.rule_id for f in check_r6(nursery, counters, params)] == ["R6"]
    assert check_r24(line(), counters, params) == ()
