"""The money of a budget year (R11-R13), pure: boundaries and the exact refusals."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules.budget_year import (
    CashSplit,
    cash_surcharge,
    check_cash_split,
    refundable_advance,
    split,
    voucher_part,
)
from budgetlijn.rules.tests.violation_checks import described
from budgetlijn.rules.violations import RuleViolations

ON = date(2024, 6, 1)


# --- R11 cash part between 0 and the yearly amount ------------------------------------------------


@pytest.mark.parametrize("cash", ["0", "0.01", "0.5", "1", "1000.00"])
def test_r11_cash_from_zero_up_to_the_yearly_amount_is_fine(cash):
    assert check_cash_split(Decimal("1000.00"), Decimal(cash)) == []


def test_r11_negative_cash_is_refused_from_one_cent_below_zero():
    violations = check_cash_split(Decimal("1000.00"), Decimal("-0.01"))
    assert described(violations) == [("R11", "cash_negative", "estimated_cash_amount")]
    assert "negatief" in violations[0].message


def test_r11_cash_one_cent_above_the_yearly_amount_is_refused():
    violations = check_cash_split(Decimal("1000.00"), Decimal("1000.01"))
    assert described(violations) == [("R11", "cash_exceeds_yearly_amount", "estimated_cash_amount")]
    assert violations[0].params == {"cash": "EUR 1\u00a0000,01", "yearly": "EUR 1\u00a0000,00"}
    assert "groter dan het jaarbudget" in violations[0].text()


def test_r11_split_divides_into_cash_and_voucher():
    assert split("1000.004", "250.005") == CashSplit(
        yearly_amount=Decimal("1000.00"), cash=Decimal("250.01"), voucher=Decimal("749.99")
    )
    with pytest.raises(RuleViolations) as refused:
        split("1000", "-1")
    assert [v.code for v in refused.value.violations] == ["cash_negative"]


def test_r11_voucher_part_is_what_cash_leaves():
    assert voucher_part(Decimal("1000"), None) == Decimal("1000.00")
    assert voucher_part(Decimal("1000"), Decimal("0")) == Decimal("1000.00")
    assert voucher_part(Decimal("1000"), Decimal("999.995")) == Decimal("0.01")
    assert voucher_part(Decimal("1000"), Decimal("1200")) == Decimal("0.00")


# --- R12 surcharge and R13 advance: amounts and refusals ------------------------------------------


def test_r12_surcharge_is_11_94_percent_half_up():
    assert cash_surcharge(Decimal("1000"), ON) == Decimal("119.40")
    # 0,04 x 11,94 % = 0,004776 -> 0,00; 0,05 x 11,94 % = 0,00597 -> 0,01
    assert cash_surcharge(Decimal("0.04"), ON) == Decimal("0.00")
    assert cash_surcharge(Decimal("0.05"), ON) == Decimal("0.01")
    with pytest.raises(ValueError, match=r"^cash_non_licensed cannot be negative: -1$"):
        cash_surcharge(Decimal("-1"), ON)


def test_r13_pvb_advance_refusals_name_the_amount():
    with pytest.raises(ValueError, match=r"^estimated_cash_amount cannot be negative: -1$"):
        refundable_advance("PVB", ON, estimated_cash_amount=Decimal("-1"))
    with pytest.raises(ValueError, match=r"^yearly_amount cannot be negative: -1$"):
        refundable_advance("PVB", ON, yearly_amount=Decimal("-1"), estimated_cash_amount=1)


def test_r13_pvb_advance_counts_cash_up_to_the_yearly_amount():
    assert refundable_advance("PVB", ON, Decimal("4000"), Decimal("8000")) == Decimal("1000.00")
    assert refundable_advance("PVB", ON, None, Decimal("8000")) == Decimal("2000.00")
    assert refundable_advance("PVB", ON, Decimal("4000"), None) == Decimal("0.00")


def test_r13_pab_advance_refusals_name_the_amount():
    with pytest.raises(ValueError, match=r"^the PAB advance needs the yearly amount$"):
        refundable_advance("PAB", ON)
    with pytest.raises(ValueError, match=r"^yearly_amount cannot be negative: -1$"):
        refundable_advance("PAB", ON, yearly_amount=Decimal("-1"))


def test_r13_pab_advance_is_a_quarter_rounded_half_up_to_the_euro():
    assert refundable_advance("PAB", ON, Decimal("10002")) == Decimal("2501.00")  # 2 500,50
    assert refundable_advance("PAB", ON, Decimal("10001.96")) == Decimal("2500.00")  # 2 500,49
    assert refundable_advance("CONVENANT", ON, Decimal("10000")) == Decimal("0.00")
