"""A PAB combined with an MFC (R4): reduction, effective day, structural change."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.mfc import (
    check_report,
    is_start,
    is_structural,
    mfc_effective_from,
    mfc_reduction,
    structural_from,
)

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


def report(**changes):
    data = {
        "budget_kind": "PAB",
        "mfc_name": "MFC Het Anker",
        "days_per_week": Decimal(2),
        "changed_on": date(2023, 5, 8),
        "reported_on": date(2023, 5, 20),
        "previous_days": None,
        "previous_changed_on": None,
    }
    data.update(changes)
    return check_report(**data)


def codes(violations):
    return [v.code for v in violations]


def test_r4_a_first_report_counts_at_once_without_the_four_week_wait():
    # Seed 002: a new combination only has to be reported in writing.
    assert report() == []
    assert report(reported_on=date(2023, 5, 8)) == []
    assert is_start(None)


def test_r4_a_change_of_a_running_combination_needs_four_consecutive_weeks():
    refused = report(
        previous_days=Decimal(2),
        previous_changed_on=date(2023, 1, 9),
        days_per_week=Decimal(3),
    )
    assert codes(refused) == ["change_not_structural"]
    assert refused[0].field == "changed_on"
    assert refused[0].rule_id == "R4"
    assert "4 opeenvolgende weken" in refused[0].text()
    assert "05/06/2023" in refused[0].text()  # Monday 8 May + 4 weeks
    assert (
        report(
            previous_days=Decimal(2),
            previous_changed_on=date(2023, 1, 9),
            days_per_week=Decimal(3),
            reported_on=date(2023, 6, 5),
        )
        == []
    )


def test_r4_a_stop_is_a_change_and_a_restart_after_it_is_a_start():
    stop = report(previous_days=Decimal(2), previous_changed_on=date(2023, 1, 9), days_per_week=0)
    assert codes(stop) == ["change_not_structural"]
    restart = report(previous_days=Decimal(0), previous_changed_on=date(2023, 2, 6))
    assert restart == []
    assert is_start(Decimal(0)) and not is_start(Decimal("0.5"))


def test_r4_the_wait_in_the_message_is_the_parameter():
    override = parameters.ParameterValue(
        name="pab.mfc_combination.structural_weeks",
        valid_from=date(2017, 1, 1),
        valid_until=None,
        value=Decimal(6),
        unit="weken",
        reference="test",
    )
    with parameters.isolated(override_source=lambda name: [override]):
        refused = report(previous_days=Decimal(2), previous_changed_on=date(2023, 1, 9))
        assert structural_from(date(2023, 5, 8)) == date(2023, 6, 19)
    assert "6 opeenvolgende weken" in refused[0].text()
    assert "19/06/2023" in refused[0].text()


def test_r4_a_report_lists_every_problem_naming_the_field():
    refused = report(
        budget_kind="PVB",
        mfc_name=" ",
        days_per_week="veel",
        reported_on=date(2023, 5, 1),
        previous_days=Decimal(2),
        previous_changed_on=date(2023, 6, 1),
    )
    by_code = {v.code: v.field for v in refused}
    assert by_code == {
        "mfc_only_pab": "budget",
        "mfc_name_missing": "mfc_name",
        "days_per_week_range": "days_per_week",
        "change_not_after_previous": "changed_on",
        "reported_before_change": "reported_on",
    }
    assert all(v.rule_id == "R4" and v.text() for v in refused)
    assert codes(report(days_per_week=Decimal(8))) == ["days_per_week_range"]
    assert codes(report(days_per_week=0)) == ["mfc_start_without_days"]
    with pytest.raises(TypeError):
        is_start(2.0)
