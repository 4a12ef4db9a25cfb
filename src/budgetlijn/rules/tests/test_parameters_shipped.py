"""The parameter files shipped with Budgetlijn: complete, sourced, and in Decimal."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters

PAB_2023 = {
    "I": ["11945.05", "15926.72"],
    "II": ["19908.47", "23890.08", "27871.76"],
    "III": ["31853.43", "35835.12"],
    "IV": ["39816.79", "43798.48", "47780.15"],
    "V": ["51761.84", "55743.51"],
}
PAB_2024 = {
    "I": ["12163.29", "16217.72"],
    "II": ["20272.22", "24326.57", "28381.01"],
    "III": ["32435.43", "36489.87"],
    "IV": ["40544.29", "44598.72", "48653.15"],
    "V": ["52707.58", "56762.00"],
}
OLD = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NEW = [str(n) for n in range(1, 25)]
CONVENANT = {
    "RESIDENTIAL_HIGH_FREQUENCY": "60259",
    "SCHOOL_COMPLEMENTARY_DAY_CARE": "30273",
    "SCHOOL_REPLACING_DAY_CARE": "42658",
    "RESIDENTIAL_GES_PLUS": "70793",
}
# Every amount, rate, cap and deadline of R1-R16 that is not a per-category table.
RULE_PARAMETERS = {
    "budget.start_deadline_months": "4",
    "pab.start_extension_months": "4",
    "pab.max_age_at_application": "18",
    "pab.support_plan_before_age": "22",
    "pab.mfc_combination.structural_weeks": "4",
    "care_allowance.monthly": "300",
    "pvb.cash_surcharge.rate": "0.1194",
    "pvb.advance.fraction": "0.25",
    "pab.advance.fraction": "0.25",
    "pab.advance.rounding": "1",
    "pab.free_share.rate": "0.05",
    "pab.free_share.request_deadline_months": "3",
    "pab.free_share.payment_days": "30",
    "convenant.free_share.rate": "0",
    "deadlines.notice_days": "30",
}


def test_r3_pab_amounts_2023_and_2024():
    for category, amounts in PAB_2023.items():
        for band, amount in enumerate(amounts, start=1):
            name = f"pab.yearly_amount.{category}.{band}"
            assert parameters.value(name, date(2023, 1, 1)) == Decimal(amount), name
            assert parameters.value(name, date(2023, 12, 31)) == Decimal(amount), name
            expected_2024 = Decimal(PAB_2024[category][band - 1])
            assert parameters.value(name, date(2024, 1, 1)) == expected_2024, name
    pab_names = [n for n in parameters.names() if n.startswith("pab.yearly_amount.")]
    assert len(pab_names) == 12  # no band more than the seed lists


def test_r3_pab_range_matches_seed_002():
    amounts = [
        parameters.value(n, date(2023, 1, 1))
        for n in parameters.names()
        if n.startswith("pab.yearly_amount.")
    ]
    assert (min(amounts), max(amounts)) == (Decimal("11945.05"), Decimal("55743.51"))


def test_r1_all_12_old_and_24_new_pvb_categories_have_amount_points_and_free_share():
    for scheme, categories in (("old", OLD), ("new", NEW)):
        for category in categories:
            for kind in ("yearly_amount", "points", "free_share"):
                name = f"pvb.{kind}.{scheme}.{category}"
                assert parameters.value(name, date(2023, 1, 1)) > 0, name
    assert parameters.value("pvb.yearly_amount.old.XII", date(2023, 6, 1)) == Decimal("102793.26")
    assert parameters.value("pvb.yearly_amount.new.24", date(2023, 6, 1)) == Decimal("102093.09")
    assert parameters.value("pvb.points.new.23", date(2020, 1, 1)) == Decimal("97.1275")


def test_r14_pvb_free_share_per_category():
    for index, category in enumerate(OLD, start=1):
        expected = Decimal(1800) if index <= 4 else Decimal(3600)
        assert parameters.value(f"pvb.free_share.old.{category}", date(2023, 1, 1)) == expected
    # The documented assumption for the new scheme: up to old IV's points, 1 800.
    old_iv_points = parameters.value("pvb.points.old.IV", date(2023, 1, 1))
    for category in NEW:
        points = parameters.value(f"pvb.points.new.{category}", date(2023, 1, 1))
        share = parameters.value(f"pvb.free_share.new.{category}", date(2023, 1, 1))
        assert share == (Decimal(1800) if points <= old_iv_points else Decimal(3600))
        assert (
            "ASSUMPTION"
            in parameters.entry(f"pvb.free_share.new.{category}", date(2023, 1, 1)).reference
        )


def test_r8_convenant_amounts_2022():
    for code, amount in CONVENANT.items():
        day = date(2022, 1, 1)
        points = parameters.value(f"convenant.staff_points.{code}", day)
        operating = parameters.value(f"convenant.operating_part.{code}", day)
        value = parameters.value("convenant.staff_point.value", day)
        assert points * value + operating == Decimal(amount)
    assert "convenant.staff_points.OTHER" not in parameters.names()
    assert "convenant.operating_part.OTHER" not in parameters.names()


@pytest.mark.parametrize(("name", "expected"), sorted(RULE_PARAMETERS.items()))
def test_rule_parameters_are_shipped(name, expected):
    assert parameters.value(name, date(2024, 6, 1)) == Decimal(expected)


def test_r2_pab_only_for_minors_from_2016_04_01():
    assert parameters.value("pab.max_age_at_application", date(2016, 4, 1)) == 18
    with pytest.raises(parameters.ParameterMissing):
        parameters.value("pab.max_age_at_application", date(2016, 3, 31))


def test_every_parameter_has_unit_description_and_references():
    for name in parameters.names():
        definition = parameters.definition(name)
        assert definition.unit and definition.description, name
        for item in definition.values:
            assert isinstance(item.value, Decimal), name
            assert item.reference, name


def test_rule_ids_of_parameters_exist_in_domain_catalogue():
    for name in parameters.names():
        for rule in parameters.definition(name).rules:
            assert 1 <= int(rule[1:]) <= 38, (name, rule)
