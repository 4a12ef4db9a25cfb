"""R21 for cost lines: short-term support is counted from the lines' quantities (days, nights,
sessions) against the caps per calendar year of rules/short_term.py (92 days and 36 mobile or
51 ambulant sessions until 2022; 155 days and nights and 104 sessions from 2023). A line past
the cap is accepted for what still fits, its amount pro rata."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from budgetlijn.rules import short_term as st
from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts
from budgetlijn.rules.costs.findings import Finding, cap, pro_rata, refuse
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_r21", "short_term_counter"]


def short_term_counter(facts: CostLineFacts, params: CostParameters) -> str | None:
    """The counter the line counts in: its own, or its contract type's default; None when the
    contract type is not one of short-term support."""
    t = params.types.get(facts.contract_type_code or "")
    if t is None or not t.is_short_term:
        return None
    return facts.counter or t.short_term_counter


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def check_r21(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    counter = short_term_counter(facts, params)
    if counter is None or facts.is_credit_note:
        return ()
    t = params.types[facts.contract_type_code]
    if counter not in t.short_term_counters:
        return (
            refuse(
                Violation(
                    "R21",
                    CostCode.COST_SHORT_TERM_COUNTER_NOT_FOR_TYPE,
                    _(
                        "Bij deze overeenkomst telt u %(allowed)s, geen %(counter)s. Kies wat u "
                        "telt."
                    ),
                    "counter",
                    {
                        "allowed": ", ".join(st.COUNTER_LABELS[c] for c in t.short_term_counters),
                        "counter": st.COUNTER_LABELS.get(counter, counter),
                    },
                )
            ),
        )
    quantity = facts.quantity
    if quantity is None or quantity <= 0:
        return (
            refuse(
                Violation(
                    "R21",
                    CostCode.COST_SHORT_TERM_QUANTITY_MISSING,
                    _(
                        "Vul bij 'aantal' in hoeveel %(counter)s deze factuur betreft: "
                        "kortdurende ondersteuning is beperkt per kalenderjaar."
                    ),
                    "quantity",
                    {"counter": st.COUNTER_LABELS[counter]},
                )
            ),
        )
    caps = params.short_term_caps.at(facts.period_from)
    if caps is None or counter not in caps.pools:
        return (
            refuse(
                Violation(
                    "R21",
                    CostCode.COST_SHORT_TERM_NOT_AVAILABLE,
                    _(
                        "Voor %(counter)s is er op %(day)s geen maximum vastgesteld: die "
                        "kortdurende ondersteuning kon toen niet met een PAB betaald worden."
                    ),
                    "counter",
                    {"counter": st.COUNTER_LABELS[counter], "day": format_day(facts.period_from)},
                )
            ),
        )
    members = caps.envelopes[counter]
    own_cap = members[counter]
    used = counters.short_term
    if all(cap == own_cap for cap in members.values()):
        # one cap for every counter of the envelope (days and nights; sessions): plain sums
        left = max(Decimal(0), own_cap - sum((used.get(c, 0) for c in members), Decimal(0)))
        if quantity <= left:
            return ()
        left_decimal = left
    else:
        # mobile or ambulant (until 2022): each uses its share of one envelope, exactly
        share = sum(
            (Fraction(used.get(c, 0)) / Fraction(cap) for c, cap in members.items()), Fraction(0)
        )
        left = max(Fraction(0), 1 - share) * Fraction(own_cap)
        if Fraction(quantity) <= left:
            return ()
        left_decimal = Decimal(left.numerator) / Decimal(left.denominator)
    limit, accepted = pro_rata(facts.amount, quantity, left_decimal)
    return (
        cap(
            Violation(
                "R21",
                CostCode.COST_SHORT_TERM_CAP_EXCEEDED,
                _(
                    "Kortdurende ondersteuning is beperkt per kalenderjaar: in %(year)s is er "
                    "nog ruimte voor %(left)s %(counter)s, deze factuur telt er %(asked)s. Het "
                    "budget betaalt het deel voor %(left)s %(counter)s; de rest betaalt u met "
                    "eigen middelen."
                ),
                "quantity",
                {
                    "year": facts.budget_year,
                    "left": _number(accepted),
                    "counter": st.COUNTER_LABELS[counter],
                    "asked": _number(quantity),
                },
            ),
            limit,
            accepted,
        ),
    )
