"""R20 for cost lines: service vouchers per holder per year; family never via vouchers/wijk-werk."""

from dataclasses import replace

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome, judge_line

from .cost_lines import D, codes, judge, line


def vouchers(quantity, amount=None, **changes):
    return line(
        contract_type_code="PAB_SERVICE_VOUCHERS",
        cost_kind="SERVICE_VOUCHERS",
        quantity=D(quantity) if quantity is not None else None,
        amount=D(amount) if amount is not None else D(quantity) * D("9.00"),
        **changes,
    )


@pytest.mark.parametrize(
    ("used", "asked", "parent", "accepted"),
    [
        (0, 2000, False, 2000),  # exactly the cap
        (0, 2001, False, 2000),  # one past it
        (1990, 20, False, 10),
        (2000, 1, False, 0),
        (0, 2500, True, 2500),  # parents of a child with a disability
        (0, 2501, True, 2500),
        (2400, 150, True, 100),
    ],
)
def test_r20_service_vouchers_cap_per_year(used, asked, parent, accepted):
    counters = CostCounters(service_vouchers=D(used), parent_of_disabled_child=parent)
    j = judge(vouchers(asked), counters)
    assert j.accepted_quantity == D(accepted)
    assert j.payable_amount == D(accepted) * D("9.00")
    if accepted == asked:
        assert j.outcome is LineOutcome.ACCEPTED
    elif accepted == 0:
        assert j.outcome is LineOutcome.REFUSED
        assert codes(j) == [CostCode.SERVICE_VOUCHER_CAP_EXCEEDED]
    else:
        assert j.outcome is LineOutcome.PARTLY_ACCEPTED
        assert codes(j) == [CostCode.SERVICE_VOUCHER_CAP_EXCEEDED]
        assert f"nog {accepted} van de {asked}" in j.violations[0].text()


def test_r20_partly_accepted_voucher_amount_is_pro_rata_per_voucher_to_the_cent():
    counters = CostCounters(service_vouchers=D(1997))
    j = judge(vouchers(7, "63.10"), counters)  # 9,0142857... a voucher
    assert j.accepted_quantity == D(3)
    assert j.payable_amount == D("27.04")  # 63,10 * 3 / 7 = 27,042...
    assert j.own_amount == D("36.06")


def test_r20_service_voucher_line_needs_the_number_of_vouchers():
    j = judge(vouchers(None, "90.00"))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.SERVICE_VOUCHER_QUANTITY_MISSING]


def test_r20_counters_advance_with_accepted_vouchers_only():
    from budgetlijn.rules.costs import cost_parameters

    params = cost_parameters("PAB", 2021)
    counters = CostCounters(service_vouchers=D(1990))
    facts = vouchers(20)
    j = judge_line(facts, counters, params)
    after = counters.after(facts, j)
    assert after.service_vouchers == D(2000)
    second = judge_line(facts, after, params)
    assert second.outcome is LineOutcome.REFUSED
    assert after.after(facts, second) is after


@pytest.mark.parametrize("type_code", ["PAB_SERVICE_VOUCHERS", "PAB_WIJK_WERK"])
def test_r20_family_never_through_service_vouchers_or_wijk_werk(type_code):
    kind = "SERVICE_VOUCHERS" if type_code == "PAB_SERVICE_VOUCHERS" else "WIJK_WERK_CHEQUES"
    facts = replace(
        vouchers(10), contract_type_code=type_code, cost_kind=kind, contract_family=True
    )
    j = judge(facts)
    assert j.outcome is LineOutcome.REFUSED
    assert CostCode.COST_FAMILY_THROUGH_VOUCHERS_OR_WIJK_WERK in codes(j)
    assert "familielid" in j.violations[0].text()
    assert judge(replace(facts, contract_family=False)).outcome is LineOutcome.ACCEPTED


def test_r20_family_employment_is_fine():
    assert judge(
        line(contract_type_code="PAB_FAMILY_EMPLOYMENT", contract_family=True)
    ).outcome is (LineOutcome.ACCEPTED)
