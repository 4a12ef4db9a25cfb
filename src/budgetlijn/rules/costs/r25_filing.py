"""R25 (seed 003 §7.3.3-7.3.4; FACTS.md): a cost line belongs to the year it concerns, and is
filed by the dated deadline of the next year (PAB 1 April; PVB 1 March for 2017-2020 costs, 31
March from 2021 costs), the deadline day included. Up to two years after the deadline a line
can still be filed with one of the listed reasons: it waits for the agency's review. Later, or
late without a listed reason, it is refused. Credit notes follow the same rule."""

from __future__ import annotations

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import LATE_REASONS, CostLineFacts, WaitReason
from budgetlijn.rules.costs.findings import Finding, refuse, wait
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import Violation, _

__all__ = ["check_r25", "check_r25_deadline", "check_r25_year"]


def check_r25_year(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    start, end, year = facts.period_from, facts.period_to, facts.budget_year
    if end < start:
        return (
            refuse(
                Violation(
                    "R25",
                    CostCode.COST_PERIOD_REVERSED,
                    _(
                        "De periode eindigt (%(end)s) vóór ze begint (%(start)s). Vul de "
                        "begin- en einddatum van de periode juist in."
                    ),
                    "period_to",
                    {"start": format_day(start), "end": format_day(end)},
                ),
                final=True,
            ),
        )
    if start.year != end.year:
        return (
            refuse(
                Violation(
                    "R25",
                    CostCode.COST_PERIOD_SPANS_TWO_YEARS,
                    _(
                        "Kosten zijn jaargebonden: deze periode (%(start)s tot %(end)s) loopt "
                        "over twee jaren. Splits de kost in een lijn per jaar en dien elke lijn "
                        "in bij de kostenstaat van het jaar waarop ze betrekking heeft."
                    ),
                    "period_to",
                    {"start": format_day(start), "end": format_day(end)},
                ),
                final=True,
            ),
        )
    if start.year != year:
        return (
            refuse(
                Violation(
                    "R25",
                    CostCode.COST_PERIOD_OUTSIDE_BUDGET_YEAR,
                    _(
                        "Kosten zijn jaargebonden: deze kost gaat over %(cost_year)s, niet over "
                        "budgetjaar %(year)s. Dien ze in bij een kostenstaat voor %(cost_year)s."
                    ),
                    "period_from",
                    {"cost_year": start.year, "year": year},
                ),
                final=True,
            ),
        )
    return ()


def check_r25_deadline(
    facts: CostLineFacts,
    counters: CostCounters,
    params: CostParameters,
    *,
    late_accepted: bool = False,
) -> tuple[Finding, ...]:
    filed = facts.filed_on
    if filed <= params.deadline:
        return ()
    common = {
        "year": facts.budget_year,
        "deadline": format_day(params.deadline),
        "late_until": format_day(params.late_until),
        "filed": format_day(filed),
    }
    if filed > params.late_until:
        return (
            refuse(
                Violation(
                    "R25",
                    CostCode.COST_FILED_TOO_LATE,
                    _(
                        "Kosten van %(year)s konden ingediend worden tot %(deadline)s, en "
                        "uitzonderlijk met een reden tot %(late_until)s. Deze lijn werd "
                        "ingediend op %(filed)s, te laat: ze wordt niet betaald."
                    ),
                    "filed_on",
                    common,
                )
            ),
        )
    if facts.late_reason not in LATE_REASONS:
        return (
            refuse(
                Violation(
                    "R25",
                    CostCode.COST_FILED_LATE_WITHOUT_REASON,
                    _(
                        "Kosten van %(year)s worden ingediend tot %(deadline)s; deze lijn werd "
                        "ingediend op %(filed)s. Tot %(late_until)s kan het agentschap ze nog "
                        "aanvaarden als u een van deze redenen opgeeft: %(reasons)s. Geef de "
                        "reden op en dien de lijn opnieuw in."
                    ),
                    "late_reason",
                    {**common, "reasons": "; ".join(LATE_REASONS.values())},
                )
            ),
        )
    if late_accepted:
        return ()
    return (
        wait(
            Violation(
                "R25",
                CostCode.COST_FILED_LATE_REVIEW,
                _(
                    "Deze kost van %(year)s werd na %(deadline)s ingediend, met als reden: "
                    "%(reason)s. Het agentschap onderzoekt of de kost nog aanvaard kan worden; "
                    "u krijgt bericht van de beslissing."
                ),
                "late_reason",
                {**common, "reason": LATE_REASONS[facts.late_reason]},
            ),
            WaitReason.LATE_REVIEW,
        ),
    )


def check_r25(
    facts: CostLineFacts,
    counters: CostCounters,
    params: CostParameters,
    *,
    late_accepted: bool = False,
) -> tuple[Finding, ...]:
    return check_r25_year(facts, counters, params) or check_r25_deadline(
        facts, counters, params, late_accepted=late_accepted
    )
