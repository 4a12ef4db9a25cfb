"""R34 (seed 003 §9.2): the end of a budget at the holder's death.

The heirs file a cost statement with every cost up to the day of death (severance pay
included) and the costs of closing the file; the agency settles up to the yearly budget as
after a stop (R33). Severance pay ('verbrekingsvergoedingen') counts against the budget for
at most a quarter of the cash part (``settlement.death.severance_share``); where the yearly
budget does not suffice to pay it, the agency grants up to a quarter of the cash part extra
(``settlement.death.extra_share``). The heirs get a certificate that the budget's funds are not
part of the estate.

Reading (docs/decisions/0023-end-of-a-budget.md): the quarter is a cap on the severance paid
(cash part 20 000: at most 5 000 severance); the extra fills what the budget line lacks to pay
that capped severance, so it is never more than the severance itself nor more than its own
quarter. Severance claimed above the cap is refused with the figure to file instead.

Pure: plain data in, plain data and Violations out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.money import ZERO, format_eur, round_cents
from budgetlijn.rules.violations import Violation, _

__all__ = ["cash_part", "check_severance", "severance_cap", "severance_extra"]

PVB = "PVB"
VOUCHER = "VOUCHER"


def cash_part(
    kind: str,
    yearly_amount: Decimal,
    *,
    estimated_cash_amount: Decimal | None = None,
    payment_mode: str = "CASH",
) -> Decimal:
    """'Het bedrag dat de budgethouder zou gebruiken als cashgedeelte' for a year: a PAB (and a
    convenant) is spent in cash, so its whole yearly amount; a PVB its estimated cash part (R11,
    at most the yearly amount; all of it when it is spent in cash without an estimate; none in
    vouchers only)."""
    yearly = round_cents(yearly_amount)
    if kind != PVB:
        return yearly
    if payment_mode == VOUCHER:
        return ZERO
    if estimated_cash_amount is None:
        return yearly if payment_mode == "CASH" else ZERO
    return min(round_cents(estimated_cash_amount), yearly)


def severance_cap(cash: Decimal, on: date) -> Decimal:
    """The most severance pay the budget carries after a death: a quarter of the cash part."""
    return round_cents(cash * parameters.value("settlement.death.severance_share", on))


def check_severance(claimed: Decimal, cash: Decimal, on: date) -> list[Violation]:
    """Severance claimed above the cap is refused, with the cap to file instead."""
    cap = severance_cap(cash, on)
    if claimed <= cap:
        return []
    return [
        Violation(
            "R34",
            SettlementCode.SETTLEMENT_SEVERANCE_ABOVE_CAP,
            _(
                "Na een overlijden kan ten hoogste een vierde van het cashgedeelte (%(cash)s), "
                "dus %(cap)s, aan verbrekingsvergoedingen besteed worden. Deze kostenstaat "
                "vraagt %(claimed)s. Dien ten hoogste %(cap)s in; het meerdere blijft ten laste "
                "van de nalatenschap."
            ),
            "lines",
            {"cash": format_eur(cash), "cap": format_eur(cap), "claimed": format_eur(claimed)},
        )
    ]


def severance_extra(
    *,
    severance: Decimal,
    other_costs: Decimal,
    line_left: Decimal,
    cash: Decimal,
    on: date,
) -> Decimal:
    """What the agency grants on top of the yearly budget so the severance (already within
    its cap) can be paid: the part of ``other_costs + severance`` the budget line left does not
    carry, at most the severance and at most a quarter of the cash part."""
    extra_cap = round_cents(cash * parameters.value("settlement.death.extra_share", on))
    short = round_cents(other_costs + severance - max(line_left, ZERO))
    return max(min(extra_cap, round_cents(severance), short), ZERO)
