"""R20 for cost lines (seed 003 §3.3.8, §3.3.9): family (2nd degree or household) is never paid
through service vouchers or wijk-werk; at most 2 000 service vouchers a year per holder, 2 500
for parents of a child with a disability. A line past the cap is accepted for the vouchers
that still fit, its amount pro rata per voucher."""

from __future__ import annotations

from decimal import Decimal

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts
from budgetlijn.rules.costs.findings import Finding, cap, pro_rata, refuse
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_r20", "check_r20_family", "check_r20_service_vouchers"]


def _whole(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def check_r20_family(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    t = params.types.get(facts.contract_type_code or "")
    if t is None or not facts.contract_family or not (t.service_vouchers or t.wijk_werk):
        return ()
    return (
        refuse(
            Violation(
                "R20",
                CostCode.COST_FAMILY_THROUGH_VOUCHERS_OR_WIJK_WERK,
                _(
                    "Een familielid tot de tweede graad of een gezinslid kan niet betaald worden "
                    "met dienstencheques of wijk-werkcheques. Sluit met dat familielid een "
                    "arbeidsovereenkomst of een overeenkomst met een familielid en dien de kost "
                    "daaronder in."
                ),
                "contract",
            )
        ),
    )


def check_r20_service_vouchers(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.cost_kind != k.SERVICE_VOUCHERS or facts.is_credit_note:
        return ()
    quantity = facts.quantity
    if quantity is None or quantity <= 0:
        return (
            refuse(
                Violation(
                    "R20",
                    CostCode.SERVICE_VOUCHER_QUANTITY_MISSING,
                    _(
                        "Vul bij 'aantal' in hoeveel dienstencheques u kocht: er kunnen er maar "
                        "zoveel per jaar betaald worden."
                    ),
                    "quantity",
                )
            ),
        )
    maximum = (
        params.service_voucher_cap_parent
        if counters.parent_of_disabled_child
        else params.service_voucher_cap
    )
    left = max(Decimal(0), maximum - counters.service_vouchers)
    if quantity <= left:
        return ()
    limit, accepted = pro_rata(facts.amount, quantity, left)
    return (
        cap(
            Violation(
                "R20",
                CostCode.SERVICE_VOUCHER_CAP_EXCEEDED,
                _(
                    "Het budget betaalt hoogstens %(max)s dienstencheques per jaar. In "
                    "%(year)s werden er al %(used)s betaald, er passen er nog %(left)s van de "
                    "%(asked)s. De andere betaalt u met eigen middelen."
                ),
                "quantity",
                {
                    "max": _whole(maximum),
                    "year": facts.budget_year,
                    "used": _whole(counters.service_vouchers),
                    "left": _whole(left),
                    "asked": _whole(quantity),
                },
            ),
            limit,
            accepted,
        ),
    )


def check_r20(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    return check_r20_family(facts, counters, params) + check_r20_service_vouchers(
        facts, counters, params
    )
