"""R22 minimum wage and R19 contract life, checked function by function: rule id, field, the
parameters and the full Dutch text of each refusal (the registration tests check codes)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts import (
    check_budget_open,
    check_changeable,
    check_pending,
    check_refusal_reason,
)
from budgetlijn.rules.contracts.wage import check_minimum_wage, exact_eur
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.tests.test_contract_registration import ON, pab
from budgetlijn.rules.tests.violation_checks import described

EMPLOYMENT = ct.contract_type("PAB_EMPLOYMENT")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("11.28570646", "EUR 11,28570646"),
        ("11.10", "EUR 11,10"),
        ("11.1", "EUR 11,10"),
        ("11", "EUR 11,00"),
        ("11.100", "EUR 11,10"),
        ("0.123", "EUR 0,123"),
        ("0.0000001", "EUR 0,0000001"),  # written 1E-7 by str(): still all decimals
    ],
)
def test_r22_amounts_in_the_message_keep_all_their_decimals(value, text):
    assert exact_eur(Decimal(value)) == text


@pytest.mark.parametrize("value", ["12345", "1234.56", "1234.5"])
def test_r22_amounts_with_two_decimals_or_fewer_in_the_usual_notation(value):
    assert exact_eur(Decimal(value)) == format_eur(Decimal(value))
    assert "\xa0" in exact_eur(Decimal(value))  # thousands separated


def test_r22_below_minimum_wage_full_text():
    facts = pab(hourly_cost=Decimal("11.10"), start_date=date(2021, 1, 1))
    found = check_minimum_wage(facts, EMPLOYMENT, ON)
    assert described(found) == [("R22", "below_minimum_wage", "hourly_cost")]
    assert found[0].params == {
        "cost": "EUR 11,10",
        "day": "01/01/2021",
        "minimum": "EUR 11,28570646",
    }
    assert found[0].text() == (
        "Het uurloon (EUR 11,10) ligt onder het sectorale minimumloon van paritair comité 319.01 "
        "dat op 01/01/2021 gold: EUR 11,28570646 bruto per uur. Verhoog het uurloon tot minstens "
        "dat bedrag."
    )


def test_r22_the_start_day_decides_else_the_registration_day():
    facts = pab(hourly_cost=Decimal("11.10"), start_date=None)
    assert check_minimum_wage(facts, EMPLOYMENT, date(2020, 12, 31)) == []
    [violation] = check_minimum_wage(facts, EMPLOYMENT, date(2021, 1, 1))
    assert violation.params["day"] == "01/01/2021"
    started = pab(hourly_cost=Decimal("11.10"), start_date=date(2020, 12, 31))
    assert check_minimum_wage(started, EMPLOYMENT, date(2021, 1, 1)) == []


def test_r22_nothing_to_check_without_type_wage_or_a_positive_cost():
    low = pab(hourly_cost=Decimal("5"), start_date=date(2023, 3, 1))
    assert described(check_minimum_wage(low, EMPLOYMENT, ON)) == [
        ("R22", "below_minimum_wage", "hourly_cost")
    ]
    assert check_minimum_wage(low, None, ON) == []
    assert check_minimum_wage(low, ct.contract_type("PAB_TEMP_AGENCY"), ON) == []
    assert check_minimum_wage(pab(hourly_cost=None), EMPLOYMENT, ON) == []
    assert check_minimum_wage(pab(hourly_cost=Decimal("0")), EMPLOYMENT, ON) == []
    assert check_minimum_wage(pab(hourly_cost=Decimal("-1")), EMPLOYMENT, ON) == []
    # a cent above zero is compared
    assert len(check_minimum_wage(pab(hourly_cost=Decimal("0.01")), EMPLOYMENT, ON)) == 1


def test_r19_lifecycle_refusals_full_text():
    ended = check_budget_open(True, "stopgezet")
    assert described(ended) == [("R19", "budget_ended", "budget")]
    assert ended[0].text() == (
        "Dit budget is beëindigd (stopgezet); er kunnen geen overeenkomsten meer bij."
    )
    decided = check_pending(False, "goedgekeurd")
    assert described(decided) == [("R19", "contract_not_pending", "status")]
    assert decided[0].text() == "Over deze overeenkomst is al beslist (goedgekeurd)."


@pytest.mark.parametrize("empty", ["", "   ", None, "\n\t"])
def test_r19_refusal_reason_missing_full_text(empty):
    found = check_refusal_reason(empty)
    assert described(found) == [("R19", "refusal_reason_missing", "refusal_reason")]
    assert found[0].text() == (
        "Geef de reden van de weigering; de budgethouder leest ze in de beslissing."
    )
    assert found[0].params in ({}, None)
    assert check_refusal_reason(" x ") == []


def test_r19_only_latest_approved_can_change_full_text():
    found = check_changeable(False)
    assert described(found) == [("R19", "only_latest_approved_can_change", "status")]
    assert found[0].text() == (
        "Alleen de laatste goedgekeurde versie van een overeenkomst kan gewijzigd worden. Wacht "
        "op de beslissing over de vorige wijziging."
    )
    assert found[0].params in ({}, None)
