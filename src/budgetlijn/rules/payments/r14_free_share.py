"""R14: the PVB free share (seed 001 'Uw vrij besteedbaar deel').

EUR 1 800 a year for categories 1-4, EUR 3 600 for 5-12 (parameters
``pvb.free_share.{scheme}.{category}``), pro rata by month in force: allocated on 1 September,
1 200 of 3 600. Part of the budget, not extra. Asked from 1 January until
``pvb.free_share.request_deadline_months`` after the year (an assumption: seed 001 names no
deadline; docs/decisions/0022-free-share-and-vouchers.md). Deciding a part: ``free_share.decide``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.budget_year import SCHEMES, share_by_month
from budgetlijn.rules.payments.free_share import FreeShareAsk, FreeShareDecision, decide
from budgetlijn.rules.payments.free_share import request_window as _window

RULE = "R14"

__all__ = ["RULE", "decide_pvb", "limit", "request_window", "yearly_share"]


def yearly_share(scheme: str, category: object, on: date) -> Decimal:
    """The full-year free share of a PVB category on ``on``."""
    if scheme not in SCHEMES:
        raise ValueError(f"a PVB needs a category scheme ('old' or 'new'), not {scheme!r}")
    return parameters.value(f"pvb.free_share.{scheme}.{category}", on)


def limit(categories_by_month: Mapping[int, tuple[str, object]], year: int) -> Decimal:
    """The free share of ``year``: each month in force (month -> (scheme, category) in force
    in it) at its category's yearly share, pro rata with cumulative rounding
    (``budget_year.share_by_month``). Months not in the mapping are not in force."""
    day = date(year, 1, 1)
    return share_by_month(
        {
            month: yearly_share(scheme, category, day)
            for month, (scheme, category) in categories_by_month.items()
        }
    )


def request_window(year: int) -> tuple[date, date]:
    """1 January of ``year`` to 1 April of the next year (both included)."""
    months = parameters.value("pvb.free_share.request_deadline_months", date(year, 1, 1))
    return _window(year, months)


def decide_pvb(
    *,
    year: int,
    amount: Decimal,
    asked_on: date,
    limit: Decimal,
    granted: Decimal,
    line_left: Decimal,
    in_force_from: date | None = None,
) -> FreeShareDecision:
    return decide(
        FreeShareAsk(
            rule_id=RULE,
            year=year,
            amount=amount,
            asked_on=asked_on,
            limit=limit,
            granted=granted,
            line_left=line_left,
            window=request_window(year),
            in_force_from=in_force_from,
        )
    )
