"""R22 for cost lines (seed 003 §5.1 a): an assistant employed directly or a family member
under a PAB is paid at least the PC 319.01 minimum wage, dated
(contracts.minimum_wage.pc31901.hourly). A wage line with its hours (quantity) must reach the
minimum for those hours, rounded to the cent; without hours the contract's hourly cost is
compared. Applied only where the contract type says ``minimum_wage: true``.

Reading (docs/decisions): the seed makes the minimum a condition of employing an assistant with
a PAB ("moet u volgende voorwaarden voldoen"), so a wage line below it is refused with what to
do, not paid in part."""

from __future__ import annotations

from decimal import Decimal

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts
from budgetlijn.rules.costs.findings import Finding, refuse
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.money import format_eur, round_cents
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_r22"]


def _hourly(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.0001")), "f").replace(".", ",")


def check_r22(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.cost_kind != k.WAGE or facts.is_credit_note:
        return ()
    t = params.types.get(facts.contract_type_code or "")
    if t is None or not t.minimum_wage:
        return ()
    minimum = params.minimum_wage.at(facts.period_from)
    if minimum is None:
        return ()
    hours = facts.quantity
    if hours is not None and hours > 0:
        floor = round_cents(minimum * hours)
        if facts.amount >= floor:
            return ()
        message = _(
            "Voor %(hours)s uur is het minimumloon (PC 319.01, %(minimum)s euro bruto per uur) "
            "samen %(floor)s; deze loonkost is %(amount)s. Betaal de assistent minstens het "
            "minimumloon en dien de juiste loonkost in, met het aantal gewerkte uren."
        )
        params_ = {
            "hours": format(hours.normalize(), "f").replace(".", ","),
            "minimum": _hourly(minimum),
            "floor": format_eur(floor),
            "amount": format_eur(facts.amount),
        }
    else:
        hourly = facts.contract_hourly_cost
        if hourly is None or hourly >= minimum:
            return ()
        message = _(
            "Het uurloon in de overeenkomst (%(hourly)s euro) is lager dan het minimumloon "
            "PC 319.01 (%(minimum)s euro bruto per uur). Pas de overeenkomst aan tot minstens "
            "het minimumloon, of vul bij 'aantal' de gewerkte uren in."
        )
        params_ = {"hourly": _hourly(hourly), "minimum": _hourly(minimum)}
    return (refuse(Violation("R22", CostCode.COST_BELOW_MINIMUM_WAGE, message, "amount", params_)),)
