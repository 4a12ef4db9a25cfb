"""R24 allowed cost kinds per contract type (seed 003 §7.4), and what is never payable:
R32 (seed 003 §4.2), R23 (hotel costs and own contribution at an MFC or licensed provider,
§3.3.6, §7.4.6) and R6 (what a PAB can never be used for, §4.4). A line naming a never-payable
kind is refused with that rule's own code, before R24 would call the kind unknown."""

from __future__ import annotations

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts
from budgetlijn.rules.costs.findings import Finding, refuse
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_non_payable", "check_r23", "check_r24", "check_r32", "check_r6"]

NON_PAYABLE = {
    "R32": (
        CostCode.COST_NEVER_PAYABLE,
        _(
            "Het budget kan nooit betaald worden voor %(label)s. Betaal deze kost met eigen "
            "middelen of, waar dat kan, met een andere tegemoetkoming."
        ),
    ),
    "R23": (
        CostCode.COST_HOTEL_OR_OWN_CONTRIBUTION,
        _(
            "Bij een MFC of vergunde zorgaanbieder betaalt het budget alleen de zorg en "
            "ondersteuning, niet %(label)s. Dien alleen het deel voor zorg en ondersteuning in; "
            "de rest betaalt u met eigen middelen."
        ),
    ),
    "R6": (
        CostCode.COST_PAB_EXCLUDED_USE,
        _(
            "Een persoonlijke-assistentiebudget kan niet gebruikt worden voor %(label)s. Deze "
            "kost wordt niet betaald; betaal ze met eigen middelen."
        ),
    ),
}


def _non_payable(rule: str, facts: CostLineFacts, params: CostParameters) -> tuple[Finding, ...]:
    item = params.non_payable.get(facts.cost_kind)
    if item is None or item.rule != rule or params.budget_kind not in item.budget_kinds:
        return ()
    code, message = NON_PAYABLE[rule]
    return (
        refuse(
            Violation(rule, code, message, "cost_kind", {"label": item.label}),
            final=True,
        ),
    )


def check_r32(facts: CostLineFacts, counters: CostCounters, params: CostParameters):
    return _non_payable("R32", facts, params)


def check_r23(facts: CostLineFacts, counters: CostCounters, params: CostParameters):
    return _non_payable("R23", facts, params)


def check_r6(facts: CostLineFacts, counters: CostCounters, params: CostParameters):
    return _non_payable("R6", facts, params)


def check_non_payable(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    """R32, R23 and R6 together (one dictionary lookup for an ordinary kind)."""
    item = params.non_payable.get(facts.cost_kind)
    if item is None:
        return ()
    return _non_payable(item.rule, facts, params)


def check_r24(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    kind = params.cost_kinds.get(facts.cost_kind)
    if kind is None:
        return (
            refuse(
                Violation(
                    "R24",
                    CostCode.COST_KIND_UNKNOWN,
                    _(
                        "De kostensoort '%(kind)s' bestaat niet. Kies een kostensoort uit de "
                        "lijst bij de overeenkomst."
                    ),
                    "cost_kind",
                    {"kind": facts.cost_kind},
                ),
                final=True,
            ),
        )
    if not kind.needs_contract:
        return ()
    code = facts.contract_type_code
    contract_type = params.types.get(code) if code else None
    if contract_type is None:
        if code is None:
            return ()  # no contract: R19 says what to do
        return (
            refuse(
                Violation(
                    "R24",
                    CostCode.COST_CONTRACT_TYPE_UNKNOWN,
                    _(
                        "Het overeenkomsttype %(code)s bestaat niet. Dien de kost in onder een "
                        "geregistreerde overeenkomst."
                    ),
                    "contract",
                    {"code": code},
                )
            ),
        )
    if facts.cost_kind in contract_type.cost_kinds:
        return ()
    allowed = sorted(params.cost_kinds[c].label for c in contract_type.cost_kinds)
    return (
        refuse(
            Violation(
                "R24",
                CostCode.COST_KIND_NOT_FOR_CONTRACT_TYPE,
                _(
                    "'%(kind)s' kan niet ingediend worden onder een %(type)s. Onder deze "
                    "overeenkomst kunnen: %(allowed)s. Kies een van die kostensoorten of dien "
                    "de kost in onder de overeenkomst waar ze bij hoort."
                ),
                "cost_kind",
                {
                    "kind": kind.label,
                    "type": contract_type.label.lower(),
                    "allowed": "; ".join(allowed),
                },
            )
        ),
    )
