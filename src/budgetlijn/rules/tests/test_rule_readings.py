"""Readings of the seeds where they differ (docs/decisions/0011-rule-readings.md): R21
mobile and ambulant sessions, R22 the PC 319.01 minimum wage, R27 VIA4 for family task
agreements. Pure: the shipped parameter and contract-type files, no database."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import parameters
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
