"""The money of a budget year: yearly amount, pro rata, free share, advance, surcharge (pure).

Rules R3, R8, R11-R15 of DOMAIN.md. Amounts, rates and fractions are dated parameters
(``budgetlijn.rules.parameters``); nothing here is a literal amount.

Choices (see also docs/decisions/0003-parameter-overrides.md):

- Yearly amount: the amount in force on 1 January of the year (amounts are indexed once a year,
  seed 002 "Die bedragen worden één keer per jaar aan de index aangepast"). An amount the
  allocation letter names itself (``specific_amount``: a convenant of category OTHER, or a
  letter's own amount) wins over the parameter.
- Months in force: a calendar month counts in full when the budget is in force on any day of
  it. ``start`` is the first day in force (None: since before the year), ``end`` the last day
  in force, included (None: still running). The seeds' examples: allocated on 1 September, 4
  months (seed 001); started on 1 March, 10 months (seed 002). So a budget stopped on 10 May
  counts May; a caller holding "no longer used from" date D passes D minus one day.
- Pro rata with cumulative rounding: the share of months a..b of ``amount`` is
  ``round_cents(amount * b / 12) - round_cents(amount * (a - 1) / 12)``. The shares of any
  split of the year into consecutive periods add up exactly to ``round_cents(amount)``: no cent
  is lost or created, whatever the split.
- Free share (vrij besteedbaar deel): PVB a fixed amount per category (R14), PAB a rate of the
  yearly budget before reductions (R15), both pro rata by month as above. A convenant's share
  is the parameter ``convenant.free_share.rate`` times the yearly amount; that rate is 0 (the
  seeds give a convenant no free share), an administrator can change it.
- Refundable advance (R13): PVB 1/4 of the estimated cash part, to the cent; PAB 1/4 of the
  yearly budget rounded to ``pab.advance.rounding`` (EUR 1: the guideline's "afgerond" read as
  to the euro, half up); a convenant has none (the provider is paid by the agency).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.codes import BudgetYearCode
from budgetlijn.rules.money import ZERO, format_eur, round_cents, round_to, to_decimal
from budgetlijn.rules.violations import RuleViolations, Violation, _

PVB, PAB, CONVENANT = "PVB", "PAB", "CONVENANT"
KINDS = (PVB, PAB, CONVENANT)
SCHEMES = ("old", "new")
MONTHS = 12


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown budget kind {kind!r}; expected one of {KINDS}")
    return kind


def _money(value: object, what: str) -> Decimal:
    amount = to_decimal(value)
    if amount < 0:
        raise ValueError(f"{what} cannot be negative: {amount}")
    return amount


def yearly_amount_name(kind: str, scheme: str | None, category: object, band: object) -> str:
    """The parameter that holds the yearly amount of a category (and band)."""
    _check_kind(kind)
    if category in (None, ""):
        raise ValueError("a budget category is needed")
    if kind == PAB:
        if band in (None, ""):
            raise ValueError("a PAB needs a band (budgetschijf)")
        return f"pab.yearly_amount.{category}.{band}"
    if kind == PVB:
        if scheme not in SCHEMES:
            raise ValueError(f"a PVB needs a category scheme ('old' or 'new'), not {scheme!r}")
        return f"pvb.yearly_amount.{scheme}.{category}"
    return f"convenant.staff_points.{category}"


def yearly_amount(
    kind: str,
    scheme: str | None,
    category: object,
    band: object,
    year: int,
    specific_amount: object = None,
) -> Decimal:
    """The full-year amount in force on 1 January of ``year`` (R1, R3, R8).

    ``specific_amount`` wins when given. Otherwise the parameter
    ``pab.yearly_amount.{category}.{band}`` or ``pvb.yearly_amount.{scheme}.{category}``, or
    for a convenant ``convenant_yearly_amount``; raises ``parameters.ParameterMissing`` when a
    parameter has no value for that year, or ``parameters.UnknownParameter`` (a subclass) when
    it does not exist (an unknown category, or a convenant of category OTHER without its own
    amount).
    """
    _check_kind(kind)
    if specific_amount is not None:
        return _money(specific_amount, "specific_amount")
    name = yearly_amount_name(kind, scheme, category, band)
    if kind == CONVENANT:
        return convenant_yearly_amount(category, year)
    return parameters.value(name, date(year, 1, 1))


def convenant_yearly_amount(category: object, year: int) -> Decimal:
    """R8: a convenant's yearly amount, in force on 1 January of ``year``: its staff points
    times the value of a staff point (indexed with wages), rounded to the cent, plus its
    operating part (not indexed). Seed 000 answer 4; docs/decisions/0011-rule-readings.md.
    Indexation is a new dated value of ``convenant.staff_point.value``."""
    day = date(year, 1, 1)
    points = parameters.value(f"convenant.staff_points.{category}", day)
    point_value = parameters.value("convenant.staff_point.value", day)
    operating = parameters.value(f"convenant.operating_part.{category}", day)
    return round_cents(points * point_value) + round_cents(operating)


def months_in_force(year: int, start: date | None, end: date | None) -> int:
    """Calendar months of ``year`` (0..12) in which the budget is in force on at least one day.

    ``start``: first day in force, None when in force since before the year;
    ``end``: last day in force (included), None when still running.
    """
    if start is not None and end is not None and end < start:
        return 0
    if start is None or start.year < year:
        first = 1
    elif start.year == year:
        first = start.month
    else:
        return 0
    if end is None or end.year > year:
        last = MONTHS
    elif end.year == year:
        last = end.month
    else:
        return 0
    return max(0, last - first + 1)


def month_range(year: int, start: date | None, end: date | None) -> tuple[int, int] | None:
    """First and last month in force in ``year`` (1..12), or None."""
    count = months_in_force(year, start, end)
    if count == 0:
        return None
    first = 1 if start is None or start.year < year else start.month
    return first, first + count - 1


def share_of_months(amount: object, first: int, last: int) -> Decimal:
    """The share of months ``first``..``last`` (1..12, included) of a yearly ``amount``,
    rounded cumulatively so consecutive shares add up exactly."""
    if not 1 <= first <= last <= MONTHS:
        raise ValueError(f"months must satisfy 1 <= first <= last <= 12, not {first}..{last}")
    amount = to_decimal(amount)
    return round_cents(amount * last / MONTHS) - round_cents(amount * (first - 1) / MONTHS)


def share_by_month(yearly_amounts: Mapping[int, object]) -> Decimal:
    """The sum of each month's share of the yearly amount in force in that month
    (``yearly_amounts``: month 1..12 -> yearly amount; the months not in it do not count).

    Consecutive months at one yearly amount are one share (``share_of_months``), so one
    amount for every month in force is exactly ``pro_rata``, and splitting a run of months at
    one amount changes nothing (the shares are cumulative)."""
    total = ZERO
    run: tuple[int, int, Decimal] | None = None  # first month, last month, yearly amount
    for month in sorted(yearly_amounts):
        if not 1 <= month <= MONTHS:
            raise ValueError(f"a month is 1..12, not {month}")
        amount = to_decimal(yearly_amounts[month])
        if run is not None and run[1] == month - 1 and run[2] == amount:
            run = (run[0], month, amount)
            continue
        if run is not None:
            total += share_of_months(run[2], run[0], run[1])
        run = (month, month, amount)
    if run is not None:
        total += share_of_months(run[2], run[0], run[1])
    return total


def pro_rata(amount: object, year: int, start: date | None, end: date | None) -> Decimal:
    """``amount`` (a yearly amount) for the months of ``year`` the budget is in force.

    Months counted as in ``months_in_force``; rounded cumulatively (see the module docstring):
    the twelve one-month shares of a year add up to ``round_cents(amount)`` exactly.
    """
    months = month_range(year, start, end)
    if months is None:
        return ZERO
    return share_of_months(amount, *months)


def free_share(
    kind: str,
    scheme: str | None,
    category: object,
    band: object,
    year: int,
    start: date | None = None,
    end: date | None = None,
    full_yearly_amount: object = None,
    on: date | None = None,
) -> Decimal:
    """The free share (vrij besteedbaar deel) of ``year``: the most that may be asked.

    R14 PVB: the fixed yearly amount of the category (``pvb.free_share.{scheme}.{category}``),
    pro rata by month: allocated on 1 September, 4/12 (1 200 of 3 600).
    R15 PAB: ``pab.free_share.rate`` times the yearly budget before reductions
    (``full_yearly_amount``, else the category's amount), pro rata: started 1 March, 10/12.
    Convenant: ``convenant.free_share.rate`` (0) times the yearly amount, pro rata.
    Parameters are read on ``on``, by default 1 January of ``year``.
    """
    _check_kind(kind)
    day = on or date(year, 1, 1)
    if kind == PVB:
        if scheme not in SCHEMES:
            raise ValueError(f"a PVB needs a category scheme ('old' or 'new'), not {scheme!r}")
        yearly_share = parameters.value(f"pvb.free_share.{scheme}.{category}", day)
    else:
        if full_yearly_amount is not None:
            base = _money(full_yearly_amount, "full_yearly_amount")
        else:
            base = yearly_amount(kind, scheme, category, band, year)
        rate_name = "pab.free_share.rate" if kind == PAB else "convenant.free_share.rate"
        yearly_share = base * parameters.value(rate_name, day)
    return pro_rata(yearly_share, year, start, end)


def refundable_advance(
    kind: str,
    on: date,
    yearly_amount: object = None,
    estimated_cash_amount: object = None,
) -> Decimal:
    """R13: the refundable advance paid at the start; it is not part of the budget.

    PVB: ``pvb.advance.fraction`` of the estimated cash part, to the cent; no estimate yet
    (None) gives 0. When ``yearly_amount`` is given, the cash part counts up to it at most
    (``check_cash_split`` reports a larger estimate).
    PAB: ``pab.advance.fraction`` of the yearly budget, rounded to ``pab.advance.rounding``.
    Convenant: 0.
    """
    _check_kind(kind)
    if kind == PVB:
        if estimated_cash_amount is None:
            return ZERO
        cash = _money(estimated_cash_amount, "estimated_cash_amount")
        if yearly_amount is not None:
            cash = min(cash, _money(yearly_amount, "yearly_amount"))
        return round_cents(cash * parameters.value("pvb.advance.fraction", on))
    if kind == PAB:
        if yearly_amount is None:
            raise ValueError("the PAB advance needs the yearly amount")
        yearly = _money(yearly_amount, "yearly_amount")
        fraction = parameters.value("pab.advance.fraction", on)
        return round_to(yearly * fraction, parameters.value("pab.advance.rounding", on))
    return ZERO


def cash_surcharge(cash_non_licensed: object, on: date) -> Decimal:
    """R12: the surcharge on top of the part of a PVB spent in cash at non-licensed
    providers (``pvb.cash_surcharge.rate``, 11,94 %), rounded to the cent."""
    amount = _money(cash_non_licensed, "cash_non_licensed")
    return round_cents(amount * parameters.value("pvb.cash_surcharge.rate", on))


def check_cash_split(yearly_amount: object, estimated_cash_amount: object) -> list[Violation]:
    """R11: the cash part of a PVB is between 0 and the yearly amount; the rest is voucher."""
    yearly = to_decimal(yearly_amount)
    cash = to_decimal(estimated_cash_amount)
    if cash < 0:
        return [
            Violation(
                "R11",
                BudgetYearCode.CASH_NEGATIVE,
                _(
                    "Het ingeschatte cashgedeelte kan niet negatief zijn. Vul 0 in als het "
                    "volledige budget in voucher besteed wordt."
                ),
                "estimated_cash_amount",
            )
        ]
    if cash > yearly:
        return [
            Violation(
                "R11",
                BudgetYearCode.CASH_EXCEEDS_YEARLY_AMOUNT,
                _(
                    "Het ingeschatte cashgedeelte (%(cash)s) is groter dan het jaarbudget "
                    "(%(yearly)s). Vul hoogstens het jaarbudget in; de rest wordt in voucher "
                    "besteed."
                ),
                "estimated_cash_amount",
                {"cash": format_eur(cash), "yearly": format_eur(yearly)},
            )
        ]
    return []


def voucher_part(yearly_amount: object, estimated_cash_amount: object) -> Decimal:
    """R11: what remains for vouchers (paid by the agency to the provider) after the cash
    part; never below 0 (``check_cash_split`` reports a cash part above the yearly amount)."""
    yearly = to_decimal(yearly_amount)
    cash = to_decimal(estimated_cash_amount or 0)
    return round_cents(max(yearly - cash, Decimal(0)))


@dataclass(frozen=True)
class CashSplit:
    """A PVB's yearly amount divided into the cash part and the voucher part (R11)."""

    yearly_amount: Decimal
    cash: Decimal
    voucher: Decimal


def split(yearly_amount: object, estimated_cash_amount: object) -> CashSplit:
    """R11: divide a yearly amount into cash and voucher; raises RuleViolations when the cash
    estimate is negative or above the yearly amount."""
    violations = check_cash_split(yearly_amount, estimated_cash_amount)
    if violations:
        raise RuleViolations(violations)
    yearly = round_cents(to_decimal(yearly_amount))
    cash = round_cents(to_decimal(estimated_cash_amount))
    return CashSplit(yearly_amount=yearly, cash=cash, voucher=yearly - cash)
