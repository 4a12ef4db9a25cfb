"""R14 (PVB) and R15 (PAB) free share: the limit pro rata by month, the request window, parts
decided against what was granted and what the budget line has left (seed 001; seed 002
'Vrij besteedbaar deel'; seed 003 §7.2)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import budget_year
from budgetlijn.rules.codes import FreeShareCode
from budgetlijn.rules.payments import r14_free_share as r14
from budgetlijn.rules.payments import r15_free_share as r15
from budgetlijn.rules.payments.free_share import ACCEPTED, PARTLY, REFUSED

D = Decimal
PLENTY = D("50000.00")


def months(first, last, value):
    return {m: value for m in range(first, last + 1)}


# --- R14 PVB ---


def test_r14_free_share_seed_example_allocated_1_september_is_1200_of_3600():
    assert r14.limit(months(9, 12, ("old", "V")), 2023) == D("1200.00")
    assert r14.limit(months(1, 12, ("old", "V")), 2023) == D("3600.00")


def test_r14_free_share_categories_1_to_4_get_1800_and_5_to_12_get_3600():
    assert r14.limit(months(1, 12, ("old", "IV")), 2023) == D("1800.00")
    assert r14.limit(months(1, 12, ("old", "V")), 2023) == D("3600.00")
    assert r14.limit(months(1, 12, ("old", "XII")), 2023) == D("3600.00")
    assert r14.limit(months(9, 12, ("old", "I")), 2023) == D("600.00")


def test_r14_free_share_a_category_change_counts_each_month_at_its_category():
    by_month = {**months(1, 6, ("old", "IV")), **months(7, 12, ("old", "V"))}
    assert r14.limit(by_month, 2023) == D("900.00") + D("1800.00")


def test_r14_free_share_limit_is_the_budget_year_figure():
    assert r14.limit(months(9, 12, ("new", "7")), 2023) == budget_year.free_share(
        "PVB", "new", "7", None, 2023, start=date(2023, 9, 1)
    )


def ask14(amount, *, limit="1200.00", granted="0", line=PLENTY, asked_on=date(2023, 10, 2), **kw):
    return r14.decide_pvb(
        year=2023,
        amount=D(amount),
        asked_on=asked_on,
        limit=D(limit),
        granted=D(granted),
        line_left=D(line),
        **kw,
    )


def test_r14_free_share_a_part_within_the_limit_is_accepted_whole():
    decision = ask14("1200.00")
    assert (decision.outcome, decision.accepted, decision.violations) == (
        ACCEPTED,
        D("1200.00"),
        (),
    )


def test_r14_free_share_above_the_pro_rata_limit_is_accepted_up_to_it():
    decision = ask14("1500.00")
    assert (decision.outcome, decision.accepted) == (PARTLY, D("1200.00"))
    [violation] = decision.violations
    assert (violation.rule_id, violation.code) == ("R14", FreeShareCode.FREE_SHARE_ABOVE_LIMIT)
    assert "1\u00a0200,00" in violation.text()


def test_r14_free_share_parts_add_up_to_the_limit_and_no_further():
    assert ask14("700.00", granted="500.00").accepted == D("700.00")
    assert ask14("0.01", granted="1199.99").outcome == ACCEPTED
    decision = ask14("0.01", granted="1200.00")
    assert (decision.outcome, decision.accepted) == (REFUSED, D("0"))
    assert decision.violations[0].code == FreeShareCode.FREE_SHARE_USED_UP


def test_r14_free_share_is_part_of_the_budget_not_extra():
    decision = ask14("1000.00", line="400.00")
    assert (decision.outcome, decision.accepted) == (PARTLY, D("400.00"))
    assert decision.violations[0].code == FreeShareCode.FREE_SHARE_ABOVE_BUDGET_LINE
    spent = ask14("1.00", line="0.00")
    assert spent.outcome == REFUSED
    assert spent.violations[0].code == FreeShareCode.FREE_SHARE_BUDGET_LINE_SPENT


def test_r14_free_share_the_smaller_of_share_and_line_decides_the_reason():
    # share left 200, line 300: the share caps
    capped = ask14("500.00", granted="1000.00", line="300.00")
    assert capped.accepted == D("200.00")
    assert capped.violations[0].code == FreeShareCode.FREE_SHARE_ABOVE_LIMIT


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_r14_free_share_amount_must_be_positive(amount):
    decision = ask14(amount)
    assert decision.outcome == REFUSED
    assert decision.violations[0].code == FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE


def test_r14_free_share_window_from_1_january_until_1_april_next_year_included():
    assert r14.request_window(2023) == (date(2023, 1, 1), date(2024, 4, 1))
    assert ask14("10.00", asked_on=date(2023, 1, 1)).outcome == ACCEPTED
    assert ask14("10.00", asked_on=date(2024, 4, 1)).outcome == ACCEPTED
    late = ask14("10.00", asked_on=date(2024, 4, 2))
    assert late.violations[0].code == FreeShareCode.FREE_SHARE_ASKED_TOO_LATE
    early = ask14("10.00", asked_on=date(2022, 12, 31))
    assert early.violations[0].code == FreeShareCode.FREE_SHARE_ASKED_TOO_EARLY


def test_r14_free_share_not_before_the_budget_is_in_force():
    before = ask14("10.00", asked_on=date(2023, 8, 31), in_force_from=date(2023, 9, 1))
    assert before.violations[0].code == FreeShareCode.FREE_SHARE_ASKED_TOO_EARLY
    assert "01/09/2023" in before.violations[0].text()
    on_the_day = ask14("10.00", asked_on=date(2023, 9, 1), in_force_from=date(2023, 9, 1))
    assert on_the_day.outcome == ACCEPTED


def test_r14_free_share_none_for_a_budget_without_one():
    decision = ask14("10.00", limit="0.00")
    assert decision.violations[0].code == FreeShareCode.FREE_SHARE_NONE_FOR_BUDGET


# --- R15 PAB ---


def test_r15_free_share_seed_example_start_1_march_is_ten_twelfths_of_5_percent():
    yearly = D("23890.08")  # PAB II/2 2023 (seed 002)
    assert r15.limit(months(3, 12, yearly), 2023) == D("995.42")
    assert r15.limit(months(1, 12, yearly), 2023) == D("1194.50")


def test_r15_free_share_is_5_percent_of_the_budget_before_reductions():
    # the caller passes the category's amount, not the reduced allocation
    assert r15.limit(months(1, 12, D("30000.00")), 2023) == D("1500.00")
    assert r15.yearly_share(D("30000.00"), date(2023, 1, 1)) == D("1500.0000")


def test_r15_free_share_seed_example_2022_share_asked_until_1_april_2023():
    assert r15.request_window(2022) == (date(2022, 1, 1), date(2023, 4, 1))


def ask15(amount, *, limit="995.42", granted="0", line=PLENTY, asked_on=date(2023, 6, 1)):
    return r15.decide_pab(
        year=2023,
        amount=D(amount),
        asked_on=asked_on,
        limit=D(limit),
        granted=D(granted),
        line_left=D(line),
        in_force_from=date(2023, 3, 1),
    )


def test_r15_free_share_asked_in_several_parts_each_month_a_little():
    granted = D("0")
    outcomes = []
    for _ in range(4):
        decision = ask15("300.00", granted=granted)
        outcomes.append((decision.outcome, decision.accepted))
        granted += decision.accepted
    assert outcomes == [
        (ACCEPTED, D("300.00")),
        (ACCEPTED, D("300.00")),
        (ACCEPTED, D("300.00")),
        (PARTLY, D("95.42")),
    ]
    assert ask15("1.00", granted=granted).outcome == REFUSED


def test_r15_free_share_rule_id_is_r15_and_the_window_is_the_pab_one():
    late = ask15("1.00", asked_on=date(2024, 4, 2))
    assert (late.violations[0].rule_id, late.violations[0].code) == (
        "R15",
        FreeShareCode.FREE_SHARE_ASKED_TOO_LATE,
    )
    assert ask15("1.00", asked_on=date(2024, 4, 1)).outcome == ACCEPTED
    assert ask15("1.00", asked_on=date(2023, 2, 28)).outcome == REFUSED  # started 1 March


def test_r15_free_share_paid_within_30_days_of_the_request():
    assert r15.pay_by(date(2023, 5, 2)) == date(2023, 6, 1)


def test_r15_free_share_a_mandated_assistance_organisation_may_ask_it():
    assert r15.check_asker("HOLDER") == []
    assert r15.check_asker("AGENCY") == []
    assert r15.check_asker("ASSISTANCE_ORGANISATION", mandate_with_right=True) == []
    [refused] = r15.check_asker("ASSISTANCE_ORGANISATION")
    assert refused.code == FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED
    assert r15.check_asker("SOMEONE", mandate_with_right=True) != []


def test_r15_free_share_correction_only_with_an_advance():
    [no_advance] = r15.check_correction(
        amount=D("100.00"), paid=D("500.00"), advance_outstanding=D("0")
    )
    assert no_advance.code == FreeShareCode.FREE_SHARE_CORRECTION_WITHOUT_ADVANCE
    assert (
        r15.check_correction(amount=D("100.00"), paid=D("500.00"), advance_outstanding=D("0.01"))
        == []
    )


def test_r15_free_share_correction_at_most_what_was_paid():
    ok = r15.check_correction(amount=D("500.00"), paid=D("500.00"), advance_outstanding=D("5000"))
    assert ok == []
    [above] = r15.check_correction(
        amount=D("500.01"), paid=D("500.00"), advance_outstanding=D("5000")
    )
    assert above.code == FreeShareCode.FREE_SHARE_CORRECTION_ABOVE_PAID
    [zero] = r15.check_correction(amount=D("0"), paid=D("500.00"), advance_outstanding=D("5000"))
    assert zero.code == FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE


def test_r15_free_share_not_in_force_names_the_year():
    from budgetlijn.rules.payments.free_share import not_in_force

    violation = not_in_force("R15", 2023)
    assert (violation.rule_id, violation.code) == (
        "R15",
        FreeShareCode.FREE_SHARE_BUDGET_NOT_IN_FORCE,
    )
    assert "2023" in violation.text()
