"""What one rule says about a line: refuse it, let it wait, or cap what is payable."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from budgetlijn.rules.costs.facts import WaitReason
from budgetlijn.rules.money import round_cents
from budgetlijn.rules.violations import Violation

__all__ = ["REFUSE", "WAIT", "CAP", "Finding", "cap", "pro_rata", "refuse", "wait"]

REFUSE, WAIT, CAP = "REFUSE", "WAIT", "CAP"
QUANTITY_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Finding:
    action: str  # REFUSE, WAIT or CAP
    violation: Violation
    limit: Decimal | None = None  # CAP: at most this much of the line is payable
    quantity: Decimal | None = None  # CAP: the quantity accepted with that limit
    wait_reason: WaitReason | None = None
    final: bool = False  # REFUSE: no other rule is asked (the message is the specific one)


def refuse(violation: Violation, *, final: bool = False) -> Finding:
    return Finding(REFUSE, violation, final=final)


def wait(violation: Violation, reason: WaitReason) -> Finding:
    return Finding(WAIT, violation, wait_reason=reason)


def cap(violation: Violation, limit: Decimal, quantity: Decimal | None = None) -> Finding:
    return Finding(CAP, violation, limit=limit, quantity=quantity)


def pro_rata(amount: Decimal, quantity: Decimal, allowed: Decimal) -> tuple[Decimal, Decimal]:
    """The part of ``amount`` for ``allowed`` of ``quantity`` units (per unit, rounded to the
    cent), with ``allowed`` rounded down to 0,01 unit so that it never passes a cap."""
    allowed = max(Decimal(0), allowed.quantize(QUANTITY_PLACES, rounding=ROUND_DOWN))
    if allowed >= quantity:
        return amount, quantity
    return round_cents(amount * allowed / quantity), allowed
