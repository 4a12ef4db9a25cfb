"""Short-term support caps per calendar year (R21): both regimes, on both sides of each date."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.short_term import (
    Usage,
    caps_on,
    check_provider,
    check_short_term,
    check_usage,
    pool_of,
    provider_allowed,
    short_term_provider_kinds,
)


def used(on, counter, quantity):
    return Usage(on, counter, Decimal(quantity))


def codes(existing, new, provider="LICENSED", type_code=None):
    return [v.code for v in check_short_term(existing, new, provider, type_code)]


def test_r21_caps_on_both_sides_of_2023_01_01():
    assert caps_on(date(2022, 12, 31)) == {
        "DAYS_NIGHTS": Decimal(92),
        "MOBILE": Decimal(36),
        "AMBULANT": Decimal(51),
    }
    assert caps_on(date(2023, 1, 1)) == {"DAYS_NIGHTS": Decimal(155), "SESSIONS": Decimal(104)}
    assert caps_on(date(2016, 12, 31)) == {}


def test_r21_pools_of_the_counters():
    assert pool_of("NIGHTS", date(2022, 6, 1)) == "DAYS_NIGHTS"
    assert pool_of("MOBILE", date(2022, 6, 1)) == "MOBILE"
    assert pool_of("MOBILE", date(2023, 6, 1)) == "SESSIONS"
    assert pool_of("GROUP", date(2022, 12, 31)) is None
    assert pool_of("GROUP", date(2023, 1, 1)) == "SESSIONS"


def test_r21_2022_days_and_nights_together_at_most_92():
    existing = [used(date(2022, 2, 1), "DAYS", 60), used(date(2022, 5, 1), "NIGHTS", 31)]
    assert check_short_term(existing, used(date(2022, 9, 1), "DAYS", 1), "MFC") == []
    violations = check_short_term(existing, used(date(2022, 9, 1), "NIGHTS", 2), "MFC")
    assert [(v.rule_id, v.code, v.field) for v in violations] == [
        ("R21", "short_term_cap_exceeded", "quantity")
    ]
    assert violations[0].params == {
        "cap": "92",
        "year": 2022,
        "used": "91",
        "left": "1",
        "asked": "2",
    }
    text = violations[0].text()
    assert "92 dagen en nachten" in text and "hoogstens 1" in text


def test_r21_2023_days_and_nights_together_at_most_155():
    existing = [used(date(2023, 2, 1), "DAYS", 100), used(date(2023, 5, 1), "NIGHTS", 50)]
    assert (
        check_short_term(existing, used(date(2023, 9, 1), "NIGHTS", 5), "PARENT_INITIATIVE") == []
    )
    assert codes(existing, used(date(2023, 9, 1), "DAYS", 6), "PARENT_INITIATIVE") == [
        "short_term_cap_exceeded"
    ]


def test_r21_the_cap_in_force_on_the_day_of_the_support_applies():
    existing = [used(date(2022, 3, 1), "DAYS", 92)]
    assert codes(existing, used(date(2022, 12, 31), "DAYS", 1)) == ["short_term_cap_exceeded"]
    # a new calendar year, and the 2023 cap: the 2022 days do not count
    assert check_short_term(existing, used(date(2023, 1, 1), "DAYS", 155), "LICENSED") == []
    assert codes(existing, used(date(2023, 1, 1), "DAYS", 156)) == ["short_term_cap_exceeded"]


def test_r21_only_the_calendar_year_of_the_new_support_counts():
    existing = [used(date(2021, 12, 31), "DAYS", 92), used(date(2023, 1, 1), "DAYS", 92)]
    assert check_short_term(existing, used(date(2022, 1, 1), "DAYS", 92), "LICENSED") == []


def test_r21_2022_mobile_or_ambulant_is_one_envelope():
    """'36 mobile or 51 ambulant': a mobile session uses 1/36, an ambulant one 1/51."""
    full_mobile = [used(date(2022, 1, 10), "MOBILE", 36)]
    assert codes(full_mobile, used(date(2022, 6, 1), "AMBULANT", 1)) == ["short_term_cap_exceeded"]
    mixed = [used(date(2022, 1, 10), "MOBILE", 20)]
    # 20/36 + 22/51 = 0.987 fits, 20/36 + 23/51 = 1.007 does not
    assert check_short_term(mixed, used(date(2022, 6, 1), "AMBULANT", 22), "MFC") == []
    violations = check_short_term(mixed, used(date(2022, 6, 1), "AMBULANT", 23), "MFC")
    assert violations[0].params == {
        "year": 2022,
        "cap_mobile": "36",
        "cap_ambulant": "51",
        "used_mobile": "20",
        "used_ambulant": "0",
        "left_mobile": "16",
        "left_ambulant": "22",
        "asked": "23",
    }
    assert "36 mobiele of 51 ambulante" in violations[0].text()
    # the envelope does not touch the days and nights
    assert check_short_term(full_mobile, used(date(2022, 6, 1), "DAYS", 92), "MFC") == []


def test_r21_2022_each_alone_up_to_its_own_cap():
    assert check_short_term([], used(date(2022, 6, 1), "MOBILE", 36), "LICENSED") == []
    assert check_short_term([], used(date(2022, 6, 1), "AMBULANT", 51), "LICENSED") == []
    assert codes([], used(date(2022, 6, 1), "AMBULANT", 52)) == ["short_term_cap_exceeded"]


def test_r21_2023_sessions_ambulant_mobile_and_group_together_at_most_104():
    existing = [
        used(date(2023, 1, 10), "MOBILE", 40),
        used(date(2023, 2, 10), "AMBULANT", 40),
        used(date(2023, 3, 10), "GROUP", 20),
    ]
    assert check_short_term(existing, used(date(2023, 6, 1), "GROUP", 4), "GREEN_CARE") == []
    violations = check_short_term(existing, used(date(2023, 6, 1), "MOBILE", 5), "GREEN_CARE")
    assert violations[0].params == {
        "cap": "104",
        "year": 2023,
        "used": "100",
        "left": "4",
        "asked": "5",
    }
    assert "ambulant, mobiel of in groep" in violations[0].text()


def test_r21_group_sessions_only_from_2023():
    assert codes([], used(date(2022, 12, 31), "GROUP", 1)) == ["short_term_counter_not_available"]
    assert check_short_term([], used(date(2023, 1, 1), "GROUP", 1), "LICENSED") == []


@pytest.mark.parametrize("provider", ["WVG_ORGANISATION", "FOREIGN_FACILITY"])
def test_r21_wvg_organisations_and_foreign_facilities_from_2023_07_09(provider):
    assert not provider_allowed(provider, date(2023, 7, 8))
    assert provider_allowed(provider, date(2023, 7, 9))
    violations = check_short_term([], used(date(2023, 7, 8), "NIGHTS", 3), provider)
    assert [(v.rule_id, v.code) for v in violations] == [
        ("R21", "short_term_provider_not_yet_allowed")
    ]
    assert "09/07/2023" in violations[0].text() and "08/07/2023" in violations[0].text()
    assert check_short_term([], used(date(2023, 7, 9), "NIGHTS", 3), provider) == []
    # they share the 155 days and/or nights with the other providers
    existing = [used(date(2023, 3, 1), "DAYS", 150)]
    assert codes(existing, used(date(2023, 8, 1), "NIGHTS", 6), provider) == [
        "short_term_cap_exceeded"
    ]


def test_r21_only_short_term_providers():
    assert short_term_provider_kinds() == {
        "MFC",
        "LICENSED",
        "GREEN_CARE",
        "PARENT_INITIATIVE",
        "WVG_ORGANISATION",
        "FOREIGN_FACILITY",
    }
    violations = check_provider("TEMP_AGENCY", date(2023, 8, 1))
    assert [v.code for v in violations] == ["short_term_provider_not_allowed"]
    assert "Buitenlandse voorziening" in violations[0].text()
    before = check_provider("TEMP_AGENCY", date(2023, 1, 1))[0].text()
    assert "Buitenlandse voorziening" not in before and "Multifunctioneel centrum" in before


def test_r21_the_counter_must_suit_the_contract_type():
    assert codes([], used(date(2023, 6, 1), "NIGHTS", 1), "GREEN_CARE", "PAB_GREEN_CARE") == [
        "short_term_counter_not_for_type"
    ]
    assert codes([], used(date(2023, 6, 1), "DAYS", 1), "MFC", "PAB_EMPLOYMENT") == [
        "not_a_short_term_contract"
    ]
    assert (
        check_short_term([], used(date(2023, 6, 1), "DAYS", 1), "GREEN_CARE", "PAB_GREEN_CARE")
        == []
    )


def test_r21_quantity_and_counter_must_make_sense():
    assert codes([], used(date(2023, 6, 1), "DAYS", 0)) == ["short_term_quantity_not_positive"]
    assert codes([], used(date(2023, 6, 1), "WEEKS", 1)) == ["short_term_counter_unknown"]


def test_r21_half_days_are_counted_exactly():
    existing = [used(date(2023, 1, 10), "DAYS", "154.5")]
    assert check_short_term(existing, used(date(2023, 6, 1), "DAYS", "0.5"), "LICENSED") == []
    violations = check_short_term(existing, used(date(2023, 6, 1), "DAYS", 1), "LICENSED")
    assert violations[0].params["left"] == "0,5"


def test_r21_an_administrator_value_changes_the_cap():
    override = parameters.ParameterValue(
        name="contracts.short_term.cap.DAYS_NIGHTS",
        valid_from=date(2025, 1, 1),
        valid_until=None,
        value=Decimal(170),
        unit="dagen",
        reference="test",
    )
    with parameters.isolated(override_source=lambda name: [override]):
        assert caps_on(date(2025, 1, 1))["DAYS_NIGHTS"] == Decimal(170)
        assert check_short_term([], used(date(2025, 3, 1), "DAYS", 170), "LICENSED") == []
        assert caps_on(date(2024, 12, 31))["DAYS_NIGHTS"] == Decimal(155)


def test_r21_usage_needs_an_approved_short_term_contract_running_that_day():
    ok = {
        "approved": True,
        "type_code": "PAB_LICENSED_SHORT_TERM",
        "on": date(2023, 4, 1),
        "start": date(2023, 1, 1),
        "end": date(2023, 12, 31),
        "quantity": Decimal(2),
    }
    assert check_usage(**ok) == []
    assert check_usage(**{**ok, "end": None}) == []
    found = check_usage(
        **{
            **ok,
            "approved": False,
            "type_code": "PAB_EMPLOYMENT",
            "on": date(2024, 1, 1),
            "quantity": 2.0,
        }
    )
    assert [(v.rule_id, v.code, v.field) for v in found] == [
        ("R19", "contract_not_approved", "contract"),
        ("R21", "not_short_term", "contract"),
        ("R21", "outside_contract", "on"),
        ("R21", "short_term_quantity_not_a_number", "quantity"),
    ]
    assert "01/01/2024" in found[2].text()
    assert [v.code for v in check_usage(**{**ok, "type_code": "NO_SUCH_TYPE"})] == [
        "not_short_term"
    ]
