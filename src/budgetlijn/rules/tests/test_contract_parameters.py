"""The contract parameters shipped in parameters/contracts.yaml, on both sides of their dates."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters


def value(name, on):
    return parameters.value(name, on)


def test_r22_minimum_wage_pc_319_01_both_values_dated_with_sources():
    name = "contracts.minimum_wage.pc31901.hourly"
    with pytest.raises(parameters.ParameterMissing):
        value(name, date(2019, 12, 31))
    assert value(name, date(2020, 1, 1)) == Decimal("11.0646")
    assert value(name, date(2020, 12, 31)) == Decimal("11.0646")
    assert value(name, date(2021, 1, 1)) == Decimal("11.28570646")
    assert value(name, date(2025, 1, 1)) == Decimal("11.28570646")
    assert "FACTS.md" in parameters.entry(name, date(2020, 12, 31)).reference
    assert "seed 003 §5.1" in parameters.entry(name, date(2021, 1, 1)).reference


def test_r20_wijk_werk_registration_valid_12_months():
    assert value("contracts.wijk_werk.registration_valid_months", date(2023, 1, 1)) == 12


def test_r27_via4_for_family_task_agreements_until_2021():
    name = "contracts.via4.family_task_agreement"
    assert value(name, date(2021, 12, 31)) == 1
    assert value(name, date(2022, 1, 1)) == 0


@pytest.mark.parametrize(
    ("name", "before", "after", "day"),
    [
        ("contracts.short_term.cap.DAYS_NIGHTS", Decimal(92), Decimal(155), date(2023, 1, 1)),
        ("contracts.short_term.provider_allowed.WVG_ORGANISATION", 0, 1, date(2023, 7, 9)),
        ("contracts.short_term.provider_allowed.FOREIGN_FACILITY", 0, 1, date(2023, 7, 9)),
    ],
)
def test_r21_dated_caps_and_providers(name, before, after, day):
    assert value(name, date.fromordinal(day.toordinal() - 1)) == before
    assert value(name, day) == after


def test_r21_sessions_caps_change_on_2023_01_01():
    assert value("contracts.short_term.cap.MOBILE", date(2022, 12, 31)) == 36
    assert value("contracts.short_term.cap.AMBULANT", date(2022, 12, 31)) == 51
    for name in ("contracts.short_term.cap.MOBILE", "contracts.short_term.cap.AMBULANT"):
        with pytest.raises(parameters.ParameterMissing):
            value(name, date(2023, 1, 1))
    with pytest.raises(parameters.ParameterMissing):
        value("contracts.short_term.cap.SESSIONS", date(2022, 12, 31))
    assert value("contracts.short_term.cap.SESSIONS", date(2023, 1, 1)) == 104


def test_assumed_dates_and_formulas_say_so():
    for name, on in (
        ("contracts.short_term.cap.DAYS_NIGHTS", date(2023, 1, 1)),
        ("contracts.short_term.cap.SESSIONS", date(2023, 1, 1)),
        ("pab.mfc_combination.reduction_basis_days", date(2023, 1, 1)),
        ("contracts.minimum_wage.pc31901.hourly", date(2020, 12, 31)),
    ):
        assert "ASSUMPTION" in parameters.entry(name, on).reference, name


def test_contract_parameters_name_their_rules():
    names = [n for n in parameters.names() if n.startswith("contracts.")]
    assert len(names) == 9
    for name in names:
        assert parameters.definition(name).rules, name
