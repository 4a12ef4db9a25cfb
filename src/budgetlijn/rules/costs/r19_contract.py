"""R19: a cost counts only under an approved contract covering its period (seed 003 §3.3).

A line under a registered, not yet approved contract waits, and is decided again when the
contract is approved or refused. An ended contract still covers the costs of its period."""

from __future__ import annotations

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import (
    APPROVED,
    ENDED,
    REFUSED,
    REGISTERED,
    CostLineFacts,
    WaitReason,
)
from budgetlijn.rules.costs.findings import Finding, refuse, wait
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_r19"]

COVERING = frozenset({APPROVED, ENDED, REGISTERED})


def check_r19(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    kind = params.cost_kinds.get(facts.cost_kind)
    if kind is not None and not kind.needs_contract:
        return ()
    status = facts.contract_status
    if status not in COVERING:
        if status != REFUSED:
            return (
                refuse(
                    Violation(
                        "R19",
                        CostCode.COST_CONTRACT_MISSING,
                        _(
                            "Er is geen overeenkomst voor deze kost. Registreer eerst de "
                            "overeenkomst met de assistent of organisatie en dien de kost "
                            "daarna in onder die overeenkomst."
                        ),
                        "contract",
                    )
                ),
            )
        return (
            refuse(
                Violation(
                    "R19",
                    CostCode.COST_CONTRACT_REFUSED,
                    _(
                        "De overeenkomst voor deze kost werd geweigerd; kosten onder een "
                        "geweigerde overeenkomst worden niet betaald. Registreer een nieuwe "
                        "overeenkomst die aan de voorwaarden voldoet."
                    ),
                    "contract",
                )
            ),
        )
    start, end = facts.contract_start, facts.contract_end
    if (start is not None and facts.period_from < start) or (
        end is not None and facts.period_to > end
    ):
        return (
            refuse(
                Violation(
                    "R19",
                    CostCode.COST_OUTSIDE_CONTRACT_PERIOD,
                    _(
                        "De periode van deze kost (%(period_from)s tot %(period_to)s) valt niet "
                        "binnen de looptijd van de overeenkomst (%(start)s tot %(end)s). Dien de "
                        "kost in onder de overeenkomst die deze periode dekt, of beperk de "
                        "periode tot de looptijd."
                    ),
                    "period_from",
                    {
                        "period_from": format_day(facts.period_from),
                        "period_to": format_day(facts.period_to),
                        "start": format_day(start) if start else "-",
                        "end": format_day(end) if end else _("onbepaalde duur"),
                    },
                )
            ),
        )
    if status == REGISTERED:
        return (
            wait(
                Violation(
                    "R19",
                    CostCode.COST_CONTRACT_NOT_APPROVED,
                    _(
                        "De overeenkomst voor deze kost is geregistreerd maar nog niet "
                        "goedgekeurd. De kost wacht en wordt beslist zodra het agentschap de "
                        "overeenkomst goedkeurt of weigert; u hoeft ze niet opnieuw in te dienen."
                    ),
                    "contract",
                ),
                WaitReason.CONTRACT_NOT_APPROVED,
            ),
        )
    return ()
