"""The parameters of the cost rules for one budget kind and year, read once (``CostParameters``).

Judging a line looks nothing up: ``cost_parameters(budget_kind, year)`` reads the dated
parameters and the contract types catalogue once, and the rules read the snapshot's fields. A
limit per calendar year (vouchers, gifts, premiums, volunteer fees, 5 % of other costs) is the
value in force on 1 January of the year; the filing deadline is the value in force on 1 January
of the year the costs concern; a value that may change within a year (the minimum wage, the
short-term caps) is kept with the days it changes (``Dated``)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import parameters
from budgetlijn.rules import short_term as st
from budgetlijn.rules.dates import add_months

__all__ = ["CostParameters", "Dated", "ShortTermCaps", "cost_parameters"]

MINIMUM_WAGE = "contracts.minimum_wage.pc31901.hourly"
VIA4_FAMILY = "contracts.via4.family_task_agreement"


@dataclass(frozen=True, slots=True)
class Dated:
    """Values that change within a year: ``starts[i]`` is the first day of ``values[i]``."""

    starts: tuple[date, ...]
    values: tuple[Any, ...]

    def at(self, on: date) -> Any:
        index = bisect.bisect_right(self.starts, on) - 1
        return self.values[index] if index >= 0 else None


@dataclass(frozen=True, slots=True)
class ShortTermCaps:
    """R21 caps in force on a day, arranged for judging: each counter's pool, and per counter
    the counters sharing its envelope with their caps."""

    caps: dict[str, Decimal]  # pool -> cap
    pools: dict[str, str]  # counter -> pool (counters without a cap in force are left out)
    envelopes: dict[str, dict[str, Decimal]]  # counter -> {counter sharing the envelope: cap}

    @classmethod
    def of(cls, caps: dict[str, Decimal]) -> ShortTermCaps:
        pools = {}
        for counter, candidates in st.COUNTER_POOLS.items():
            pool = next((p for p in candidates if p in caps), None)
            if pool is not None:
                pools[counter] = pool
        envelopes = {
            counter: {
                other: caps[other_pool]
                for other, other_pool in pools.items()
                if st.ENVELOPES[other_pool] == st.ENVELOPES[pool]
            }
            for counter, pool in pools.items()
        }
        return cls(dict(caps), pools, envelopes)


@dataclass(frozen=True)
class CostParameters:
    budget_kind: str
    year: int
    types: dict[str, ct.ContractType]
    cost_kinds: dict[str, ct.CostKind]
    non_payable: dict[str, ct.NonPayableCostKind]
    deadline: date  # R25: filed on or before this day
    late_until: date  # R25: filed after the deadline, on or before this day: review
    service_voucher_cap: Decimal
    service_voucher_cap_parent: Decimal
    gift_max: Decimal
    premiums_max: Decimal | None  # None: no value in force that year, no cap applied
    volunteer_day_max: Decimal | None
    volunteer_year_max: Decimal | None
    other_costs_rate: Decimal | None  # None: the budget kind has no 5 % cap
    via4_rate: Decimal | None  # None: no VIA4 for this budget kind
    year_end_premium_full_time: Decimal | None
    full_time_weekly_hours: Decimal | None
    minimum_wage: Dated  # EUR/hour, or None on a day without a value
    short_term_caps: Dated  # ShortTermCaps
    via4_types: frozenset[str]  # contract types whose costs are VIA4-eligible this year

    def kind(self, code: str) -> ct.CostKind | None:
        return self.cost_kinds.get(code)


def _optional(name: str, on: date) -> Decimal | None:
    try:
        return parameters.value(name, on)
    except parameters.ParameterMissing:
        return None


def _boundaries(names: Iterable[str], year: int) -> list[date]:
    """1 January and every day within the year on which one of the parameters changes."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = {first}
    for name in names:
        try:
            values = parameters.history(name)
        except parameters.ParameterMissing:
            continue
        for item in values:
            for day in (
                item.valid_from,
                item.valid_until + timedelta(days=1) if item.valid_until else None,
            ):
                if day is not None and first < day <= last:
                    days.add(day)
    return sorted(days)


def _dated(names: Iterable[str], year: int, read: Callable[[date], Any]) -> Dated:
    starts = _boundaries(list(names), year)
    return Dated(tuple(starts), tuple(read(day) for day in starts))


def _deadline(budget_kind: str, year: int) -> date:
    on = date(year, 1, 1)
    month = parameters.value(f"costs.filing_deadline.{budget_kind}.month", on)
    day = parameters.value(f"costs.filing_deadline.{budget_kind}.day", on)
    return date(year + 1, int(month), int(day))


def cost_parameters(budget_kind: str, year: int) -> CostParameters:
    """The snapshot for lines of a ``budget_kind`` budget concerning ``year``.

    Raises ``parameters.ParameterMissing`` when a parameter every line needs (the deadline,
    the voucher and gift limits) has no value for that year."""
    on = date(year, 1, 1)
    catalogue = ct.catalogue()
    deadline = _deadline(budget_kind, year)
    extra = int(parameters.value("costs.late_filing.extra_years", on))
    late_until = add_months(deadline, 12 * extra)
    pools = [st.CAP_PARAMETER % pool for pool in st.POOLS]
    via4_types = frozenset(
        t.code
        for t in catalogue.types.values()
        if budget_kind in t.budget_kinds and ct.via4_eligible(t, on)
    )
    return CostParameters(
        budget_kind=budget_kind,
        year=year,
        types=catalogue.types,
        cost_kinds=catalogue.cost_kinds,
        non_payable=catalogue.non_payable,
        deadline=deadline,
        late_until=late_until,
        service_voucher_cap=parameters.value("costs.service_vouchers.max_per_year", on),
        service_voucher_cap_parent=parameters.value(
            "costs.service_vouchers.max_per_year_parent_of_disabled_child", on
        ),
        gift_max=parameters.value("costs.gift.max_per_line", on),
        premiums_max=_optional("costs.premiums.max_per_assistant_year", on),
        volunteer_day_max=_optional("costs.volunteer.flat_fee.max_per_day", on),
        volunteer_year_max=_optional("costs.volunteer.flat_fee.max_per_year", on),
        other_costs_rate=_optional(f"costs.other_costs.rate.{budget_kind}", on),
        via4_rate=_optional(f"costs.via4.rate.{budget_kind}", on),
        year_end_premium_full_time=_optional("costs.year_end_premium.full_time", on),
        full_time_weekly_hours=_optional("costs.year_end_premium.full_time_weekly_hours", on),
        minimum_wage=_dated([MINIMUM_WAGE], year, lambda day: _optional(MINIMUM_WAGE, day)),
        short_term_caps=_dated(pools, year, lambda day: ShortTermCaps.of(st.caps_on(day))),
        via4_types=via4_types,
    )
