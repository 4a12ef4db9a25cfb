"""R4 reports of a PAB's combination with an MFC: every refusal's rule id, field, parameters
and full Dutch text; the bounds of the days a week; the reduction's own refusals."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.mfc import check_report, is_start, mfc_reduction
from budgetlijn.rules.tests.violation_checks import described

CHANGE = {
    "budget_kind": "PAB",
    "mfc_name": "MFC Het Anker",
    "days_per_week": Decimal(3),
    "changed_on": date(2023, 5, 8),
    "reported_on": date(2023, 6, 20),
    "previous_days": Decimal(2),
    "previous_changed_on": date(2023, 1, 9),
}


def test_r4_every_refusal_at_once_full_text():
    found = check_report(
        budget_kind="PVB",
        mfc_name="",
        days_per_week="veel",
        changed_on=date(2023, 5, 8),
        reported_on=date(2023, 5, 1),
        previous_days=Decimal(2),
        previous_changed_on=date(2023, 6, 1),
    )
    assert described(found) == [
        ("R4", "mfc_only_pab", "budget"),
        ("R4", "mfc_name_missing", "mfc_name"),
        ("R4", "days_per_week_range", "days_per_week"),
        ("R4", "change_not_after_previous", "changed_on"),
        ("R4", "reported_before_change", "reported_on"),
    ]
    assert [v.text() for v in found] == [
        "Alleen een PAB wordt verminderd voor de dagen in een MFC.",
        "Vul de naam van het MFC in.",
        "Vul bij 'dagen per week in het MFC' een aantal tussen 0 en 7 in, bijvoorbeeld 2 of 2,5.",
        "De vorige melding gold vanaf 01/06/2023. Vul bij 'gewijzigd sinds' een latere datum in.",
        "De melding (01/05/2023) kan niet vóór de start of wijziging van de combinatie "
        "(08/05/2023) liggen. Controleer beide datums.",
    ]
    assert found[3].params == {"previous": "01/06/2023"}
    assert found[4].params == {"reported": "01/05/2023", "changed": "08/05/2023"}


def test_r4_a_start_without_days_full_text():
    found = check_report(**{**CHANGE, "days_per_week": 0, "previous_days": None})
    assert described(found) == [("R4", "mfc_start_without_days", "days_per_week")]
    assert found[0].text() == (
        "Er loopt geen combinatie met een MFC die kan stoppen. Vul bij 'dagen per week in het "
        "MFC' in hoeveel dagen per week het kind naar het MFC gaat."
    )
    # after a stop (0 days), a new 0 is a start without days as well
    again = check_report(**{**CHANGE, "days_per_week": 0, "previous_days": Decimal(0)})
    assert described(again) == [("R4", "mfc_start_without_days", "days_per_week")]
    # a stop of a running combination is a change, reported once structural
    assert check_report(**{**CHANGE, "days_per_week": 0}) == []


def test_r4_a_change_not_yet_structural_full_text():
    found = check_report(**{**CHANGE, "reported_on": date(2023, 6, 4)})
    assert described(found) == [("R4", "change_not_structural", "changed_on")]
    assert found[0].params == {"weeks": 4, "day": "05/06/2023"}
    assert found[0].text() == (
        "Een wijziging van de combinatie telt pas mee als ze 4 opeenvolgende weken duurt. Meld "
        "ze opnieuw vanaf 05/06/2023."
    )
    assert check_report(**{**CHANGE, "reported_on": date(2023, 6, 5)}) == []


@pytest.mark.parametrize(
    ("days", "refused"),
    [("-0.01", True), ("0", False), ("0.5", False), ("7", False), ("7.01", True)],
)
def test_r4_days_a_week_from_0_to_7(days, refused):
    found = check_report(**{**CHANGE, "days_per_week": Decimal(days)})
    expected = [("R4", "days_per_week_range", "days_per_week")] if refused else []
    assert described(found) == expected


def test_r4_the_previous_change_day_itself_is_not_after_it():
    same = check_report(
        **{**CHANGE, "changed_on": date(2023, 1, 9), "reported_on": date(2023, 3, 1)}
    )
    assert [v.code for v in same] == ["change_not_after_previous"]
    later = check_report(
        **{**CHANGE, "changed_on": date(2023, 1, 10), "reported_on": date(2023, 3, 1)}
    )
    assert later == []
    # reported on the day of the change itself: allowed for a start
    assert check_report(**{**CHANGE, "previous_days": None, "reported_on": date(2023, 5, 8)}) == []


def test_r4_a_name_of_spaces_is_no_name_and_none_is_none():
    for name in ("   ", None):
        found = check_report(**{**CHANGE, "mfc_name": name})
        assert described(found) == [("R4", "mfc_name_missing", "mfc_name")]


def test_r4_start_is_none_or_zero_days():
    assert is_start(None) and is_start(0) and is_start(Decimal("0.00"))
    assert not is_start(Decimal("0.5"))


def test_r4_reduction_bounds_are_inclusive():
    on = date(2023, 6, 1)
    assert mfc_reduction(Decimal("0"), Decimal(7), on) == Decimal("0.00")
    assert mfc_reduction(Decimal("700"), Decimal(0), on) == Decimal("0.00")
    assert mfc_reduction(Decimal("700"), Decimal(7), on) == Decimal("700.00")
    with pytest.raises(ValueError, match="between 0 and 7: 7.01"):
        mfc_reduction(Decimal("700"), Decimal("7.01"), on)
    with pytest.raises(ValueError, match="between 0 and 7: -0.01"):
        mfc_reduction(Decimal("700"), Decimal("-0.01"), on)
    with pytest.raises(ValueError, match="cannot be negative: -0.01"):
        mfc_reduction(Decimal("-0.01"), Decimal(1), on)


def test_r4_a_basis_of_zero_days_is_refused():
    zero = parameters.ParameterValue(
        name="pab.mfc_combination.reduction_basis_days",
        valid_from=date(2024, 1, 1),
        valid_until=None,
        value=Decimal(0),
        unit="dagen",
        reference="test",
    )
    with parameters.isolated(override_source=lambda name: [zero]):
        with pytest.raises(ValueError, match="must be above 0 on 2024-01-01: 0"):
            mfc_reduction(Decimal("700"), Decimal(1), date(2024, 1, 1))


def test_r4_a_basis_of_one_day_is_allowed():
    one = parameters.ParameterValue(
        name="pab.mfc_combination.reduction_basis_days",
        valid_from=date(2024, 1, 1),
        valid_until=None,
        value=Decimal(1),
        unit="dagen",
        reference="test",
    )
    with parameters.isolated(override_source=lambda name: [one]):
        assert mfc_reduction(Decimal("700"), Decimal("0.5"), date(2024, 1, 1)) == Decimal("350.00")
        assert mfc_reduction(Decimal("700"), Decimal(2), date(2024, 1, 1)) == Decimal("700.00")
