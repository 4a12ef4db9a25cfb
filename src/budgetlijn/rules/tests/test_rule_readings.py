"""Readings of the seeds where they differ (docs/decisions/0011-rule-readings.md): R21
mobile and ambulant sessions, R22 the PC 319.01 minimum wage, R27 VIA4 for family task
agreements. Pure: the shipped parameter and contract-type files, no database."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import budget_year, parameters
from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.short_term import Usage, check_short_term

SESSIONS_ONLY_AT = {"LICENSED", "MFC"}


def session(on, counter):
    return Usage(on, counter, Decimal(1))


# --- R21: mobile and ambulant sessions only at a licensed provider or MFC (seed 003 §3.3.13) ---


def test_r21_mobile_and_ambulant_sessions_only_in_types_for_licensed_providers_or_mfc():
    for t in ct.contract_types():
        if {"MOBILE", "AMBULANT"} & set(t.short_term_counters):
            assert set(t.provider_kinds) <= SESSIONS_ONLY_AT, t.code


@pytest.mark.parametrize("type_code", ["PAB_GREEN_CARE", "PAB_PARENT_INITIATIVE"])
@pytest.mark.parametrize("counter", ["MOBILE", "AMBULANT"])
@pytest.mark.parametrize("on", [date(2022, 6, 1), date(2023, 6, 1)])
def test_r21_no_mobile_or_ambulant_sessions_at_green_care_or_parent_initiatives(
    type_code, counter, on
):
    t = ct.contract_type(type_code)
    assert counter not in t.short_term_counters
    (provider,) = t.provider_kinds
    violations = check_short_term([], session(on, counter), provider, type_code)
    assert [(v.rule_id, v.code) for v in violations] == [("R21", "short_term_counter_not_for_type")]


@pytest.mark.parametrize("provider", ["LICENSED", "MFC"])
@pytest.mark.parametrize("counter", ["MOBILE", "AMBULANT"])
@pytest.mark.parametrize("on", [date(2022, 6, 1), date(2023, 6, 1)])
def test_r21_mobile_and_ambulant_sessions_at_a_licensed_provider_or_mfc(provider, counter, on):
    type_code = "PAB_SHORT_TERM_MOBILE_AMBULANT"
    assert provider in ct.contract_type(type_code).provider_kinds
    assert check_short_term([], session(on, counter), provider, type_code) == []


def test_r21_green_care_and_parent_initiatives_keep_their_days_nights_and_group_sessions():
    assert ct.contract_type("PAB_GREEN_CARE").short_term_counters == ("DAYS", "GROUP")
    assert ct.contract_type("PAB_PARENT_INITIATIVE").short_term_counters == (
        "DAYS",
        "NIGHTS",
        "GROUP",
    )
    day = date(2023, 6, 1)
    assert check_short_term([], session(day, "GROUP"), "GREEN_CARE", "PAB_GREEN_CARE") == []
    assert (
        check_short_term([], session(day, "NIGHTS"), "PARENT_INITIATIVE", "PAB_PARENT_INITIATIVE")
        == []
    )


# --- R22: the PC 319.01 minimum hourly wage ------------------------------------------------------

MINIMUM_WAGE = "contracts.minimum_wage.pc31901.hourly"


def test_r22_the_seeds_minimum_wage_holds_from_2021_01_01():
    assert parameters.value(MINIMUM_WAGE, date(2021, 1, 1)) == Decimal("11.28570646")
    assert parameters.value(MINIMUM_WAGE, date(2021, 3, 12)) == Decimal("11.28570646")
    assert parameters.value(MINIMUM_WAGE, date(2024, 6, 1)) == Decimal("11.28570646")


def test_r22_the_lower_2021_note_value_holds_only_until_2020_12_31():
    assert parameters.value(MINIMUM_WAGE, date(2020, 12, 31)) == Decimal("11.0646")
    assert parameters.value(MINIMUM_WAGE, date(2020, 1, 1)) == Decimal("11.0646")


def test_r22_no_minimum_wage_before_the_first_known_value():
    with pytest.raises(parameters.ParameterMissing):
        parameters.value(MINIMUM_WAGE, date(2019, 12, 31))


def test_r22_each_value_names_its_source():
    assert "FACTS.md" in parameters.entry(MINIMUM_WAGE, date(2020, 12, 31)).reference
    assert "seed 003 §5.1" in parameters.entry(MINIMUM_WAGE, date(2021, 1, 1)).reference


# --- R27: VIA4 for family task agreements --------------------------------------------------------


def test_r27_family_task_agreements_get_via4_until_2021_12_31():
    assert ct.via4_eligible("PAB_FAMILY_TASK_AGREEMENT", date(2017, 1, 1))
    assert ct.via4_eligible("PAB_FAMILY_TASK_AGREEMENT", date(2021, 12, 31))


def test_r27_family_task_agreements_get_no_via4_from_2022_01_01():
    assert not ct.via4_eligible("PAB_FAMILY_TASK_AGREEMENT", date(2022, 1, 1))
    assert not ct.via4_eligible("PAB_FAMILY_TASK_AGREEMENT", date(2024, 6, 1))


def test_r27_employment_contracts_always_get_via4_and_other_contracts_never():
    for day in (date(2021, 12, 31), date(2022, 1, 1)):
        assert ct.via4_eligible("PAB_EMPLOYMENT", day)
        assert ct.via4_eligible("PAB_FAMILY_EMPLOYMENT", day)
        assert not ct.via4_eligible("PAB_SHORT_TERM_MOBILE_AMBULANT", day)
        assert not ct.via4_eligible("PAB_GREEN_CARE", day)


def test_r27_only_employment_or_family_contract_types_are_via4_eligible():
    for t in ct.contract_types():
        if t.via4:
            assert t.direct_employment or t.family, t.code


# --- R8: a convenant's amount is staff points (indexed with wages) plus an operating part ------

CONVENANT_2022 = {
    "RESIDENTIAL_HIGH_FREQUENCY": Decimal("60259.00"),
    "SCHOOL_COMPLEMENTARY_DAY_CARE": Decimal("30273.00"),
    "SCHOOL_REPLACING_DAY_CARE": Decimal("42658.00"),
    "RESIDENTIAL_GES_PLUS": Decimal("70793.00"),
}


def admin_values(*items):
    """An administrator's dated values, as the parameters app would give them."""

    def source(name):
        return [
            parameters.ParameterValue(name, start, None, Decimal(value), "", "test")
            for item_name, start, value in items
            if item_name == name
        ]

    return source


