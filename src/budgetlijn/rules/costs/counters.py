"""What earlier accepted lines of the same budget and year already used (R20, R21, R29).

The Django layer computes a ``CostCounters`` with grouped queries over the accepted lines of a
budget year and advances it in memory, line after line, with ``counters.after(facts,
judgement)``. Counters count the part the rules allow (``Judgement.payable_amount`` and
``accepted_quantity``), whatever the budget line then leaves to the holder: a premium paid
partly with own means is still a premium paid. A credit note gives back what it names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.facts import CostLineFacts, Judgement, LineOutcome

__all__ = ["CostCounters"]

ZERO = Decimal(0)
COUNTED = frozenset({LineOutcome.ACCEPTED, LineOutcome.PARTLY_ACCEPTED})
COUNTED_KINDS = frozenset({k.SERVICE_VOUCHERS, k.VOLUNTEER_FLAT_FEE, *k.PREMIUMS})


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


def _add(mapping: Mapping, key, amount: Decimal) -> Mapping:
    result = dict(mapping)
    result[key] = max(ZERO, result.get(key, ZERO) + amount)
    return MappingProxyType(result)


@dataclass(frozen=True)
class CostCounters:
    service_vouchers: Decimal = ZERO  # vouchers of the holder this year (R20)
    short_term: Mapping[str, Decimal] = field(default_factory=dict)  # counter -> quantity (R21)
    premiums: Mapping[str, Decimal] = field(default_factory=dict)  # assistant -> EUR (R29)
    volunteer_fee_year: Mapping[str, Decimal] = field(default_factory=dict)  # volunteer -> EUR
    # (volunteer, day) -> EUR of the one-day flat-fee lines (R29)
    volunteer_fee_days: Mapping[tuple[str, date], Decimal] = field(default_factory=dict)
    other_costs: Decimal = ZERO  # EUR of other costs this year (R29, PAB 5 %)
    parent_of_disabled_child: bool = False  # R20: the higher voucher cap
    yearly_amount: Decimal | None = None  # R29: the base of the 5 %; None: no cap applied

    def __post_init__(self):
        for name in ("short_term", "premiums", "volunteer_fee_year", "volunteer_fee_days"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _frozen(value))

    def after(self, facts: CostLineFacts, judgement: Judgement) -> CostCounters:
        """The counters once this line is decided: unchanged unless it is (partly) accepted."""
        kind = facts.cost_kind
        if (
            kind not in COUNTED_KINDS
            and judgement.short_term_counter is None
            and not judgement.other_costs
        ) or judgement.outcome not in COUNTED:
            return self  # most lines (wages, invoices) count in no counter
        sign = Decimal(-1) if facts.is_credit_note else Decimal(1)
        amount = sign * judgement.payable_amount
        quantity = judgement.accepted_quantity
        quantity = sign * quantity if quantity is not None else None
        changes: dict = {}
        if kind == k.SERVICE_VOUCHERS and quantity is not None:
            changes["service_vouchers"] = max(ZERO, self.service_vouchers + quantity)
        if judgement.short_term_counter is not None and quantity is not None:
            changes["short_term"] = _add(self.short_term, judgement.short_term_counter, quantity)
        if kind in k.PREMIUMS:
            changes["premiums"] = _add(self.premiums, facts.assistant, amount)
        if kind == k.VOLUNTEER_FLAT_FEE:
            changes["volunteer_fee_year"] = _add(self.volunteer_fee_year, facts.assistant, amount)
            if facts.period_from == facts.period_to:
                changes["volunteer_fee_days"] = _add(
                    self.volunteer_fee_days, (facts.assistant, facts.period_from), amount
                )
        if judgement.other_costs:
            changes["other_costs"] = max(ZERO, self.other_costs + amount)
        return replace(self, **changes) if changes else self
