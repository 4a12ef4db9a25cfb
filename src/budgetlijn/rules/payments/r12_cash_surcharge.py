"""R12: 11,94 % on top of the part of a PVB spent in cash at providers the agency has not
licensed (seed 001 'Uw persoonsvolgend budget besteden in cash'; FACTS.md: BVR 2016-06-24).

The surcharge is a compensation for managing the budget, and the holder may buy more care
with it: it raises the budget line of the year. It is computed on the cash spent at
non-licensed providers in a budget year (``pvb.cash_surcharge.rate`` in force on 1 January of
that year), rounded to the cent once, on the year's total (the named rounding point:
``money.round_cents``). Booked in steps as costs are accepted, each step is the difference
between the surcharge on the new total and what was booked before, so the steps add up exactly
to the surcharge on the total: no cent is lost or created by booking in parts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.money import round_cents, to_decimal

RULE = "R12"

# Contract provider kinds the agency licenses (seed 001: a 'VAPH-zorgaanbieder'; an assistance
# organisation is licensed too, R36). Cash spent at any other counterparty earns the surcharge.
LICENSED_PROVIDER_KINDS = frozenset({"LICENSED", "MFC", "ASSISTANCE_ORGANISATION"})

__all__ = ["LICENSED_PROVIDER_KINDS", "RULE", "earns_surcharge", "surcharge", "surcharge_step"]


def earns_surcharge(*, budget_kind: str, payment_mode: str, provider_kind: str) -> bool:
    """Whether a cost counts for the surcharge: a PVB cost paid in cash to a counterparty the
    agency has not licensed."""
    return (
        budget_kind == "PVB"
        and payment_mode == "CASH"
        and provider_kind not in LICENSED_PROVIDER_KINDS
    )


def surcharge(cash_non_licensed: Decimal, year: int) -> Decimal:
    """The surcharge of a year on its total cash spent at non-licensed providers."""
    amount = to_decimal(cash_non_licensed)
    if amount < 0:
        raise ValueError(f"cash spent cannot be negative: {amount}")
    return round_cents(amount * parameters.value("pvb.cash_surcharge.rate", date(year, 1, 1)))


def surcharge_step(cash_non_licensed: Decimal, year: int, booked: Decimal) -> Decimal:
    """What to book now: the surcharge on the year's total minus what was booked before
    (negative when accepted cash was taken back since)."""
    return surcharge(cash_non_licensed, year) - to_decimal(booked)