@pytest.mark.parametrize(("category", "amount"), sorted(CONVENANT_2022.items()))
def test_r8_convenant_2022_totals_are_seed_000s_table(category, amount):
    assert budget_year.yearly_amount("CONVENANT", None, category, None, 2022) == amount
    assert str(budget_year.convenant_yearly_amount(category, 2022)) == str(amount)


def test_r8_without_a_later_value_the_2022_amounts_stay():
    for category, amount in CONVENANT_2022.items():
        assert budget_year.convenant_yearly_amount(category, 2025) == amount


def test_r8_no_convenant_amount_before_2022():
    with pytest.raises(parameters.ParameterMissing):
        budget_year.convenant_yearly_amount("RESIDENTIAL_GES_PLUS", 2021)


def test_r8_indexation_is_a_new_dated_value_of_a_staff_point():
    """An index step of 2 % from 2024-01-01 raises the staff points only."""
    source = admin_values(
        ("convenant.staff_point.value", date(2024, 1, 1), "1.02"),
        ("convenant.staff_points.RESIDENTIAL_GES_PLUS", date(2023, 1, 1), "60000"),
        ("convenant.operating_part.RESIDENTIAL_GES_PLUS", date(2023, 1, 1), "10793"),
    )
    with parameters.isolated(override_source=source):
        # the split alone leaves the total as it was
        assert budget_year.convenant_yearly_amount("RESIDENTIAL_GES_PLUS", 2023) == Decimal(
            "70793.00"
        )
        # 60 000 x 1,02 + 10 793 (the operating part is not indexed)
        assert budget_year.convenant_yearly_amount("RESIDENTIAL_GES_PLUS", 2024) == Decimal(
            "71993.00"
        )
        assert budget_year.yearly_amount(
            "CONVENANT", None, "RESIDENTIAL_GES_PLUS", None, 2024
        ) == Decimal("71993.00")
        # the whole 2022 amount counts as staff points in the other categories
        assert budget_year.convenant_yearly_amount("SCHOOL_COMPLEMENTARY_DAY_CARE", 2024) == (
            Decimal("30878.46")
        )


def test_r8_staff_points_times_value_is_rounded_half_up_to_the_cent():
    source = admin_values(
        ("convenant.staff_point.value", date(2024, 1, 1), "1.00005"),
        ("convenant.staff_points.SCHOOL_REPLACING_DAY_CARE", date(2024, 1, 1), "100"),
        ("convenant.operating_part.SCHOOL_REPLACING_DAY_CARE", date(2024, 1, 1), "0.01"),
    )
    with parameters.isolated(override_source=source):
        # 100 x 1,00005 = 100,005 -> 100,01 (half up), + 0,01
        assert budget_year.convenant_yearly_amount("SCHOOL_REPLACING_DAY_CARE", 2024) == Decimal(
            "100.02"
        )


def test_r8_the_staff_point_value_is_read_on_1_january():
    source = admin_values(("convenant.staff_point.value", date(2024, 1, 2), "2"))
    with parameters.isolated(override_source=source):
        assert budget_year.convenant_yearly_amount("RESIDENTIAL_GES_PLUS", 2024) == Decimal(
            "70793.00"
        )
        assert budget_year.convenant_yearly_amount("RESIDENTIAL_GES_PLUS", 2025) == Decimal(
            "141586.00"
        )


def test_r8_other_has_no_parameter_and_needs_its_own_amount():
    with pytest.raises(parameters.UnknownParameter):
        budget_year.convenant_yearly_amount("OTHER", 2022)
    assert budget_year.yearly_amount_name("CONVENANT", None, "OTHER", None) == (
        "convenant.staff_points.OTHER"
    )
