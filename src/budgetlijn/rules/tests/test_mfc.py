"""A PAB combined with an MFC (R4): reduction, effective day, structural change."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.mfc import is_structural, mfc_effective_from, mfc_reduction

ON = date(2023, 6, 1)


def test_r4_reduction_is_proportional_to_the_days_a_week_at_the_mfc():
    yearly = Decimal("35000.00")
    assert mfc_reduction(yearly, Decimal(0), ON) == Decimal("0.00")
    assert mfc_reduction(yearly, Decimal(5), ON) == Decimal("25000.00")
    assert mfc_reduction(yearly, Decimal(7), ON) == yearly
    assert mfc_reduction(yearly, Decimal("2.5"), ON) == Decimal("12500.00")
    assert mfc_reduction(Decimal("11945.05"), Decimal(1), ON) == Decimal("1706.44")  # /7, cents


def test_r4_reduction_refuses_impossible_input():
    with pytest.raises(ValueError):
        mfc_reduction(Decimal("1000"), Decimal(8), ON)
    with pytest.raises(ValueError):
        mfc_reduction(Decimal("1000"), Decimal(-1), ON)
    with pytest.raises(ValueError):
        mfc_reduction(Decimal("-1"), Decimal(1), ON)
    with pytest.raises(TypeError):
        mfc_reduction(1000.0, Decimal(1), ON)


def test_r4_the_formula_is_a_parameter_marked_as_an_assumption():
    entry = parameters.entry("pab.mfc_combination.reduction_basis_days", ON)
    assert entry.value == Decimal(7)
    assert entry.reference.startswith("ASSUMPTION")


def test_r4_the_agency_can_set_another_basis_and_the_reduction_never_exceeds_the_budget():
    override = parameters.ParameterValue(
        name="pab.mfc_combination.reduction_basis_days",
        valid_from=date(2024, 1, 1),
        valid_until=None,
        value=Decimal(5),
        unit="dagen",
        reference="test",
    )
    with parameters.isolated(override_source=lambda name: [override]):
        assert mfc_reduction(Decimal("35000"), Decimal(2), date(2024, 1, 1)) == Decimal("14000.00")
        assert mfc_reduction(Decimal("35000"), Decimal(6), date(2024, 1, 1)) == Decimal("35000.00")
        assert mfc_reduction(Decimal("35000"), Decimal(5), date(2023, 12, 31)) == Decimal(
            "25000.00"
        )


def test_r4_a_change_takes_effect_on_the_first_day_of_the_next_month():
    assert mfc_effective_from(date(2023, 3, 15)) == date(2023, 4, 1)
    assert mfc_effective_from(date(2023, 3, 1)) == date(2023, 4, 1)
    assert mfc_effective_from(date(2023, 3, 31)) == date(2023, 4, 1)
    assert mfc_effective_from(date(2023, 12, 10)) == date(2024, 1, 1)


def test_r4_a_change_is_structural_from_4_consecutive_weeks():
    started = date(2023, 5, 1)  # a Monday
    assert not is_structural(started, date(2023, 4, 30))
    assert not is_structural(started, started)
    assert not is_structural(started, date(2023, 5, 28))  # the last day of week 4
    assert is_structural(started, date(2023, 5, 29))
    assert parameters.value("pab.mfc_combination.structural_weeks", started) == 4
