"""R27 VIA4 and R28 year-end premium eligibility, derived from kind and contract type."""

from datetime import date

import pytest

from budgetlijn.rules.costs import (
    cost_parameters,
    via4_eligible,
    via4_eligible_in,
    year_end_premium_eligible,
    year_end_premium_entitlement,
)

from .cost_lines import D


@pytest.mark.parametrize(
    ("type_code", "kind", "on", "expected"),
    [
        ("PAB_EMPLOYMENT", "WAGE", date(2021, 5, 1), True),
        ("PAB_EMPLOYMENT", "SOCIAL_SECRETARIAT_INVOICE", date(2024, 5, 1), True),
        ("PAB_EMPLOYMENT", "GIFT", date(2021, 5, 1), False),  # cadeaucheques: no VIA4
        ("PAB_EMPLOYMENT", "ECO_VOUCHERS", date(2021, 5, 1), False),
        ("PAB_FAMILY_TASK_AGREEMENT", "WAGE", date(2021, 12, 31), True),
        ("PAB_FAMILY_TASK_AGREEMENT", "WAGE", date(2022, 1, 1), False),  # FACTS.md
        ("PAB_FAMILY_EMPLOYMENT", "WAGE", date(2022, 1, 1), True),
        ("PAB_TEMP_AGENCY", "TEMP_AGENCY_INVOICE", date(2021, 5, 1), False),
        ("PVB_EMPLOYMENT", "WAGE", date(2021, 5, 1), False),  # PAB only, as the YAML says
        (None, "FREE_SHARE", date(2021, 5, 1), False),
        ("PAB_EMPLOYMENT", "NO_SUCH_KIND", date(2021, 5, 1), False),
    ],
)
def test_r27_via4_eligible_from_kind_and_type(type_code, kind, on, expected):
    assert via4_eligible(type_code, kind, on) is expected
    kind_of_budget = "PVB" if (type_code or "").startswith("PVB") else "PAB"
    assert via4_eligible_in(cost_parameters(kind_of_budget, on.year), type_code, kind) is expected


@pytest.mark.parametrize(
    ("type_code", "kind", "expected"),
    [
        ("PAB_EMPLOYMENT", "YEAR_END_PREMIUM", True),
        ("PAB_FAMILY_EMPLOYMENT", "YEAR_END_PREMIUM", True),
        ("PVB_EMPLOYMENT", "YEAR_END_PREMIUM", True),
        ("PAB_FAMILY_TASK_AGREEMENT", "YEAR_END_PREMIUM", False),  # seed 003 §6
        ("PAB_EMPLOYMENT", "OTHER_PREMIUMS", False),
        (None, "YEAR_END_PREMIUM", False),
    ],
)
def test_r28_year_end_premium_eligible(type_code, kind, expected):
    assert year_end_premium_eligible(type_code, kind) is expected


@pytest.mark.parametrize(
    ("hours", "months", "expected"),
    [
        ("38", 12, "155.65"),  # full time, 2019: seed 003 §6
        ("50", 12, "155.65"),  # never more than full time
        ("19", 12, "77.83"),  # 77,825 half up
        ("20", 12, "81.92"),  # 155,65 * 20 / 38 = 81,921
        ("38", 6, "77.83"),
        ("0", 12, "0.00"),
    ],
)
def test_r28_year_end_premium_entitlement_scales_with_hours_and_months(hours, months, expected):
    params = cost_parameters("PAB", 2019)
    assert year_end_premium_entitlement(params, D(hours), months=months) == D(expected)


def test_r28_no_entitlement_before_2019():
    assert year_end_premium_entitlement(cost_parameters("PAB", 2018), D(38)) == 0


@pytest.mark.parametrize(("months", "expected"), [(13, "155.65"), (0, "0.00"), (1, "12.97")])
def test_r28_year_end_premium_entitlement_months_bounds(months, expected):
    params = cost_parameters("PAB", 2019)
    assert year_end_premium_entitlement(params, D(38), months=months) == D(expected)
