"""R19: a cost counts only under an approved contract covering its period."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import LineOutcome, WaitReason

from .cost_lines import D, codes, judge, line


def test_r19_cost_under_approved_contract_is_accepted():
    j = judge(line())
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.payable_amount == D("1200.00")
    assert j.violations == ()
    assert j.wait_reason is None
    assert j.own_amount == 0


def test_r19_registered_contract_waits_for_approval():
    j = judge(line(contract_status="REGISTERED"))
    assert j.outcome is LineOutcome.WAITING
    assert j.wait_reason is WaitReason.CONTRACT_NOT_APPROVED
    assert codes(j) == [CostCode.COST_CONTRACT_NOT_APPROVED]
    assert j.violations[0].rule_id == "R19"
    assert "goedgekeurd" in j.violations[0].text()
    assert j.payable_amount == D("1200.00")  # what would be payable once approved
    assert j.own_amount == 0


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("REFUSED", CostCode.COST_CONTRACT_REFUSED),
        (None, CostCode.COST_CONTRACT_MISSING),
        ("SOMETHING", CostCode.COST_CONTRACT_MISSING),
    ],
)
def test_r19_refused_or_missing_contract_refuses_the_line(status, code):
    j = judge(line(contract_status=status))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [code]
    assert j.payable_amount == 0
    assert j.own_amount == D("1200.00")
    assert "overeenkomst" in j.violations[0].text()


def test_r19_ended_contract_still_covers_its_period():
    j = judge(line(contract_status="ENDED", contract_end=date(2021, 5, 31)))
    assert j.outcome is LineOutcome.ACCEPTED


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2021, 5, 1), date(2021, 5, 31), True),  # exactly the period
        (date(2021, 5, 2), None, False),  # starts a day after the period
        (date(2021, 1, 1), date(2021, 5, 30), False),  # ends a day before the period's end
        (None, None, True),
    ],
)
def test_r19_contract_must_cover_the_whole_period(start, end, ok):
    j = judge(line(contract_start=start, contract_end=end))
    if ok:
        assert j.outcome is LineOutcome.ACCEPTED
    else:
        assert j.outcome is LineOutcome.REFUSED
        assert codes(j) == [CostCode.COST_OUTSIDE_CONTRACT_PERIOD]
        assert "01/05/2021" in j.violations[0].text()


def test_r19_registered_contract_not_covering_the_period_is_refused_not_waiting():
    j = judge(line(contract_status="REGISTERED", contract_start=date(2021, 6, 1)))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_OUTSIDE_CONTRACT_PERIOD]


def test_r19_free_share_needs_no_contract():
    j = judge(
        line(
            cost_kind="FREE_SHARE",
            contract_type_code=None,
            contract_status=None,
            contract_start=None,
            amount=D("12.50"),
        )
    )
    assert j.outcome is LineOutcome.ACCEPTED
    assert j.other_costs is True
