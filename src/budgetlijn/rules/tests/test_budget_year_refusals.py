"""budget_year refuses bad input with a message naming what is wrong; amounts are read on
1 January of the year (pure)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.budget_year import (
    free_share,
    share_of_months,
    yearly_amount,
    yearly_amount_name,
)


def admin_value(name, start, value):
    def source(asked):
        if asked != name:
            return []
        return [parameters.ParameterValue(name, start, None, Decimal(value), "", "test")]

    return source


def test_unknown_kind_is_named():
    with pytest.raises(ValueError, match=r"^unknown budget kind 'XYZ'; expected one of \("):
        yearly_amount_name("XYZ", None, "I", 1)


@pytest.mark.parametrize("category", [None, ""])
def test_a_category_is_needed(category):
    with pytest.raises(ValueError, match=r"^a budget category is needed$"):
        yearly_amount_name("PAB", None, category, 1)


@pytest.mark.parametrize("band", [None, ""])
def test_a_pab_needs_a_band(band):
    with pytest.raises(ValueError, match=r"^a PAB needs a band \(budgetschijf\)$"):
        yearly_amount_name("PAB", None, "I", band)


def test_a_pvb_needs_a_scheme():
    message = r"^a PVB needs a category scheme \('old' or 'new'\), not 'x'$"
    with pytest.raises(ValueError, match=message):
        yearly_amount_name("PVB", "x", "I", None)
    with pytest.raises(ValueError, match=message):
        free_share("PVB", "x", "I", None, 2024)


def test_negative_amounts_are_named():
    with pytest.raises(ValueError, match=r"^specific_amount cannot be negative: -1$"):
        yearly_amount("PAB", None, "I", 1, 2024, Decimal("-1"))
    with pytest.raises(ValueError, match=r"^full_yearly_amount cannot be negative: -1$"):
        free_share("PAB", None, "I", 1, 2024, full_yearly_amount=Decimal("-1"))


def test_months_out_of_range_are_named():
    with pytest.raises(
        ValueError, match=r"^months must satisfy 1 <= first <= last <= 12, not 3..2$"
    ):
        share_of_months(Decimal("1200"), 3, 2)


def test_r3_the_yearly_amount_is_the_one_in_force_on_1_january():
    before = yearly_amount("PAB", None, "I", 1, 2024)
    with parameters.isolated(
        override_source=admin_value("pab.yearly_amount.I.1", date(2024, 1, 2), "1")
    ):
        assert yearly_amount("PAB", None, "I", 1, 2024) == before
        assert yearly_amount("PAB", None, "I", 1, 2025) == Decimal("1")


def test_r14_the_free_share_is_read_on_1_january_unless_a_day_is_given():
    before = free_share("PVB", "old", "I", None, 2024)
    name = "pvb.free_share.old.I"
    with parameters.isolated(override_source=admin_value(name, date(2024, 1, 2), "1200")):
        assert free_share("PVB", "old", "I", None, 2024) == before
        assert free_share("PVB", "old", "I", None, 2024, on=date(2024, 1, 2)) == Decimal("1200.00")


def test_r15_free_share_of_a_pab_stopped_in_june_counts_march_to_june():
    full = free_share("PAB", None, "I", 1, 2024)
    part = free_share("PAB", None, "I", 1, 2024, start=date(2024, 3, 1), end=date(2024, 6, 10))
    assert part == share_of_months(full, 3, 6)
    assert part < free_share("PAB", None, "I", 1, 2024, start=date(2024, 3, 1))
