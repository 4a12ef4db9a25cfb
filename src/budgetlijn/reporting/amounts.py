"""The yearly amount of every budget, computed in the database (measure "allocated").

Yearly amounts are dated parameters (``budgetlijn.rules``, Python), so they are turned into one
SQL ``CASE`` over (kind, scheme, category, band) with the amounts in force on 1 January of the
year, exactly as ``budget_year.yearly_amount`` reads them; a budget's own amount
(``specific_amount``, for example a convenant of category "ander") wins. A budget whose amount
is not known for that year (no parameter value) gives NULL and is counted apart.

The CASE yields whole cents as integers: on SQLite a decimal column is a binary float and SUM()
of floats over a million rows can be off by more than a cent; a SUM of integers is exact on
every database (docs/decisions/0008-statistics.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.db.models.functions import Cast, Round

from budgetlijn.rules import budget_year, parameters

YEARLY_AMOUNT_PREFIXES = {
    "pvb.yearly_amount.": budget_year.PVB,
    "pab.yearly_amount.": budget_year.PAB,
    "convenant.staff_points.": budget_year.CONVENANT,  # R8: staff points name the category
}


@dataclass(frozen=True, order=True)
class CategoryKey:
    """What the yearly amount depends on: kind, PVB scheme ('' otherwise), category, PAB band."""

    kind: str
    scheme: str
    category: str
    band: int | None = None


def category_key(name: str) -> CategoryKey | None:
    """The budgets a yearly-amount parameter is for, or None for another parameter.

    The name is checked against ``budget_year.yearly_amount_name``, the rules' own naming."""
    for prefix, kind in YEARLY_AMOUNT_PREFIXES.items():
        if not name.startswith(prefix):
            continue
        parts = name[len(prefix) :].split(".")
        if kind == budget_year.PVB and len(parts) == 2:
            key = CategoryKey(kind, parts[0], parts[1])
        elif kind == budget_year.PAB and len(parts) == 2 and parts[1].isdigit():
            key = CategoryKey(kind, "", parts[0], int(parts[1]))
        elif kind == budget_year.CONVENANT and len(parts) == 1:
            key = CategoryKey(kind, "", parts[0])
        else:
            return None
        expected = budget_year.yearly_amount_name(kind, key.scheme or None, key.category, key.band)
        return key if expected == name else None
    return None


def yearly_amounts(year: int) -> dict[CategoryKey, Decimal]:
    """Every category's yearly amount in force on 1 January of ``year`` (parameters without a
    value that year are left out)."""
    table: dict[CategoryKey, Decimal] = {}
    for name in parameters.names():
        key = category_key(name)
        if key is None:
            continue
        try:
            table[key] = budget_year.yearly_amount(
                key.kind, key.scheme or None, key.category, key.band, year
            )
        except parameters.ParameterMissing:
            continue
    return dict(sorted(table.items()))


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_cents(cents: object) -> Decimal:
    """An integer number of cents (int, or the float/Decimal some drivers return) as EUR."""
    if cents is None:
        return Decimal("0.00")
    return (Decimal(cents).to_integral_value() / 100).quantize(Decimal("0.01"))


def _year_case(table: dict[CategoryKey, Decimal]) -> Case | Value:
    """CASE kind WHEN ... THEN (CASE over the categories of that kind) END, in cents."""
    by_kind: dict[str, list[When]] = {}
    for key, amount in table.items():
        condition = Q(category=key.category)
        if key.kind == budget_year.PVB:
            condition &= Q(scheme=key.scheme)
        if key.band is not None:
            condition &= Q(band=key.band)
        by_kind.setdefault(key.kind, []).append(When(condition, then=Value(to_cents(amount))))
    if not by_kind:
        return Value(None, output_field=BigIntegerField())
    return Case(
        *[
            When(kind=kind, then=Case(*whens, default=None, output_field=BigIntegerField()))
            for kind, whens in by_kind.items()
        ],
        default=None,
        output_field=BigIntegerField(),
    )


def allocated_cents(years: list[int]) -> Case:
    """Per budget: its yearly amount in cents (the budget's own amount first, else the
    category's amount in force on 1 January of the year of its allocation when ``years`` has
    more than one year, else of that one year); NULL when unknown."""
    own_amount = When(
        specific_amount__isnull=False,
        then=Cast(Round(F("specific_amount") * Value(100)), BigIntegerField()),
    )
    if len(years) == 1:
        return Case(
            own_amount, default=_year_case(yearly_amounts(years[0])), output_field=BigIntegerField()
        )
    per_year = [
        When(
            allocated_on__gte=date(year, 1, 1),
            allocated_on__lte=date(year, 12, 31),
            then=_year_case(yearly_amounts(year)),
        )
        for year in years
    ]
    return Case(own_amount, *per_year, default=None, output_field=BigIntegerField())
