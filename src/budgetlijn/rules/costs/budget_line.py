"""Fitting a cost into the budget line (R26-R28), pure.

The line of a budget year is the yearly amount (pro rata) plus the year-end premium entitlement
(R28), minus what was accepted and the other spending (free share, vouchers). VIA4 room (R27:
up to 7 % of a PAB's yearly amount, not carried over) is used only by VIA4-eligible costs and
only once the line is spent. A cost that does not fit is accepted up to what remains; the rest
is the holder's own (R26). A credit note pays nothing: it raises the remaining credit, which
later costs use first (that part is netted, not paid): 1 000 credit then 2 500 costs, 1 500
payable (FACTS.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from budgetlijn.rules.money import ZERO, round_cents

__all__ = ["Fit", "LineState", "fit_line", "via_room"]


def via_room(yearly_amount: Decimal, rate: Decimal | None) -> Decimal:
    """R27: the VIA4 room of a year, ``rate`` (PAB 7 %) of the yearly amount, to the cent."""
    if rate is None or yearly_amount <= 0:
        return ZERO
    return round_cents(yearly_amount * rate)


# Not frozen (see facts.CostLineFacts): a line's state is replaced, never changed.
@dataclass(slots=True)
class LineState:
    yearly_amount: Decimal
    premium_entitlement: Decimal = ZERO
    via_room: Decimal = ZERO
    via_used: Decimal = ZERO
    accepted: Decimal = ZERO  # payable parts accepted this year, VIA included, net of credits
    other_spent: Decimal = ZERO  # free share and voucher invoices
    credit_remaining: Decimal = ZERO

    @property
    def line_room(self) -> Decimal:
        """What the line still takes, before VIA4."""
        spent = self.accepted - self.via_used + self.other_spent
        return max(ZERO, self.yearly_amount + self.premium_entitlement - spent)

    @property
    def via_left(self) -> Decimal:
        return max(ZERO, self.via_room - self.via_used)


@dataclass(slots=True)
class Fit:
    accepted: Decimal  # of the cost: netted against credit + payable
    own: Decimal  # of the cost: the holder's own
    via_used_now: Decimal
    credit_used: Decimal
    state_after: LineState

    @property
    def payable(self) -> Decimal:
        """What the agency pays for this cost (commitment): accepted minus the netted credit."""
        return self.accepted - self.credit_used


def fit_line(
    state: LineState, amount: Decimal, *, via4_eligible: bool, credit_note: bool = False
) -> Fit:
    """Fit ``amount`` (positive; the part the rules allow) into the line."""
    if amount < 0:
        raise ValueError("amount is positive; a credit note says credit_note=True")
    if credit_note:
        after = replace(state, credit_remaining=state.credit_remaining + amount)
        return Fit(ZERO, ZERO, ZERO, ZERO, after)
    credit_used = min(amount, state.credit_remaining)
    rest = amount - credit_used
    from_line = min(rest, state.line_room)
    rest -= from_line
    via_now = min(rest, state.via_left) if via4_eligible else ZERO
    own = rest - via_now
    # The constructor, not dataclasses.replace: this runs once per cost line of a bulk run.
    after = LineState(
        state.yearly_amount,
        state.premium_entitlement,
        state.via_room,
        state.via_used + via_now,
        state.accepted + from_line + via_now,
        state.other_spent,
        state.credit_remaining - credit_used,
    )
    return Fit(credit_used + from_line + via_now, own, via_now, credit_used, after)
