"""judge_line field by field: what a refused, waiting, capped or accepted line carries (payable,
accepted quantity, counter, other costs, violations in order), and a cap on the amount taking
its share of the quantity."""

from datetime import date

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, LineOutcome, WaitReason

from .cost_lines import D, codes, judge, line


def stay(quantity, amount="100.00", **changes):
    return line(
        contract_type_code="PAB_MFC_SHORT_STAY",
        contract_start=date(2017, 1, 1),
        cost_kind="PROVIDER_INVOICE",
        quantity=D(quantity) if quantity is not None else None,
        amount=D(amount),
        **changes,
    )


def fee(amount, days, **changes):
    return line(
        contract_type_code="PAB_VOLUNTEER_ORGANISATION",
        cost_kind="VOLUNTEER_FLAT_FEE",
        period_from=date(2021, 6, 1),
        period_to=date(2021, 6, 30),
        amount=D(amount),
        quantity=D(days),
        assistant="V",
        **changes,
    )


def test_r26_accepted_line_keeps_its_quantity_and_says_nothing():
    j = judge(line(quantity=D(100), amount=D("1200.00")))
    assert j.outcome is LineOutcome.ACCEPTED
    assert (j.amount, j.payable_amount, j.accepted_quantity) == (D("1200.00"), D("1200.00"), D(100))
    assert (j.violations, j.wait_reason, j.short_term_counter, j.other_costs) == (
        (),
        None,
        None,
        False,
    )


def test_r19_refused_line_pays_nothing_and_accepts_no_quantity():
    j = judge(line(contract_status=None, quantity=D(100)))
    assert j.outcome is LineOutcome.REFUSED
    assert j.payable_amount == D("0.00")
    assert str(j.payable_amount) == "0.00"
    assert j.accepted_quantity == D(0)
    assert j.wait_reason is None
    assert judge(line(contract_status=None)).accepted_quantity is None


def test_r21_refused_short_term_line_still_names_its_counter():
    # refused by a gate (no contract): the counter is still the line's
    j = judge(stay(5, contract_status=None))
    assert j.outcome is LineOutcome.REFUSED
    assert j.short_term_counter == "NIGHTS"
    assert j.accepted_quantity == D(0)
    # refused by R21 itself (no quantity)
    j = judge(stay(None))
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_SHORT_TERM_QUANTITY_MISSING]
    assert j.short_term_counter == "NIGHTS"
    assert j.accepted_quantity is None
    assert j.payable_amount == 0


def test_r29_refused_other_cost_line_is_still_an_other_cost():
    j = judge(
        line(
            cost_kind="FREE_SHARE",
            contract_type_code=None,
            contract_status=None,
            filed_on=date(2025, 1, 1),
        )
    )
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_FILED_TOO_LATE]
    assert j.other_costs is True
    # a volunteer fee refused by its day maximum, with a quantity: 0 accepted
    refused = judge(fee("400.00", 10), CostCounters(yearly_amount=D("20000.00")))
    assert codes(refused) == [CostCode.VOLUNTEER_DAY_FEE_ABOVE_MAXIMUM]
    assert refused.accepted_quantity == D(0)
    assert refused.other_costs is True


def test_r29_an_amount_cap_takes_its_share_of_the_quantity_rounded_down():
    # 10 days for 300,00 with 200,00 left in the volunteer's year: 6,66 days (not 6,67)
    counters = CostCounters(volunteer_fee_year={"V": D("1216.16")})
    j = judge(fee("300.00", 10), counters)
    assert j.outcome is LineOutcome.PARTLY_ACCEPTED
    assert j.payable_amount == D("200.00")
    assert j.accepted_quantity == D("6.66")
    assert codes(j) == [CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM]


def test_r21_r29_a_quantity_cap_and_an_amount_cap_the_smallest_quantity_holds():
    # 4 nights for 40,00 with 2 nights left (R21: 20,00), and no amount cap: 2 nights
    counters = CostCounters(short_term={"NIGHTS": D(90)})
    j = judge(stay(4, amount="40.00"), counters)
    assert (j.payable_amount, j.accepted_quantity) == (D("20.00"), D(2))
    assert j.short_term_counter == "NIGHTS"


def test_r21_waiting_line_shows_its_cap_counter_and_quantity():
    counters = CostCounters(short_term={"NIGHTS": D(90)})
    j = judge(stay(4, amount="40.00", contract_status="REGISTERED"), counters)
    assert j.outcome is LineOutcome.WAITING
    assert j.wait_reason is WaitReason.CONTRACT_NOT_APPROVED
    assert j.amount == D("40.00")
    assert (j.payable_amount, j.accepted_quantity) == (D("20.00"), D(2))
    assert codes(j) == [CostCode.COST_CONTRACT_NOT_APPROVED, CostCode.COST_SHORT_TERM_CAP_EXCEEDED]
    assert j.short_term_counter == "NIGHTS"
    assert j.own_amount == 0


def test_r25_waiting_for_review_only_names_the_late_reason():
    j = judge(
        line(
            cost_kind="FREE_SHARE",
            contract_type_code=None,
            contract_status=None,
            filed_on=date(2022, 5, 1),
            late_reason="CONTRACT_DISPUTE",
            quantity=D(3),
        )
    )
    assert j.outcome is LineOutcome.WAITING
    assert j.wait_reason is WaitReason.LATE_REVIEW
    assert codes(j) == [CostCode.COST_FILED_LATE_REVIEW]
    assert (j.payable_amount, j.accepted_quantity) == (D("1200.00"), D(3))
    assert j.other_costs is True
    assert j.short_term_counter is None


def test_r26_credit_note_keeps_its_quantity_without_caps():
    counters = CostCounters(short_term={"NIGHTS": D(92)})
    j = judge(stay(5, booking_type="CREDIT_NOTE"), counters)
    assert j.outcome is LineOutcome.ACCEPTED
    assert (j.payable_amount, j.accepted_quantity) == (D("100.00"), D(5))
    assert j.violations == ()
    assert j.short_term_counter == "NIGHTS"


def test_r20_r21_a_cap_without_a_quantity_keeps_the_quantity_none():
    j = judge(line(cost_kind="GIFT", amount=D("45.00")))
    assert j.accepted_quantity is None
    assert j.payable_amount == D("40.00")


def test_r29_an_amount_cap_on_a_line_under_one_euro_takes_its_share_of_the_quantity():
    # 10 days for 0,90 with 0,30 left in the volunteer's year: 3,33 days
    counters = CostCounters(volunteer_fee_year={"V": D("1415.86")})
    j = judge(fee("0.90", 10), counters)
    assert j.payable_amount == D("0.30")
    assert j.accepted_quantity == D("3.33")
