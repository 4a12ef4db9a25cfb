"""Balances derived from the ledger; every figure is one aggregate query in the database.

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

from budgetlijn.ledger.constants import Bucket
from budgetlijn.ledger.models import Entry
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


@dataclass(frozen=True)
class Balances:
    """A budget's figures for one budget year."""

    entitlement: Decimal
    paid: Decimal
    committed: Decimal
    advance_outstanding: Decimal

    @property
    def budget_line(self) -> Decimal:
        """What remains to be claimed this year (R26): entitlement - paid - committed."""
        return self.entitlement - self.paid - self.committed


def _budget_id(budget) -> int:
    return budget if isinstance(budget, int) else budget.pk


def balances(budget, year: int) -> Balances:
    """The budget's entitlement, paid and committed amounts of ``year``, and its outstanding
    refundable advance (R13) at the end of ``year`` (all advance movements up to that year).

    One aggregate query.
    """
    totals = Entry.objects.filter(budget_id=_budget_id(budget), year__lte=year).aggregate(
        entitlement=money_sum(where=Q(year=year, bucket=Bucket.ENTITLEMENT)),
        paid=money_sum(where=Q(year=year, bucket=Bucket.PAID)),
        committed=money_sum(where=Q(year=year, bucket=Bucket.COMMITTED)),
        advance_outstanding=money_sum(where=Q(bucket=Bucket.ADVANCE)),
    )
    return Balances(**{name: _cents(value) for name, value in totals.items()})


def budget_line(budget, year: int) -> Decimal:
    """What remains to be claimed in ``year``: entitlement - paid - committed (R26)."""
    return balances(budget, year).budget_line


def advance_outstanding(budget) -> Decimal:
    """The refundable advance paid and not yet repaid, over all years (R13)."""
    total = Entry.objects.filter(budget_id=_budget_id(budget), bucket=Bucket.ADVANCE).aggregate(
        total=money_sum()
    )["total"]
    return _cents(total)


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


def budget_lines(budget_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """The budget line of ``year`` for many budgets at once (one query).

    Every id asked for is in the result; a budget without entries has a line of 0.00.
    """
    ids = list(dict.fromkeys(budget_ids))
    result = dict.fromkeys(ids, ZERO)
    if not ids:
        return result
    rows = (
        Entry.objects.filter(budget_id__in=ids, year=year)
        .values("budget_id")
        .order_by()
        .annotate(
            entitlement=money_sum(where=Q(bucket=Bucket.ENTITLEMENT)),
            spent=money_sum(where=Q(bucket__in=(Bucket.PAID, Bucket.COMMITTED))),
        )
    )
    for row in rows:
        result[row["budget_id"]] = _cents(row["entitlement"] - row["spent"])
    return result
