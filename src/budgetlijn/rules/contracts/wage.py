"""R22: the sectoral minimum wage (PC 319.01) for employment and family contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import parameters
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    ContractFacts,
)
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import format_eur, to_decimal
from budgetlijn.rules.violations import Violation, _

MINIMUM_WAGE = "contracts.minimum_wage.pc31901.hourly"


def exact_eur(value: Decimal) -> str:
    """An amount with all its decimals (at least two), Belgian notation: EUR 11,28570646."""
    whole, _point, decimals = format(value, "f").partition(".")
    decimals = decimals.rstrip("0")
    if len(decimals) <= 2:
        return format_eur(value)
    return f"EUR {whole},{decimals}"


# --- R22: minimum wage ------------------------------------------------------------------------


def check_minimum_wage(
    facts: ContractFacts, t: ct.ContractType | None, on: date
) -> list[Violation]:
    if t is None or not t.minimum_wage or facts.hourly_cost is None:
        return []
    cost = to_decimal(facts.hourly_cost)
    if cost <= 0:
        return []  # reported as hourly_cost_not_positive
    day = facts.start_date or on
    try:
        minimum = parameters.value(MINIMUM_WAGE, day)
    except parameters.ParameterMissing:
        return []  # no known minimum before the first value: nothing to compare with
    if cost >= minimum:
        return []
    return [
        Violation(
            "R22",
            ContractCode.BELOW_MINIMUM_WAGE,
            _(
                "Het uurloon (%(cost)s) ligt onder het sectorale minimumloon van paritair comité "
                "319.01 dat op %(day)s gold: %(minimum)s bruto per uur. Verhoog het uurloon tot "
                "minstens dat bedrag."
            ),
            "hourly_cost",
            {"cost": exact_eur(cost), "day": format_day(day), "minimum": exact_eur(minimum)},
        )
    ]
