"""R33 (stop) and R34 (death): the final settlement's pure rules, with seed 003 §9's examples."""

from datetime import date
from decimal import Decimal as D

import pytest

from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.payments import r33_stop, r34_death
from budgetlijn.rules.payments.r33_stop import FinalLine

DEATH_DAY = date(2023, 6, 14)


def line(no, kind, start, end, amount="100.00"):
    return FinalLine(no, kind, start, end, D(amount))


# --- R33: the last statement's lines -------------------------------------------------------


def test_r33_lines_up_to_the_last_day_pass_the_day_itself_included():
    lines = [line(1, "WAGE", date(2023, 5, 1), date(2023, 5, 31))]
    assert r33_stop.check_final_lines(lines, last_day=date(2023, 5, 31), death=False) == []
    on_last_day = [line(1, "WAGE", date(2023, 5, 31), date(2023, 5, 31))]
    assert r33_stop.check_final_lines(on_last_day, last_day=date(2023, 5, 31), death=False) == []


def test_r33_a_line_starting_the_day_after_the_end_is_refused():
    lines = [
        line(1, "WAGE", date(2023, 5, 1), date(2023, 5, 31)),
        line(2, "WAGE", date(2023, 6, 1), date(2023, 6, 30)),
    ]
    violations = r33_stop.check_final_lines(lines, last_day=date(2023, 5, 31), death=False)
    assert [(v.rule_id, v.code, v.params["line"]) for v in violations] == [
        ("R33", SettlementCode.SETTLEMENT_LINE_AFTER_END, 2)
    ]
    assert "01/06/2023" in violations[0].text() and "31/05/2023" in violations[0].text()


def test_r33_notice_pay_may_concern_the_notice_period_after_the_stop():
    lines = [line(1, "NOTICE_PAY", date(2023, 6, 1), date(2023, 7, 31))]
    assert r33_stop.check_final_lines(lines, last_day=date(2023, 5, 31), death=False) == []


def test_r33_closing_costs_after_the_end_only_after_a_death():
    closing = [line(1, "SOCIAL_SECRETARIAT_INVOICE", date(2023, 7, 1), date(2023, 7, 31))]
    stop = r33_stop.check_final_lines(closing, last_day=date(2023, 5, 31), death=False)
    assert [v.code for v in stop] == [SettlementCode.SETTLEMENT_LINE_AFTER_END]
    assert r33_stop.check_final_lines(closing, last_day=DEATH_DAY, death=True) == []


def test_r34_a_wage_after_the_day_of_death_is_refused_under_r34():
    lines = [line(3, "WAGE", date(2023, 6, 15), date(2023, 6, 30))]
    violations = r33_stop.check_final_lines(lines, last_day=DEATH_DAY, death=True)
    assert [(v.rule_id, v.params["line"]) for v in violations] == [("R34", 3)]
    assert "overlijden" in violations[0].text()


# --- R33: the settlement's figures ---------------------------------------------------------


def test_r33_advance_deducted_from_what_is_still_payable():
    # seed 003 §2.2/§9.1: the advance (a quarter of the yearly budget) is repaid in full.
    result = r33_stop.final_settlement(
        open_commitments=D("7000.00"), advance_outstanding=D("5000.00"), line_left=D("12.34")
    )
    assert result.payable == D("7000.00")
    assert result.advance_deducted == D("5000.00")
    assert result.advance_asked_back == D("0.00")
    assert result.net_payout == D("2000.00")
    assert result.unused == D("12.34")
    assert result.advance_violation() is None


def test_r33_advance_above_what_is_payable_is_asked_back():
    result = r33_stop.final_settlement(
        open_commitments=D("1250.50"), advance_outstanding=D("5000.00"), line_left=D("0")
    )
    assert result.advance_deducted == D("1250.50")
    assert result.advance_asked_back == D("3749.50")
    assert result.net_payout == D("0.00")
    violation = result.advance_violation()
    assert violation.code == SettlementCode.SETTLEMENT_ADVANCE_ASKED_BACK
    assert "3\u00a0749,50" in violation.text()


def test_r33_equal_amounts_leave_nothing_either_way():
    result = r33_stop.final_settlement(
        open_commitments=D("5000.00"), advance_outstanding=D("5000.00"), line_left=D("-3.00")
    )
    assert (result.net_payout, result.advance_asked_back, result.unused) == (0, 0, 0)


def test_r33_without_advance_everything_payable_is_paid():
    result = r33_stop.final_settlement(
        open_commitments=D("800.00"), advance_outstanding=D("0"), line_left=D("100")
    )
    assert (result.advance_deducted, result.net_payout) == (D("0"), D("800.00"))


def test_r33_negative_figures_are_a_bug():
    with pytest.raises(ValueError):
        r33_stop.final_settlement(
            open_commitments=D("-1"), advance_outstanding=D("0"), line_left=D("0")
        )


