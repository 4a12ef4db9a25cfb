"""Balances derived from the ledger.

The figures of a budget year come from its running balance (``BudgetYearBalance``, kept by a
database trigger for every entry, docs/decisions/0014): one query whatever the length of the
history. ``balance`` and ``money_sum`` sum the entries themselves (check_ledger, reports).

On SQLite a decimal column holds a binary float, and SUM() adds floats: 0.01 + 2.00 - 2.00
comes back as 0.00999999999999979 (Django quantizes a column, not an aggregate). Every sum is
therefore rounded to the cent here (``_cents``), which is exact: the true sum is a whole number
of cents and the float error is far below half a cent. In SQL, sums are compared with a
half-cent margin (``NEGATIVE_MARGIN``), never with zero. On PostgreSQL sums are exact anyway.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from budgetlijn.ledger.models import BudgetYearBalance, Entry
from budgetlijn.rules.money import MONEY_PLACES, ZERO, round_cents, to_decimal

# Sums may have more digits than one entry: 18 digits hold any realistic total.
SUM_FIELD = DecimalField(max_digits=18, decimal_places=MONEY_PLACES)
# In SQL, "negative" means below minus half a cent: amounts are whole cents, so exact sums are
# multiples of a cent, and a float rounding error on SQLite is far smaller than half a cent.
NEGATIVE_MARGIN = to_decimal("-0.005")


def money_sum(expression: str = "amount", *, where: Q | None = None) -> Coalesce:
    """SUM of a money column, 0.00 when there are no rows."""
    return Coalesce(
        Sum(expression, filter=where, output_field=SUM_FIELD),
        Value(ZERO, output_field=SUM_FIELD),
        output_field=SUM_FIELD,
    )


def _cents(value: Decimal) -> Decimal:
    """An aggregate as exact cents (see the module docstring)."""
    return round_cents(value) + ZERO  # + ZERO turns -0.00 into 0.00


def from_cents(cents: int) -> Decimal:
    """Whole cents (a running balance column) as euros with two decimals."""
    return Decimal(int(cents)).scaleb(-MONEY_PLACES)


@dataclass(frozen=True)
class Balances:
    """A budget's figures for one budget year."""

    entitlement: Decimal
    paid: Decimal
    committed: Decimal
    advance_outstanding: Decimal
    premium: Decimal = ZERO
    via: Decimal = ZERO

    @property
    def budget_line(self) -> Decimal:
        """What remains to be claimed this year (R26-R28):
        entitlement + premium + via - paid - committed."""
        return self.entitlement + self.premium + self.via - self.paid - self.committed


@dataclass(frozen=True)
class LineFigures:
    """One budget year's running balance as euros (``line_figures``)."""

    entitlement: Decimal
    premium: Decimal
    via: Decimal
    paid: Decimal
    committed: Decimal
    allocated: bool = False

    @property
    def line(self) -> Decimal:
        return self.entitlement + self.premium + self.via - self.paid - self.committed


EMPTY_FIGURES = LineFigures(ZERO, ZERO, ZERO, ZERO, ZERO)


def _budget_id(budget) -> int:
    return budget if isinstance(budget, int) else budget.pk


def _figures(row) -> LineFigures:
    return LineFigures(
        entitlement=from_cents(row.entitlement),
        premium=from_cents(row.premium),
        via=from_cents(row.via),
        paid=from_cents(row.paid),
        committed=from_cents(row.committed),
        allocated=row.allocations > 0,
    )


@dataclass(frozen=True)
class BudgetFigures:
    """What the single path needs of one budget, read with one query of its running
    balances (one row per year it has entries in, whatever the number of entries)."""

    years: dict[int, LineFigures]
    advance_cents: int  # outstanding refundable advance over all years (R13)

    def year(self, year: int) -> LineFigures:
        return self.years.get(year, EMPTY_FIGURES)

    @property
    def advance_outstanding(self) -> Decimal:
        return from_cents(self.advance_cents)


def budget_figures(budget) -> BudgetFigures:
    """The running balances of all the budget's years (one query over the balance table)."""
    rows = list(BudgetYearBalance.objects.filter(budget_id=_budget_id(budget)))
    return BudgetFigures(
        years={row.year: _figures(row) for row in rows},
        advance_cents=sum(row.advance for row in rows),
    )


def balances(budget, year: int) -> Balances:
    """The budget's entitlement, premium, VIA, paid and committed amounts of ``year``, and its
    outstanding refundable advance (R13) at the end of ``year`` (all advance movements up to
    that year).

    One query over the running balances (docs/decisions/0014).
    """
    rows = list(BudgetYearBalance.objects.filter(budget_id=_budget_id(budget), year__lte=year))
    figures = next((_figures(row) for row in rows if row.year == year), EMPTY_FIGURES)
    return Balances(
        entitlement=figures.entitlement,
        premium=figures.premium,
        via=figures.via,
        paid=figures.paid,
        committed=figures.committed,
        advance_outstanding=from_cents(sum(row.advance for row in rows)),
    )


def budget_line(budget, year: int) -> Decimal:
    """What remains to be claimed in ``year``: entitlement + premium + via - paid - committed
    (R26-R28)."""
    return balances(budget, year).budget_line


def advance_outstanding(budget) -> Decimal:
    """The refundable advance paid and not yet repaid, over all years (R13)."""
    total = BudgetYearBalance.objects.filter(budget_id=_budget_id(budget)).aggregate(
        total=Sum("advance")
    )["total"]
    return from_cents(total or 0)


def balance(budget, year: int | None = None) -> Decimal:
    """The plain sum of the amounts of the budget's entries (of one year, or all)."""
    entries = Entry.objects.filter(budget_id=_budget_id(budget))
    if year is not None:
        entries = entries.filter(year=year)
    return _cents(entries.aggregate(total=money_sum())["total"])


def entries_for(budget, year: int | None = None) -> QuerySet[Entry]:
    """The budget's entries in booking order."""
    entries = Entry.objects.filter(budget_id=_budget_id(budget)).select_related(
        "reverses", "created_by"
    )
    if year is not None:
        entries = entries.filter(year=year)
    return entries.order_by("booked_at", "id")


def line_figures(budget_ids: Iterable[int], year: int) -> dict[int, LineFigures]:
    """The running balance of ``year`` for many budgets at once (one query): entitlement,
    premium, via, paid, committed and the line. Every id asked for is in the result; a budget
    without entries in ``year`` has zeros."""
    ids = list(dict.fromkeys(budget_ids))
    result = dict.fromkeys(ids, EMPTY_FIGURES)
    if not ids:
        return result
    for row in BudgetYearBalance.objects.filter(budget_id__in=ids, year=year):
        result[row.budget_id] = _figures(row)
    return result


def budget_lines(budget_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """The budget line of ``year`` for many budgets at once (one query).

    Every id asked for is in the result; a budget without entries has a line of 0.00.
    """
    return {pk: figures.line for pk, figures in line_figures(budget_ids, year).items()}
