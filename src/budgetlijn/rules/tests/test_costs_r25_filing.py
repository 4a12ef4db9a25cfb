"""R25: year binding, the dated filing deadline, late lines with a listed reason, credit notes."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import LATE_REASONS, LineOutcome, WaitReason, cost_parameters

from .cost_lines import D, codes, judge, line


def filed(kind, year, on, reason="", **changes):
    type_code = "PAB_EMPLOYMENT" if kind == "PAB" else "PVB_EMPLOYMENT"
    return line(
        budget_kind=kind,
        budget_year=year,
        contract_type_code=type_code,
        contract_start=date(2017, 1, 1),
        period_from=date(year, 12, 1),
        period_to=date(year, 12, 31),
        filed_on=on,
        late_reason=reason,
        **changes,
    )


@pytest.mark.parametrize(
    ("kind", "year", "deadline", "late_until"),
    [
        ("PAB", 2020, date(2021, 4, 1), date(2023, 4, 1)),  # the seed's example
        ("PAB", 2021, date(2022, 4, 1), date(2024, 4, 1)),
        ("PVB", 2017, date(2018, 3, 1), date(2020, 3, 1)),
        ("PVB", 2018, date(2019, 3, 1), date(2021, 3, 1)),
        ("PVB", 2021, date(2022, 3, 31), date(2024, 3, 31)),
        ("PVB", 2023, date(2024, 3, 31), date(2026, 3, 31)),
    ],
)
def test_r25_deadlines_are_dated_per_budget_kind(kind, year, deadline, late_until):
    params = cost_parameters(kind, year)
    assert (params.deadline, params.late_until) == (deadline, late_until)
    assert judge(filed(kind, year, deadline)).outcome is LineOutcome.ACCEPTED  # the day itself
    day_after = date.fromordinal(deadline.toordinal() + 1)
    late = judge(filed(kind, year, day_after))
    assert late.outcome is LineOutcome.REFUSED
    assert codes(late) == [CostCode.COST_FILED_LATE_WITHOUT_REASON]
    review = judge(filed(kind, year, late_until, "CONTRACT_DISPUTE"))
    assert review.outcome is LineOutcome.WAITING
    assert review.wait_reason is WaitReason.LATE_REVIEW
    too_late = judge(
        filed(kind, year, date.fromordinal(late_until.toordinal() + 1), "CONTRACT_DISPUTE")
    )
    assert too_late.outcome is LineOutcome.REFUSED
    assert codes(too_late) == [CostCode.COST_FILED_TOO_LATE]


@pytest.mark.parametrize("reason", sorted(LATE_REASONS))
def test_r25_every_listed_late_reason_goes_to_review(reason):
    j = judge(filed("PAB", 2021, date(2022, 4, 2), reason))
    assert j.outcome is LineOutcome.WAITING
    assert j.wait_reason is WaitReason.LATE_REVIEW
    assert codes(j) == [CostCode.COST_FILED_LATE_REVIEW]
    assert LATE_REASONS[reason] in j.violations[0].text()
    assert j.payable_amount == D("1200.00")


def test_r25_six_late_reasons_of_facts_md():
    assert len(LATE_REASONS) == 6


def test_r25_an_unlisted_late_reason_is_refused_and_lists_the_reasons():
    j = judge(filed("PAB", 2021, date(2022, 5, 1), "FORGOT"))
    assert codes(j) == [CostCode.COST_FILED_LATE_WITHOUT_REASON]
    text = j.violations[0].text()
    assert "01/04/2022" in text and "01/04/2024" in text
    assert LATE_REASONS["HOSPITAL_STAY_IN_MARCH"] in text


def test_r25_a_late_reason_in_time_changes_nothing():
    assert (
        judge(filed("PAB", 2021, date(2022, 3, 1), "CONTRACT_DISPUTE")).outcome
        is LineOutcome.ACCEPTED
    )


def test_r25_review_accepted_judges_the_line_as_in_time():
    facts = filed(
        "PAB", 2021, date(2023, 1, 10), "INSPECTORATE_FINDINGS", cost_kind="GIFT", amount=D("45.00")
    )
    j = judge(facts, late_accepted=True)
    assert j.outcome is LineOutcome.PARTLY_ACCEPTED
    assert j.payable_amount == D("40.00")
    # without a reason, accepting the review does not help
    assert (
        judge(filed("PAB", 2021, date(2023, 1, 10)), late_accepted=True).outcome
        is LineOutcome.REFUSED
    )


def test_r25_waiting_for_the_contract_comes_before_the_late_review():
    j = judge(
        filed("PAB", 2021, date(2022, 5, 1), "CONTRACT_DISPUTE", contract_status="REGISTERED")
    )
    assert j.outcome is LineOutcome.WAITING
    assert j.wait_reason is WaitReason.CONTRACT_NOT_APPROVED
    assert set(codes(j)) == {CostCode.COST_CONTRACT_NOT_APPROVED, CostCode.COST_FILED_LATE_REVIEW}


def test_r25_credit_notes_follow_the_same_rule():
    credit = dict(booking_type="CREDIT_NOTE", amount=D("100.00"))
    assert judge(filed("PAB", 2021, date(2022, 4, 1), **credit)).outcome is LineOutcome.ACCEPTED
    assert judge(filed("PAB", 2021, date(2022, 4, 2), **credit)).outcome is LineOutcome.REFUSED
    j = judge(filed("PAB", 2021, date(2022, 4, 2), "CASH_BUDGET_SETTLEMENT", **credit))
    assert j.outcome is LineOutcome.WAITING


def test_r25_a_line_spanning_two_years_is_refused_with_what_to_do():
    j = judge(
        line(period_from=date(2021, 12, 15), period_to=date(2022, 1, 15), filed_on=date(2022, 2, 1))
    )
    assert j.outcome is LineOutcome.REFUSED
    assert codes(j) == [CostCode.COST_PERIOD_SPANS_TWO_YEARS]
    assert "Splits" in j.violations[0].text()


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2020, 12, 31), date(2020, 12, 31)), (date(2022, 1, 1), date(2022, 1, 1))],
)
def test_r25_a_line_of_another_year_is_refused(start, end):
    j = judge(line(period_from=start, period_to=end))
    assert codes(j) == [CostCode.COST_PERIOD_OUTSIDE_BUDGET_YEAR]


def test_r25_year_boundaries_belong_to_the_year():
    j = judge(
        line(
            contract_start=date(2021, 1, 1),
            period_from=date(2021, 1, 1),
            period_to=date(2021, 12, 31),
        )
    )
    assert j.outcome is LineOutcome.ACCEPTED


def test_r25_a_reversed_period_is_refused():
    j = judge(line(period_from=date(2021, 5, 2), period_to=date(2021, 5, 1)))
    assert codes(j) == [CostCode.COST_PERIOD_REVERSED]
