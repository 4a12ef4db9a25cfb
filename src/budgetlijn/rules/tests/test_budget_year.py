"""The money of a budget year (R3, R8, R11-R15), with the seeds' worked examples."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlijn.rules import budget_year, parameters
from budgetlijn.rules.budget_year import (
    cash_surcharge,
    check_cash_split,
    free_share,
    months_in_force,
    pro_rata,
    refundable_advance,
    share_by_month,
    split,
    voucher_part,
    yearly_amount,
)
from budgetlijn.rules.violations import RuleViolations

# --- yearly amount ---


def test_r3_pab_yearly_amount_is_the_amount_on_1_january():
    assert yearly_amount("PAB", None, "II", 2, 2023) == Decimal("23890.08")
    assert yearly_amount("PAB", None, "II", "2", 2024) == Decimal("24326.57")


def test_r1_pvb_yearly_amount_by_scheme():
    assert yearly_amount("PVB", "old", "V", None, 2023) == Decimal("42326.64")
    assert yearly_amount("PVB", "new", 5, None, 2023) == Decimal("26905.88")


def test_r8_convenant_yearly_amount_and_other_needs_its_own_amount():
    assert yearly_amount("CONVENANT", None, "RESIDENTIAL_GES_PLUS", None, 2022) == Decimal("70793")
    with pytest.raises(parameters.ParameterMissing):
        yearly_amount("CONVENANT", None, "OTHER", None, 2022)
    assert yearly_amount("CONVENANT", None, "OTHER", None, 2022, Decimal("45000")) == 45000


def test_r3_specific_amount_from_the_letter_wins():
    assert yearly_amount("PAB", None, "I", 1, 2023, "12000.00") == Decimal("12000.00")


def test_r3_no_amount_for_a_year_without_a_value():
    with pytest.raises(parameters.ParameterMissing):
        yearly_amount("PAB", None, "I", 1, 2022)


def test_yearly_amount_refuses_bad_input():
    with pytest.raises(ValueError):
        yearly_amount("XYZ", None, "I", 1, 2023)
    with pytest.raises(ValueError):
        yearly_amount("PAB", None, "I", None, 2023)
    with pytest.raises(ValueError):
        yearly_amount("PVB", None, "I", None, 2023)
    with pytest.raises(TypeError):
        yearly_amount("PAB", None, "I", 1, 2023, 12000.5)


# --- months in force and pro rata ---


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (None, None, 12),
        (date(2023, 9, 1), None, 4),  # seed 001
        (date(2023, 3, 1), None, 10),  # seed 002
        (date(2023, 9, 30), None, 4),  # any day of a month counts the month
        (date(2022, 5, 1), None, 12),
        (date(2024, 1, 1), None, 0),
        (None, date(2023, 5, 10), 5),
        (None, date(2022, 12, 31), 0),
        (date(2023, 3, 15), date(2023, 3, 20), 1),
        (date(2023, 3, 15), date(2023, 3, 1), 0),
        (date(2023, 2, 1), date(2025, 1, 1), 11),
    ],
)
def test_months_in_force(start, end, months):
    assert months_in_force(2023, start, end) == months


def test_pro_rata_cumulative_rounding():
    # 100 / 12 = 8.333...: month shares 8.33, 8.34, 8.33, ... add up to 100.00
    shares = [
        pro_rata(Decimal("100"), 2023, date(2023, m, 1), date(2023, m, 28)) for m in range(1, 13)
    ]
    assert shares[:3] == [Decimal("8.33"), Decimal("8.34"), Decimal("8.33")]
    assert sum(shares) == Decimal("100.00")
    assert pro_rata(Decimal("100"), 2024, date(2023, 1, 1), date(2023, 12, 31)) == Decimal("0.00")


def test_share_by_month_takes_each_run_of_months_at_its_own_yearly_amount():
    # January-June at 24 326,57 a year, July-December at 28 381,01 (a band change, 0013).
    months = {m: Decimal("24326.57") for m in range(1, 7)}
    months.update({m: Decimal("28381.01") for m in range(7, 13)})
    assert share_by_month(months) == Decimal("12163.29") + Decimal("14190.50")
    # Months not in force do not count; a gap starts a new run.
    assert share_by_month({2: Decimal("1200"), 3: Decimal("1200"), 5: Decimal("1200")}) == 300
    assert share_by_month({}) == Decimal("0.00")
    with pytest.raises(ValueError):
        share_by_month({13: Decimal("1")})


# --- R14 / R15 free share ---


def test_r14_free_share_pvb_from_september_is_1200_of_3600():
    assert free_share("PVB", "old", "V", None, 2023, start=date(2023, 9, 1)) == Decimal("1200.00")
    assert free_share("PVB", "old", "V", None, 2023) == Decimal("3600.00")


def test_r14_free_share_pvb_categories_1_to_4_get_1800():
    assert free_share("PVB", "old", "IV", None, 2023) == Decimal("1800.00")
    assert free_share("PVB", "old", "I", None, 2023, start=date(2023, 9, 1)) == Decimal("600.00")
    assert free_share("PVB", "new", "6", None, 2023) == Decimal("1800.00")
    assert free_share("PVB", "new", "7", None, 2023) == Decimal("3600.00")


def test_r15_pab_free_share_from_march_is_ten_twelfths():
    # 5 % of 23 890.08 = 1 194.504 a year; 10/12 = 995.42
    full = free_share("PAB", None, "II", 2, 2023)
    assert full == Decimal("1194.50")
    march = free_share("PAB", None, "II", 2, 2023, start=date(2023, 3, 1))
    assert march == Decimal("995.42")
    assert march == (Decimal("23890.08") * Decimal("0.05") * 10 / 12).quantize(Decimal("0.01"))


def test_r15_pab_free_share_is_on_the_budget_before_reductions():
    reduced_elsewhere = free_share("PAB", None, "II", 2, 2023, full_yearly_amount=Decimal("30000"))
    assert reduced_elsewhere == Decimal("1500.00")


def test_r8_convenant_has_no_free_share_unless_a_parameter_says_so():
    assert free_share("CONVENANT", None, "RESIDENTIAL_GES_PLUS", None, 2023) == Decimal("0.00")
    rate = parameters.ParameterValue(
        "convenant.free_share.rate", date(2023, 1, 1), None, Decimal("0.02"), "", "test", "admin"
    )
    parameters.set_override_source(lambda name: [rate] if name == rate.name else [])
    assert free_share("CONVENANT", None, "RESIDENTIAL_GES_PLUS", None, 2023) == Decimal("1415.86")


# --- R13 advance ---


def test_r13_pvb_advance_is_a_quarter_of_the_estimated_cash_part():
    assert refundable_advance(
        "PVB", date(2023, 3, 1), estimated_cash_amount=Decimal("20000")
    ) == Decimal("5000.00")
    assert refundable_advance(
        "PVB", date(2023, 3, 1), estimated_cash_amount=Decimal("10000.03")
    ) == Decimal("2500.01")
    assert refundable_advance("PVB", date(2023, 3, 1)) == Decimal("0.00")  # no estimate yet
    capped = refundable_advance(
        "PVB",
        date(2023, 3, 1),
        yearly_amount=Decimal("12000"),
        estimated_cash_amount=Decimal("20000"),
    )
    assert capped == Decimal("3000.00")


def test_r13_pab_advance_is_a_quarter_of_the_yearly_budget_rounded_to_the_euro():
    # 23 890.08 / 4 = 5 972.52 -> 5 973
    assert refundable_advance(
        "PAB", date(2023, 3, 1), yearly_amount=Decimal("23890.08")
    ) == Decimal("5973.00")
    # 11 945.05 / 4 = 2 986.2625 -> 2 986
    assert refundable_advance(
        "PAB", date(2023, 3, 1), yearly_amount=Decimal("11945.05")
    ) == Decimal("2986.00")
    with pytest.raises(ValueError):
        refundable_advance("PAB", date(2023, 3, 1))


def test_r13_convenant_has_no_advance():
    assert refundable_advance("CONVENANT", date(2023, 3, 1), yearly_amount=Decimal("60259")) == 0


# --- R12 surcharge, R11 cash and voucher ---


def test_r12_cash_surcharge_is_1194_percent_of_cash_at_non_licensed_providers():
    assert cash_surcharge(Decimal("10000"), date(2023, 5, 1)) == Decimal("1194.00")
    assert cash_surcharge(Decimal("123.45"), date(2024, 5, 1)) == Decimal("14.74")  # 14.73993
    assert cash_surcharge(Decimal("0"), date(2024, 5, 1)) == Decimal("0.00")


def test_r12_cash_surcharge_follows_the_dated_rate():
    later = parameters.ParameterValue(
        "pvb.cash_surcharge.rate", date(2026, 1, 1), None, Decimal("0.12"), "", "test", "admin"
    )
    parameters.set_override_source(lambda name: [later] if name == later.name else [])
    assert cash_surcharge(Decimal("10000"), date(2025, 12, 31)) == Decimal("1194.00")
    assert cash_surcharge(Decimal("10000"), date(2026, 1, 1)) == Decimal("1200.00")


def test_r11_cash_above_the_yearly_amount_is_a_violation_in_dutch():
    violations = check_cash_split(Decimal("20000"), Decimal("25000"))
    assert [(v.rule_id, v.code, v.field) for v in violations] == [
        ("R11", "cash_exceeds_yearly_amount", "estimated_cash_amount")
    ]
    assert "groter dan het jaarbudget" in violations[0].text()
    assert "EUR 25\u00a0000,00" in violations[0].text()
    assert check_cash_split(Decimal("20000"), Decimal("20000")) == []
    assert check_cash_split(Decimal("20000"), Decimal("-1"))[0].code == "cash_negative"


def test_r11_voucher_part_and_split():
    assert voucher_part(Decimal("20000"), Decimal("7500.50")) == Decimal("12499.50")
    assert voucher_part(Decimal("20000"), Decimal("25000")) == Decimal("0.00")
    result = split(Decimal("20000"), Decimal("7500.50"))
    assert (result.cash, result.voucher) == (Decimal("7500.50"), Decimal("12499.50"))
    with pytest.raises(RuleViolations):
        split(Decimal("20000"), Decimal("25000"))


# --- properties ---

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
days_2023 = st.dates(min_value=date(2022, 6, 1), max_value=date(2024, 6, 30))


@given(amounts)
def test_property_twelve_month_shares_add_up_to_the_yearly_amount(amount):
    shares = [
        pro_rata(amount, 2023, date(2023, month, 1), date(2023, month, 1)) for month in range(1, 13)
    ]
    assert sum(shares) == amount
    assert all(share >= 0 for share in shares)


@given(amounts, st.lists(st.integers(min_value=1, max_value=11), unique=True, max_size=11))
def test_property_contiguous_splits_add_up(amount, cuts):
    bounds = [1, *sorted(c + 1 for c in cuts), 13]
    total = Decimal(0)
    for first, after in zip(bounds, bounds[1:], strict=False):
        total += pro_rata(amount, 2023, date(2023, first, 1), date(2023, after - 1, 28))
    assert total == amount


@given(amounts, days_2023 | st.none(), days_2023 | st.none())
def test_property_share_by_month_of_one_amount_is_pro_rata(amount, start, end):
    months = budget_year.month_range(2023, start, end)
    in_force = {} if months is None else dict.fromkeys(range(months[0], months[1] + 1), amount)
    assert share_by_month(in_force) == pro_rata(amount, 2023, start, end)


@given(days_2023 | st.none(), days_2023 | st.none())
def test_property_months_in_force_is_between_0_and_12(start, end):
    months = months_in_force(2023, start, end)
    assert 0 <= months <= 12
    share = pro_rata(Decimal("1200"), 2023, start, end)
    assert share == Decimal(100 * months)


@given(amounts)
def test_property_free_share_never_exceeds_the_rate(amount):
    share = free_share("PAB", None, "I", 1, 2023, full_yearly_amount=amount)
    assert share <= (amount * Decimal("0.05")).quantize(Decimal("0.01")) + Decimal("0.01")


def test_budget_year_has_no_float_anywhere():
    import inspect

    source = inspect.getsource(budget_year)
    assert "float(" not in source