def test_r33_notice_pay_cut_short_by_the_pro_rata_budget_is_named():
    violation = r33_stop.notice_pay_cut_short(D("3000.00"), D("2400.00"))
    assert (violation.rule_id, violation.code) == (
        "R33",
        SettlementCode.SETTLEMENT_NOTICE_PAY_CUT_SHORT,
    )
    assert "600,00" in violation.text()
    assert r33_stop.notice_pay_cut_short(D("3000.00"), D("3000.00")) is None
    assert r33_stop.notice_pay_cut_short(D("0"), D("0")) is None
    assert r33_stop.notice_pay_cut_short(D("1.00"), D("0.99")).rule_id == "R33"
    assert r33_stop.notice_pay_cut_short(D("1.00"), D("0.99"), death=True).rule_id == "R34"


# --- R34: severance after a death ----------------------------------------------------------


def test_r34_seed_example_cash_part_20000_severance_at_most_5000():
    assert r34_death.severance_cap(D("20000.00"), DEATH_DAY) == D("5000.00")
    assert r34_death.check_severance(D("5000.00"), D("20000.00"), DEATH_DAY) == []
    violations = r34_death.check_severance(D("5000.01"), D("20000.00"), DEATH_DAY)
    assert [(v.rule_id, v.code) for v in violations] == [
        ("R34", SettlementCode.SETTLEMENT_SEVERANCE_ABOVE_CAP)
    ]
    assert "5\u00a0000,00" in violations[0].text()


def test_r34_cap_is_rounded_half_up_to_the_cent():
    assert r34_death.severance_cap(D("10000.02"), DEATH_DAY) == D("2500.01")  # 2500.005
    assert r34_death.severance_cap(D("10000.01"), DEATH_DAY) == D("2500.00")  # 2500.0025


def test_r34_extra_fills_what_the_budget_line_lacks_for_the_severance():
    # Cash part 20 000; 1 200 left on the line; 1 000 other costs and 5 000 severance.
    extra = r34_death.severance_extra(
        severance=D("5000.00"),
        other_costs=D("1000.00"),
        line_left=D("1200.00"),
        cash=D("20000.00"),
        on=DEATH_DAY,
    )
    assert extra == D("4800.00")


def test_r34_extra_at_most_the_severance_and_a_quarter_of_the_cash_part():
    only_severance = r34_death.severance_extra(
        severance=D("5000.00"),
        other_costs=D("3000.00"),
        line_left=D("0.00"),
        cash=D("20000.00"),
        on=DEATH_DAY,
    )
    assert only_severance == D("5000.00")  # the other costs stay the heirs' own
    quarter = r34_death.severance_extra(
        severance=D("5000.00"),
        other_costs=D("0"),
        line_left=D("0"),
        cash=D("12000.00"),
        on=DEATH_DAY,
    )
    assert quarter == D("3000.00")


def test_r34_no_extra_when_the_budget_suffices_or_nothing_is_severance():
    enough = r34_death.severance_extra(
        severance=D("5000.00"),
        other_costs=D("1000.00"),
        line_left=D("6000.00"),
        cash=D("20000.00"),
        on=DEATH_DAY,
    )
    assert enough == D("0")
    one_cent_short = r34_death.severance_extra(
        severance=D("5000.00"),
        other_costs=D("1000.00"),
        line_left=D("5999.99"),
        cash=D("20000.00"),
        on=DEATH_DAY,
    )
    assert one_cent_short == D("0.01")
    no_severance = r34_death.severance_extra(
        severance=D("0"), other_costs=D("900"), line_left=D("0"), cash=D("20000"), on=DEATH_DAY
    )
    assert no_severance == D("0")


def test_r34_a_negative_line_counts_as_nothing_left():
    extra = r34_death.severance_extra(
        severance=D("100.00"),
        other_costs=D("0"),
        line_left=D("-50.00"),
        cash=D("20000.00"),
        on=DEATH_DAY,
    )
    assert extra == D("100.00")


@pytest.mark.parametrize(
    ("kind", "yearly", "estimate", "mode", "expected"),
    [
        ("PAB", "20000.00", None, "CASH", "20000.00"),
        ("CONVENANT", "30000.00", None, "CASH", "30000.00"),
        ("PVB", "30000.00", "20000.00", "COMBINATION", "20000.00"),
        ("PVB", "30000.00", "40000.00", "CASH", "30000.00"),
        ("PVB", "30000.00", None, "CASH", "30000.00"),
        ("PVB", "30000.00", None, "COMBINATION", "0.00"),
        ("PVB", "30000.00", "20000.00", "VOUCHER", "0.00"),
    ],
)
def test_r34_cash_part_by_kind_of_budget(kind, yearly, estimate, mode, expected):
    result = r34_death.cash_part(
        kind,
        D(yearly),
        estimated_cash_amount=D(estimate) if estimate else None,
        payment_mode=mode,
    )
    assert result == D(expected)
