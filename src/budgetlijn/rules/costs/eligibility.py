"""VIA4 (R27) and year-end premium (R28) eligibility of a cost line, derived from its kind and
its contract type, never typed in; and the year-end premium entitlement of an assistant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.snapshot import CostParameters
from budgetlijn.rules.money import ZERO, round_cents

__all__ = [
    "via4_eligible",
    "via4_eligible_in",
    "year_end_premium_eligible",
    "year_end_premium_entitlement",
]


def via4_eligible(contract_type_code: str | None, cost_kind: str, on: date) -> bool:
    """R27: the kind is a VIA4 kind (seed 003 §5.1) and the contract type gives VIA4 on that
    day (an employment contract; a family task agreement until 2021-12-31). The contract types
    file only gives VIA4 to PAB types."""
    catalogue = ct.catalogue()
    kind = catalogue.cost_kinds.get(cost_kind)
    t = catalogue.types.get(contract_type_code or "")
    return kind is not None and kind.via4 and t is not None and ct.via4_eligible(t, on)


def via4_eligible_in(
    params: CostParameters, contract_type_code: str | None, cost_kind: str
) -> bool:
    """``via4_eligible`` from a snapshot, without a lookup (the year's value on 1 January)."""
    kind = params.cost_kinds.get(cost_kind)
    return kind is not None and kind.via4 and contract_type_code in params.via4_types


def year_end_premium_eligible(contract_type_code: str | None, cost_kind: str) -> bool:
    """R28: a year-end premium line under a contract type that makes the premium mandatory
    (direct employment, not a task agreement: seed 003 §6)."""
    if cost_kind != k.YEAR_END_PREMIUM:
        return False
    t = ct.catalogue().types.get(contract_type_code or "")
    return t is not None and t.year_end_premium


def year_end_premium_entitlement(
    params: CostParameters, weekly_hours: Decimal, *, months: int = 12
) -> Decimal:
    """R28: what the budget line rises by for one assistant's year-end premium: the full-time
    amount with employer charges (2019: 155,65) times weekly_hours / the full-time week (38 h,
    at most 1) times months employed / 12, rounded to the cent. 0 in a year without a value.

    Reading (docs/decisions): seed 003 §6 gives the full-time amount only; a part-time
    assistant's premium scales with the weekly hours, and a part of the year with its months,
    as the sector's premium does."""
    full_time = params.year_end_premium_full_time
    week = params.full_time_weekly_hours
    if full_time is None or not week or weekly_hours <= 0 or months <= 0:
        return ZERO
    share = min(Decimal(1), weekly_hours / week) * Decimal(min(months, 12)) / Decimal(12)
    return round_cents(full_time * share)
