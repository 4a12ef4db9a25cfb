"""R22 for cost lines: a wage at least the dated PC 319.01 minimum, where the type says so."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import LineOutcome

from .cost_lines import D, codes, judge, line


@pytest.mark.parametrize(
    ("hours", "amount", "ok"),
    [
        ("10", "112.86", True),  # 10 h * 11,28570646 = 112,857 -> 112,86
        ("10", "112.85", False),  # one cent short
        ("1", "11.29", True),
        ("1", "11.28", False),
        ("100", "1128.57", True),
        ("100", "1128.56", False),
    ],
)
def test_r22_wage_for_its_hours_at_least_the_minimum_from_2021(hours, amount, ok):
    j = judge(line(quantity=D(hours), amount=D(amount)))
    if ok:
        assert j.outcome is LineOutcome.ACCEPTED
    else:
        assert j.outcome is LineOutcome.REFUSED
        assert codes(j) == [CostCode.COST_BELOW_MINIMUM_WAGE]
        assert j.violations[0].rule_id == "R22"
        assert "11,2857" in j.violations[0].text()


def test_r22_the_2020_minimum_is_the_lower_one():
    facts = line(
        budget_year=2020,
        contract_start=date(2020, 1, 1),
        period_from=date(2020, 5, 1),
        period_to=date(2020, 5, 31),
        filed_on=date(2020, 6, 1),
        quantity=D(10),
        amount=D("110.65"),  # 10 * 11,0646 = 110,646 -> 110,65
    )
    assert judge(facts).outcome is LineOutcome.ACCEPTED
    assert judge(line(quantity=D(10), amount=D("110.65"))).outcome is LineOutcome.REFUSED


@pytest.mark.parametrize(("hourly", "ok"), [("11.29", True), ("11.28", False), (None, True)])
def test_r22_without_hours_the_contracts_hourly_cost_is_compared(hourly, ok):
    j = judge(line(contract_hourly_cost=D(hourly) if hourly else None))
    assert (j.outcome is LineOutcome.ACCEPTED) is ok
    if not ok:
        assert codes(j) == [CostCode.COST_BELOW_MINIMUM_WAGE]


def test_r22_only_where_the_type_has_minimum_wage():
    # a PVB employment contract: the minimum wage check is a PAB rule (contract_types.yaml)
    facts = line(
        budget_kind="PVB", contract_type_code="PVB_EMPLOYMENT", quantity=D(10), amount=D(50)
    )
    assert judge(facts).outcome is LineOutcome.ACCEPTED
    # family task agreement under a PAB: applies
    facts = line(
        contract_type_code="PAB_FAMILY_TASK_AGREEMENT",
        contract_family=True,
        quantity=D(10),
        amount=D(50),
    )
    assert codes(judge(facts)) == [CostCode.COST_BELOW_MINIMUM_WAGE]


def test_r22_only_wage_lines():
    j = judge(line(cost_kind="MEAL_VOUCHERS", quantity=D(10), amount=D("10.00")))
    assert j.outcome is LineOutcome.ACCEPTED
