"""Deciding one part of a free share (vrij besteedbaar deel) asked for a budget year (R14, R15).

The same reading for the PVB (R14, seed 001) and the PAB (R15, seed 002, 003 §7.2); only the
yearly amount of the share and the rule id differ (``r14_free_share``, ``r15_free_share``):

- The share is asked in one or more parts (seed 002 'in een of verschillende keren opvragen tot
  je het totaal ... opgevraagd hebt'), from 1 January of the budget year, and not before the
  budget is in force, until the deadline of the next year (1 April, included).
- Each part is accepted up to what is left of the year's share (pro rata by month, minus the
  parts granted before) and up to what is left of the budget line: the free share is part of
  the budget, not extra (seed 001 'Let op'; seed 002 'indien er nog voldoende budget over is').
  What does not fit is refused with the reason; a part that fits partly is accepted partly.
- Rounding: the limit is computed to the cent by ``budget_year`` (cumulative pro rata); the
  decision itself only takes minima of cent amounts, so it never rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budgetlijn.rules.codes import FreeShareCode
from budgetlijn.rules.dates import add_months, format_day
from budgetlijn.rules.money import ZERO, format_eur, to_decimal
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "ACCEPTED",
    "PARTLY",
    "REFUSED",
    "FreeShareAsk",
    "FreeShareDecision",
    "decide",
    "not_in_force",
    "request_window",
]

ACCEPTED, PARTLY, REFUSED = "ACCEPTED", "PARTLY", "REFUSED"


def request_window(year: int, deadline_months: Decimal | int) -> tuple[date, date]:
    """First and last day (both included) a free share of ``year`` may be asked: 1 January of
    the year up to ``deadline_months`` after the year (3: 1 April of the next year)."""
    return date(year, 1, 1), add_months(date(year + 1, 1, 1), int(deadline_months))


@dataclass(frozen=True)
class FreeShareAsk:
    """One part asked, with the figures it is decided against (all in cents)."""

    rule_id: str  # R14 (PVB) or R15 (PAB, convenant)
    year: int
    amount: Decimal
    asked_on: date
    limit: Decimal  # the year's free share, pro rata by month
    granted: Decimal  # accepted in the earlier parts of the year
    line_left: Decimal  # what the budget line of the year still takes
    window: tuple[date, date]  # request_window
    in_force_from: date | None = None  # the budget's first day in force (None: before the year)


@dataclass(frozen=True)
class FreeShareDecision:
    outcome: str
    accepted: Decimal
    violations: tuple[Violation, ...] = ()


def _refuse(violation: Violation) -> FreeShareDecision:
    return FreeShareDecision(REFUSED, ZERO, (violation,))


def not_in_force(rule_id: str, year: int) -> Violation:
    """The budget is not in force in ``year`` (a PAB not started, a lapsed budget, a year
    outside its period): it has no free share to ask."""
    return Violation(
        rule_id,
        FreeShareCode.FREE_SHARE_BUDGET_NOT_IN_FORCE,
        _(
            "Dit budget is in %(year)s niet van kracht (niet opgestart, vervallen of "
            "stopgezet): er is geen vrij besteedbaar deel om op te vragen."
        ),
        "year",
        {"year": year},
    )


def _window_violation(ask: FreeShareAsk) -> Violation | None:
    first, last = ask.window
    params = {"year": ask.year, "first": format_day(first), "last": format_day(last)}
    if ask.asked_on > last:
        return Violation(
            ask.rule_id,
            FreeShareCode.FREE_SHARE_ASKED_TOO_LATE,
            _(
                "Het vrij besteedbaar deel van %(year)s kon opgevraagd worden tot en met "
                "%(last)s. Die termijn is voorbij: vraag het vrij besteedbaar deel van het "
                "lopende jaar op."
            ),
            "asked_on",
            params,
        )
    start = first
    if ask.in_force_from is not None and ask.in_force_from > start:
        start = ask.in_force_from
    if ask.asked_on < start:
        return Violation(
            ask.rule_id,
            FreeShareCode.FREE_SHARE_ASKED_TOO_EARLY,
            _(
                "Het vrij besteedbaar deel van %(year)s kan opgevraagd worden vanaf %(start)s. "
                "Vraag het opnieuw op vanaf die dag."
            ),
            "asked_on",
            {**params, "start": format_day(start)},
        )
    return None


def decide(ask: FreeShareAsk) -> FreeShareDecision:
    """Accept, partly accept or refuse one part (see the module docstring)."""
    amount = to_decimal(ask.amount)
    if amount <= 0:
        return _refuse(
            Violation(
                ask.rule_id,
                FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE,
                _("Vul een bedrag groter dan 0 in."),
                "amount",
            )
        )
    window = _window_violation(ask)
    if window is not None:
        return _refuse(window)
    if ask.limit <= 0:
        return _refuse(
            Violation(
                ask.rule_id,
                FreeShareCode.FREE_SHARE_NONE_FOR_BUDGET,
                _(
                    "Dit budget heeft in %(year)s geen vrij besteedbaar deel. Dien de kosten in "
                    "met een kostenstaat."
                ),
                "amount",
                {"year": ask.year},
            )
        )
    share_left = max(ZERO, ask.limit - ask.granted)
    params = {
        "year": ask.year,
        "limit": format_eur(ask.limit),
        "granted": format_eur(ask.granted),
        "left": format_eur(share_left),
        "line": format_eur(max(ZERO, ask.line_left)),
        "amount": format_eur(amount),
    }
    if share_left <= 0:
        return _refuse(
            Violation(
                ask.rule_id,
                FreeShareCode.FREE_SHARE_USED_UP,
                _(
                    "Het vrij besteedbaar deel van %(year)s (%(limit)s) is al volledig "
                    "opgevraagd. Dien andere kosten in met een kostenstaat."
                ),
                "amount",
                params,
            )
        )
    if ask.line_left <= 0:
        return _refuse(
            Violation(
                ask.rule_id,
                FreeShareCode.FREE_SHARE_BUDGET_LINE_SPENT,
                _(
                    "Er blijft niets over van het budget van %(year)s. Het vrij besteedbaar "
                    "deel maakt deel uit van het budget en kan alleen opgevraagd worden zolang "
                    "er budget over is."
                ),
                "amount",
                params,
            )
        )
    accepted = min(amount, share_left, ask.line_left)
    if accepted == amount:
        return FreeShareDecision(ACCEPTED, accepted)
    if accepted == share_left:
        violation = Violation(
            ask.rule_id,
            FreeShareCode.FREE_SHARE_ABOVE_LIMIT,
            _(
                "U vroeg %(amount)s, maar van het vrij besteedbaar deel van %(year)s "
                "(%(limit)s, waarvan %(granted)s al toegekend) blijft nog %(left)s over. "
                "Dat bedrag is toegekend; de rest niet."
            ),
            "amount",
            params,
        )
    else:
        violation = Violation(
            ask.rule_id,
            FreeShareCode.FREE_SHARE_ABOVE_BUDGET_LINE,
            _(
                "U vroeg %(amount)s, maar van het budget van %(year)s blijft nog %(line)s "
                "over. Dat bedrag is toegekend; de rest niet, want het vrij besteedbaar deel "
                "maakt deel uit van het budget."
            ),
            "amount",
            params,
        )
    return FreeShareDecision(PARTLY, accepted, (violation,))
