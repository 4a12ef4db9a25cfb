"""R6, R8, R16, R21, R23: what a contract is used for."""

from __future__ import annotations

from datetime import date

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import short_term
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    PAB,
    PVB,
    ContractFacts,
)
from budgetlijn.rules.violations import Violation, _

# --- R6, R8, R16, R23: what the contract is used for ----------------------------------------


def check_use(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    out: list[Violation] = []
    if facts.excluded_use is not None and facts.budget_kind == PAB:
        uses = ct.excluded_uses()
        out.append(
            Violation(
                "R6",
                ContractCode.PAB_EXCLUDED_USE,
                _(
                    "Een PAB kan niet gebruikt worden voor %(use)s. Wie er verblijft of er gebruik "
                    "van maakt, laat zich uitschrijven vóór de start van het PAB. Een overeenkomst "
                    "met die dienst voor assistentie thuis kan wel: kies daarvoor het passende type."
                ),
                "excluded_use",
                {"use": uses.get(facts.excluded_use, facts.excluded_use)},
            )
        )
    if facts.support_function is not None and t is not None:
        out.extend(_check_support_function(facts, t))
    provider = facts.counterparty.provider_kind
    at_licensed = provider in ct.LICENSED_KINDS or (t is not None and t.licensed_provider_only)
    if facts.hotel_costs_included and at_licensed:
        out.append(
            Violation(
                "R23",
                ContractCode.HOTEL_COSTS_NOT_PAYABLE,
                _(
                    "Bij een multifunctioneel centrum of een vergunde zorgaanbieder betaalt het "
                    "budget alleen de kosten voor zorg en ondersteuning. Hotelkosten en de eigen "
                    "bijdrage betaalt u met eigen middelen: neem ze niet op in deze overeenkomst."
                ),
                "hotel_costs_included",
            )
        )
    if t is not None and t.is_short_term:
        day = facts.start_date or on
        out.extend(
            Violation(v.rule_id, v.code, v.message, "counterparty.provider_kind", v.params)
            for v in short_term.check_provider(provider, day)
            if provider in t.provider_kinds
        )
    return out


def _check_support_function(facts: ContractFacts, t: ct.ContractType) -> list[Violation]:
    code = facts.support_function
    known = ct.support_functions()
    group = t.support_function_group
    if group is None:
        return [
            Violation(
                "R17",
                ContractCode.SUPPORT_FUNCTION_NOT_APPLICABLE,
                _(
                    "Bij dit type overeenkomst hoort geen ondersteuningsfunctie. Laat het veld leeg."
                ),
                "support_function",
            )
        ]
    rule = "R16" if group == PVB else "R8"
    allowed = ct.support_functions(group)
    if code in allowed:
        return []
    if code not in known:
        return [
            Violation(
                rule,
                ContractCode.SUPPORT_FUNCTION_UNKNOWN,
                _("De ondersteuningsfunctie %(code)s is onbekend. Kies er een uit de lijst."),
                "support_function",
                {"code": code},
            )
        ]
    if group == PVB:
        message = _(
            "Met een persoonsvolgend budget koopt u een van de zes ondersteuningsfuncties: "
            "%(allowed)s. Kies een van die functies."
        )
    elif group == "CONVENANT":
        message = _(
            "Met een persoonsvolgend convenant biedt een vergunde zorgaanbieder of MFC alleen: "
            "%(allowed)s. Kies een van die functies, of zet het convenant in als PAB."
        )
    else:
        message = _(
            "Een convenant ingezet als PAB betaalt alleen de handelingen van een persoonlijke "
            "assistent: %(allowed)s. Kies een van die functies."
        )
    return [
        Violation(
            rule,
            ContractCode.SUPPORT_FUNCTION_NOT_ALLOWED,
            message,
            "support_function",
            {"allowed": "; ".join(allowed.values())},
        )
    ]
