"""R33 (seed 003 §9.1): the end of a budget the holder stops.

The holder gives the day from which the budget is no longer used and files a last cost
statement with every cost up to that day, the legally required notice pay included. After
that statement the agency makes the final settlement: it pays "tot het jaarlijks budget
volledig is opgebruikt" (the yearly budget of the last year, pro rata to the stop: the
dossier's end adjustment, R26/R33), and the refundable advance is repaid in full (§2.2, §9.1).

Reading (docs/decisions/0023-end-of-a-budget.md): notice pay is a cost of the last statement
like any other and fits under the pro-rata yearly budget; the seed gives no extra for a stop
(only for a death, R34), so what the pro-rata budget cannot carry is the holder's own (R26).
The settlement does not hide that: ``notice_pay_cut_short`` names the part of the notice pay
that did not fit, for the settlement letter. The advance is first deducted from what is still
payable; the rest is asked back.

Pure: plain data in, plain data and Violations out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import ZERO, format_eur, round_cents
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "CLOSING_COST_KINDS",
    "NOTICE_PAY_KINDS",
    "FinalLine",
    "FinalSettlement",
    "check_final_lines",
    "final_settlement",
    "notice_pay_cut_short",
]

# Cost kinds (rules/contract_types.yaml) that are notice or severance pay: seed 003 §9.1
# 'met inbegrip van de wettelijk verplichte opzegvergoedingen', §9.2 'verbrekingsvergoedingen'.
# Their period may run past the last day in force (the notice period they pay for).
NOTICE_PAY_KINDS = frozenset({"NOTICE_PAY"})
# After a death only: 'kosten die verband houden met het afsluiten van het administratief
# dossier' (seed 003 §9.2): the social secretariat's closing invoice.
CLOSING_COST_KINDS = frozenset({"SOCIAL_SECRETARIAT_INVOICE"})


@dataclass(frozen=True)
class FinalLine:
    """A line of the last statement, as far as the end rules look at it."""

    line_no: int
    cost_kind: str
    period_from: date
    period_to: date
    amount: Decimal


def check_final_lines(
    lines: Iterable[FinalLine], *, last_day: date, death: bool
) -> list[Violation]:
    """Every line of the last statement concerns the time up to ``last_day`` (the last day in
    force; after a death, the day of death). Notice and severance pay may concern the notice
    period after it; after a death, closing costs may too."""
    rule = "R34" if death else "R33"
    allowed_after = NOTICE_PAY_KINDS | (CLOSING_COST_KINDS if death else frozenset())
    violations = []
    for line in lines:
        if line.period_from <= last_day or line.cost_kind in allowed_after:
            continue
        if death:
            message = _(
                "Lijn %(line)s: de kosten vanaf %(start)s vallen na het overlijden "
                "(%(last_day)s). Na het overlijden tellen alleen verbrekingsvergoedingen en de "
                "kosten om het dossier af te sluiten. Laat deze lijn weg of corrigeer de periode."
            )
        else:
            message = _(
                "Lijn %(line)s: de kosten vanaf %(start)s vallen na de laatste dag van het "
                "budget (%(last_day)s). De laatste kostenstaat bevat de kosten tot de "
                "stopzetting en de opzegvergoedingen. Laat deze lijn weg of corrigeer de periode."
            )
        violations.append(
            Violation(
                rule,
                SettlementCode.SETTLEMENT_LINE_AFTER_END,
                message,
                "period_from",
                {
                    "line": line.line_no,
                    "start": format_day(line.period_from),
                    "last_day": format_day(last_day),
                },
            )
        )
    return violations


def notice_pay_cut_short(
    claimed: Decimal, accepted: Decimal, *, death: bool = False
) -> Violation | None:
    """The part of the notice (or severance) pay on the last statement that the yearly budget
    up to the end could not carry: the holder's own (R26), said in so many words."""
    short = round_cents(claimed - accepted)
    if short <= 0:
        return None
    return Violation(
        "R34" if death else "R33",
        SettlementCode.SETTLEMENT_NOTICE_PAY_CUT_SHORT,
        _(
            "Van de opzeg- en verbrekingsvergoedingen (%(claimed)s) past %(short)s niet meer in "
            "het jaarbudget tot het einde van het budget. Dat deel wordt niet terugbetaald en "
            "blijft ten laste van de budgethouder (of de erfgenamen)."
        ),
        None,
        {"claimed": format_eur(claimed), "short": format_eur(short)},
    )


@dataclass(frozen=True)
class FinalSettlement:
    """What the final settlement says, in euros.

    ``payable``: accepted costs not yet paid (open commitments), still paid out;
    ``advance``: the refundable advance outstanding, repaid in full;
    ``advance_deducted``: the part of the advance taken from ``payable``;
    ``advance_asked_back``: the rest, which the holder (or the heirs) pays back;
    ``net_payout``: what the budget account still receives;
    ``unused``: the yearly budget up to the end that was neither paid nor committed: it lapses.
    """

    payable: Decimal
    advance: Decimal
    advance_deducted: Decimal
    advance_asked_back: Decimal
    net_payout: Decimal
    unused: Decimal

    def advance_violation(self) -> Violation | None:
        if self.advance_asked_back <= 0:
            return None
        return Violation(
            "R33",
            SettlementCode.SETTLEMENT_ADVANCE_ASKED_BACK,
            _(
                "Het terugvorderbaar voorschot (%(advance)s) wordt volledig terugbetaald. "
                "%(deducted)s wordt ingehouden op wat nog betaald wordt; stort de rest, "
                "%(asked)s, terug aan het agentschap."
            ),
            None,
            {
                "advance": format_eur(self.advance),
                "deducted": format_eur(self.advance_deducted),
                "asked": format_eur(self.advance_asked_back),
            },
        )


def final_settlement(
    *, open_commitments: Decimal, advance_outstanding: Decimal, line_left: Decimal
) -> FinalSettlement:
    """R33: settle a budget that ended. ``open_commitments``: accepted and not yet paid (all
    years); ``advance_outstanding``: the advance paid and not repaid (R13); ``line_left``: what
    remains of the last year's budget line (pro rata to the end) after the last statement."""
    for name, value in (
        ("open_commitments", open_commitments),
        ("advance_outstanding", advance_outstanding),
    ):
        if value < 0:
            raise ValueError(f"{name} cannot be negative: {value}")
    payable = round_cents(open_commitments)
    advance = round_cents(advance_outstanding)
    deducted = min(advance, payable)
    return FinalSettlement(
        payable=payable,
        advance=advance,
        advance_deducted=deducted,
        advance_asked_back=advance - deducted,
        net_payout=payable - deducted,
        unused=max(round_cents(line_left), ZERO),
    )
