"""R29 limits (seed 003 §7.4, §7.2; seed 002): a gift at most EUR 40 a gift line; all premiums
(the year-end premium and the others) per assistant per year at most one average monthly wage;
the volunteer flat fee per volunteer at most a dated amount a day and a year; other costs at
most 5 % of a PAB's yearly amount.

Readings (docs/decisions): a gift, premiums, the volunteer year and other costs past their cap
are accepted up to the cap, the rest is the holder's own (gift 45: 40 accepted, 5 own). A flat
fee above the day maximum is no flat fee in the sense of the volunteer law, so that line is
refused (36,00 for one day in 2021, when the maximum is 35,41), with what to do."""

from __future__ import annotations

from decimal import Decimal

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts
from budgetlijn.rules.costs.findings import Finding, cap, refuse
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import format_eur, round_cents
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "check_r29",
    "check_r29_gift",
    "check_r29_other_costs",
    "check_r29_premiums",
    "check_r29_volunteer_fee",
]

ZERO = Decimal(0)


def check_r29_gift(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.cost_kind != k.GIFT or facts.is_credit_note or facts.amount <= params.gift_max:
        return ()
    return (
        cap(
            Violation(
                "R29",
                CostCode.GIFT_ABOVE_MAXIMUM,
                _(
                    "Een geschenk of geschenkcheque wordt betaald tot hoogstens %(max)s. Van "
                    "%(amount)s betaalt het budget %(max)s; %(own)s betaalt u met eigen middelen."
                ),
                "amount",
                {
                    "max": format_eur(params.gift_max),
                    "amount": format_eur(facts.amount),
                    "own": format_eur(facts.amount - params.gift_max),
                },
            ),
            params.gift_max,
        ),
    )


def check_r29_premiums(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.cost_kind not in k.PREMIUMS or facts.is_credit_note or params.premiums_max is None:
        return ()
    used = counters.premiums.get(facts.assistant, ZERO)
    left = max(ZERO, params.premiums_max - used)
    if facts.amount <= left:
        return ()
    return (
        cap(
            Violation(
                "R29",
                CostCode.PREMIUMS_ABOVE_MONTHLY_WAGE,
                _(
                    "Alle premies samen (eindejaarspremie en andere premies) voor %(assistant)s "
                    "zijn in %(year)s hoogstens %(max)s (één gemiddeld maandloon). Er werd al "
                    "%(used)s betaald; van deze %(amount)s betaalt het budget %(left)s, de rest "
                    "betaalt u met eigen middelen."
                ),
                "amount",
                {
                    "assistant": facts.assistant or _("deze assistent"),
                    "year": facts.budget_year,
                    "max": format_eur(params.premiums_max),
                    "used": format_eur(used),
                    "amount": format_eur(facts.amount),
                    "left": format_eur(left),
                },
            ),
            left,
        ),
    )


def check_r29_volunteer_fee(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.cost_kind != k.VOLUNTEER_FLAT_FEE or facts.is_credit_note:
        return ()
    day_max, year_max = params.volunteer_day_max, params.volunteer_year_max
    if day_max is not None:
        one_day = facts.period_from == facts.period_to
        if one_day:
            days = Decimal(1)
            used = counters.volunteer_fee_days.get((facts.assistant, facts.period_from), ZERO)
        else:
            days = facts.quantity or Decimal((facts.period_to - facts.period_from).days + 1)
            used = ZERO
        if used + facts.amount > round_cents(day_max * days):
            return (
                refuse(
                    Violation(
                        "R29",
                        CostCode.VOLUNTEER_DAY_FEE_ABOVE_MAXIMUM,
                        _(
                            "Een forfaitaire vrijwilligersvergoeding is in %(year)s hoogstens "
                            "%(max)s per vrijwilliger per dag; deze lijn vraagt %(amount)s voor "
                            "%(days)s dag(en) vanaf %(day)s (al betaald die dag: %(used)s). Dien "
                            "hoogstens het maximum in, of dien de werkelijke kosten in als "
                            "reële kostenvergoeding."
                        ),
                        "amount",
                        {
                            "year": facts.budget_year,
                            "max": format_eur(day_max),
                            "amount": format_eur(facts.amount),
                            "days": format(days.normalize(), "f").replace(".", ","),
                            "day": format_day(facts.period_from),
                            "used": format_eur(used),
                        },
                    )
                ),
            )
    if year_max is None:
        return ()
    used_year = counters.volunteer_fee_year.get(facts.assistant, ZERO)
    left = max(ZERO, year_max - used_year)
    if facts.amount <= left:
        return ()
    return (
        cap(
            Violation(
                "R29",
                CostCode.VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM,
                _(
                    "Forfaitaire vrijwilligersvergoedingen zijn in %(year)s hoogstens %(max)s "
                    "per vrijwilliger. Er werd al %(used)s betaald; van deze %(amount)s betaalt "
                    "het budget %(left)s, de rest betaalt u met eigen middelen."
                ),
                "amount",
                {
                    "year": facts.budget_year,
                    "max": format_eur(year_max),
                    "used": format_eur(used_year),
                    "amount": format_eur(facts.amount),
                    "left": format_eur(left),
                },
            ),
            left,
        ),
    )


def other_costs_line(facts: CostLineFacts, params: CostParameters) -> bool:
    """Whether the line counts in the 5 % of other costs (the kind says so, for a PAB)."""
    kind = params.cost_kinds.get(facts.cost_kind)
    return kind is not None and kind.other_costs and params.other_costs_rate is not None


def check_r29_other_costs(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    if facts.is_credit_note or counters.yearly_amount is None:
        return ()
    if not other_costs_line(facts, params):
        return ()
    share = round_cents(params.other_costs_rate * counters.yearly_amount)
    left = max(ZERO, share - counters.other_costs)
    if facts.amount <= left:
        return ()
    return (
        cap(
            Violation(
                "R29",
                CostCode.OTHER_COSTS_ABOVE_SHARE,
                _(
                    "Andere kosten (onkosten van vrijwilligers, tolkuren, het vrij besteedbaar "
                    "deel) zijn samen hoogstens %(rate)s %% van het jaarbedrag, in %(year)s "
                    "%(share)s. Er werd al %(used)s aanvaard; van deze %(amount)s betaalt het "
                    "budget %(left)s, de rest betaalt u met eigen middelen."
                ),
                "amount",
                {
                    "rate": format((params.other_costs_rate * 100).normalize(), "f").replace(
                        ".", ","
                    ),
                    "year": facts.budget_year,
                    "share": format_eur(share),
                    "used": format_eur(counters.other_costs),
                    "amount": format_eur(facts.amount),
                    "left": format_eur(left),
                },
            ),
            left,
        ),
    )


def check_r29(
    facts: CostLineFacts, counters: CostCounters, params: CostParameters
) -> tuple[Finding, ...]:
    return (
        check_r29_gift(facts, counters, params)
        + check_r29_premiums(facts, counters, params)
        + check_r29_volunteer_fee(facts, counters, params)
        + check_r29_other_costs(facts, counters, params)
    )
