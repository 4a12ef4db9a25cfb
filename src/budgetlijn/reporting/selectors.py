"""Statistics computed in the database: one GROUP BY query per kind of figure.

``build_report(query)`` runs, whatever the number of budgets:

1. one GROUP BY over budgets (joined to their person for the province) at the grain of the
   table's cells: COUNT(DISTINCT person), COUNT(*), SUM(yearly amount in cents) and how many
   budgets have a known yearly amount (``amounts.allocated_cents``);
2. for persons, the totals that are not sums of cells: a person is counted once per total, so a
   total across budget categories or kinds is its own COUNT(DISTINCT person) query (a total
   across provinces is a sum of cells: a person lives in one province);
3. for the ledger measures, one GROUP BY over the ledger entries of those budgets.

Totals of the other measures are sums of the grouped rows. No budget row is ever loaded.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models.lookups import IsNull
from django.utils.translation import gettext as _

from budgetlijn.dossiers.constants import BudgetKind, Province
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.constants import Bucket
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.selectors import money_sum
from budgetlijn.reporting import amounts, labels
from budgetlijn.reporting.constants import LEDGER_MEASURES, Basis, Dimension, Measure
from budgetlijn.reporting.report import Cell, Header, Report, ReportQuery, Summary
from budgetlijn.reporting.suppression import PRIMARY, TOTAL, suppress
from budgetlijn.rules.money import ZERO, round_cents

DIMENSION_FIELDS: dict[str, tuple[str, ...]] = {
    Dimension.CATEGORY: ("kind", "scheme", "category"),
    Dimension.KIND: ("kind",),
    Dimension.PROVINCE: ("person__province",),
}
LEDGER_PREFIX = "budget__"


def population(query: ReportQuery, prefix: str = "") -> Q:
    """The budgets a report counts (``prefix`` "budget__" for a query over ledger entries)."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if query.basis == Basis.HOLDING:
        day = query.as_of
        condition = (
            q(started_on__lte=day)
            & (q(stopped_on__isnull=True) | q(stopped_on__gt=day))
            & (q(lapsed_on__isnull=True) | q(lapsed_on__gt=day))
            & (q(converted_on__isnull=True) | q(converted_on__gt=day))
        )
    else:
        condition = q(allocated_on__gte=query.date_from, allocated_on__lte=query.last_day)
    if query.kind:
        condition &= q(kind=query.kind)
    return condition


def group_fields(query: ReportQuery) -> list[str]:
    """The GROUP BY columns of the cells: those of the rows and of the columns."""
    fields = [*DIMENSION_FIELDS[query.rows], *DIMENSION_FIELDS[query.columns]]
    return list(dict.fromkeys(fields))


def dimension_key(dimension: str, values: dict, prefix: str = "") -> str:
    if dimension == Dimension.CATEGORY:
        return labels.category_row_key(
            values[prefix + "kind"], values[prefix + "scheme"], values[prefix + "category"]
        )
    if dimension == Dimension.KIND:
        return values[prefix + "kind"]
    return values[prefix + "person__province"]


def _cents(value) -> Decimal:
    """A ledger sum as exact cents (SQLite sums decimals as floats: ledger/selectors.py)."""
    return round_cents(Decimal(value or 0)) + ZERO


def _distinct_persons(budgets, dimension: str) -> dict[str, int]:
    rows = (
        budgets.values(*DIMENSION_FIELDS[dimension])
        .order_by()
        .annotate(persons=Count("person", distinct=True))
    )
    return {dimension_key(dimension, row): row["persons"] for row in rows}


def _persons_with_amount(yearly) -> Count:
    """COUNT(DISTINCT person) of the budgets whose yearly amount is known."""
    return Count(
        Case(When(IsNull(yearly, False), then=F("person")), output_field=IntegerField()),
        distinct=True,
    )


def _persons_without_amount(yearly) -> Count:
    return Count(
        Case(When(IsNull(yearly, True), then=F("person")), output_field=IntegerField()),
        distinct=True,
    )


def _population_totals(query: ReportQuery, budgets) -> dict[str, dict[str, dict[str, int]]]:
    """Per row and per column: the distinct persons and the distinct persons with a known
    yearly amount (two GROUP BY queries; what suppression looks at for the totals)."""
    yearly = amounts.allocated_cents(query.amount_years)
    result = {}
    for side, dimension in (("rows", query.rows), ("columns", query.columns)):
        grouped = (
            budgets.values(*DIMENSION_FIELDS[dimension])
            .order_by()
            .annotate(
                persons=Count("person", distinct=True), with_amount=_persons_with_amount(yearly)
            )
        )
        result[side] = {
            dimension_key(dimension, row): {
                "persons": row["persons"],
                "with_amount": row["with_amount"],
            }
            for row in grouped
        }
    return result


def _ledger_window(query: ReportQuery) -> tuple[Q, dict]:
    """Which entries a ledger measure reads, and its sums."""
    years = Q(year__gte=query.years[0], year__lte=query.years[-1])
    known = Q(effective_date__lte=query.as_of)
    in_period = Q(effective_date__gte=query.date_from, effective_date__lte=query.last_day)
    sums = {}
    if query.measure == Measure.SPENT:
        window = in_period & Q(bucket=Bucket.PAID)
        sums["value"] = money_sum(where=Q(bucket=Bucket.PAID))
    else:
        buckets = [Bucket.ENTITLEMENT]
        sums["entitlement"] = money_sum(where=Q(bucket=Bucket.ENTITLEMENT))
        if query.measure == Measure.REMAINING:
            # the budget line: entitlement + premium + via - paid - committed (R26-R28)
            buckets += [Bucket.PREMIUM, Bucket.VIA, Bucket.PAID, Bucket.COMMITTED]
            sums["supplements"] = money_sum(where=Q(bucket__in=(Bucket.PREMIUM, Bucket.VIA)))
            sums["paid"] = money_sum(where=Q(bucket=Bucket.PAID))
            sums["committed"] = money_sum(where=Q(bucket=Bucket.COMMITTED))
        window = years & known & Q(bucket__in=buckets)
    return window, sums


def _ledger_entries(query: ReportQuery):
    window, _sums = _ledger_window(query)
    return Entry.objects.filter(population(query, LEDGER_PREFIX)).filter(window)


def _ledger_cells(query: ReportQuery) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """The ledger measure per cell and the number of persons whose entries make it up: one
    GROUP BY over the entries of the counted budgets."""
    _window, sums = _ledger_window(query)
    prefix = LEDGER_PREFIX
    rows = (
        _ledger_entries(query)
        .values(*[prefix + name for name in group_fields(query)])
        .order_by()
        .annotate(contributors=Count(prefix + "person", distinct=True), **sums)
    )
    cells = {}
    for row in rows:
        key = (
            dimension_key(query.rows, row, prefix),
            dimension_key(query.columns, row, prefix),
        )
        if query.measure == Measure.SPENT:
            value = _cents(row["value"])
        elif query.measure == Measure.ENTITLED:
            value = _cents(row["entitlement"])
        else:
            value = (
                _cents(row["entitlement"])
                + _cents(row["supplements"])
                - _cents(row["paid"])
                - _cents(row["committed"])
            )
        cells[key] = (value, row["contributors"])
    return cells


def _ledger_contributors(query: ReportQuery) -> dict[str, dict[str, int]]:
    """Per row, per column and in all: the persons whose entries make up a ledger total."""
    prefix = LEDGER_PREFIX
    entries = _ledger_entries(query)
    result = {}
    for side, dimension in (("rows", query.rows), ("columns", query.columns)):
        grouped = (
            entries.values(*[prefix + name for name in DIMENSION_FIELDS[dimension]])
            .order_by()
            .annotate(contributors=Count(prefix + "person", distinct=True))
        )
        result[side] = {
            dimension_key(dimension, row, prefix): row["contributors"] for row in grouped
        }
    result["total"] = {TOTAL: entries.aggregate(n=Count(prefix + "person", distinct=True))["n"]}
    return result


def sensitivity(persons: int, contributors: int) -> int:
    """The number of persons that decides whether a figure is small: the persons it counts,
    or, for an amount, the fewer persons whose amounts make it up (a cell of ten persons of
    whom one has an amount shows that one's amount)."""
    return min((n for n in (persons, contributors) if n > 0), default=0)


def _all_keys(query: ReportQuery, dimension: str, found: set[str]) -> list[str]:
    keys = set(found)
    if dimension == Dimension.PROVINCE:
        keys |= set(Province.values)
    elif dimension == Dimension.KIND:
        keys |= {query.kind} if query.kind else set(BudgetKind.values)
    return sorted(keys, key=lambda key: labels.sort_key(dimension, key))


def cells_queryset(query: ReportQuery):
    """The GROUP BY at the grain of the cells (query 1 of the module docstring)."""
    yearly = amounts.allocated_cents(query.amount_years)
    return (
        Budget.objects.filter(population(query))
        .values(*group_fields(query))
        .order_by()
        .annotate(
            persons=Count("person", distinct=True),
            budgets=Count("id"),
            allocated=Sum(yearly),
            with_amount=Count(yearly),
            persons_with_amount=_persons_with_amount(yearly),
        )
    )


def build_report(query: ReportQuery) -> Report:
    budgets = Budget.objects.filter(population(query))
    grouped = list(cells_queryset(query))
    base: dict[tuple[str, str], dict] = {}
    for row in grouped:
        base[(dimension_key(query.rows, row), dimension_key(query.columns, row))] = row

    row_keys = _all_keys(query, query.rows, {key[0] for key in base})
    column_keys = _all_keys(query, query.columns, {key[1] for key in base})
    persons_by_cell = {key: row["persons"] for key, row in base.items()}

    # Persons per total: a sum of cells across provinces, a distinct count otherwise.
    def summed(by_row: bool) -> dict[str, int]:
        result: dict[str, int] = {}
        for (row, column), persons in persons_by_cell.items():
            key = row if by_row else column
            result[key] = result.get(key, 0) + persons
        return result

    yearly = amounts.allocated_cents(query.amount_years)
    grand: dict[str, int] = {}

    def grand_figures() -> dict[str, int]:
        """Distinct persons in all, with and without a known yearly amount (one query)."""
        if not grand:
            grand.update(
                budgets.aggregate(
                    persons=Count("person", distinct=True),
                    with_amount=_persons_with_amount(yearly),
                    without_amount=_persons_without_amount(yearly),
                )
            )
        return grand

    if query.measure == Measure.PERSONS:
        if query.columns == Dimension.PROVINCE:
            row_persons = summed(by_row=True)
        else:
            row_persons = _distinct_persons(budgets, query.rows)
        if query.rows == Dimension.PROVINCE:
            column_persons = summed(by_row=False)
        else:
            column_persons = _distinct_persons(budgets, query.columns)
        if query.suppress:
            grand_persons = grand_figures()["persons"]
        elif query.columns == Dimension.PROVINCE:
            grand_persons = sum(column_persons.values())
        elif query.rows == Dimension.PROVINCE:
            grand_persons = sum(row_persons.values())
        else:
            grand_persons = budgets.aggregate(n=Count("person", distinct=True))["n"]
    else:
        row_persons, column_persons = {}, {}
        grand_persons = grand_figures()["persons"]

    # The measure per cell, and per cell the persons whose figures make it up.
    contributors: dict[tuple[str, str], int] = {}
    if query.measure in LEDGER_MEASURES:
        ledger = _ledger_cells(query)
        values = {key: value for key, (value, _n) in ledger.items()}
        contributors = {key: n for key, (_value, n) in ledger.items()}
    elif query.measure == Measure.ALLOCATED:
        values = {key: amounts.from_cents(row["allocated"]) for key, row in base.items()}
        contributors = {key: row["persons_with_amount"] for key, row in base.items()}
    else:
        values = {key: row[query.measure] for key, row in base.items()}
        contributors = dict(persons_by_cell)
    zero = Decimal("0.00") if query.measure not in (Measure.PERSONS, Measure.BUDGETS) else 0
    cells = {
        (row, column): Cell(
            values.get((row, column), zero),
            sensitivity(persons_by_cell.get((row, column), 0), contributors.get((row, column), 0)),
        )
        for row in row_keys
        for column in column_keys
    }

    # Totals.
    if query.measure == Measure.PERSONS:
        row_totals = {
            row: Cell(row_persons.get(row, 0), row_persons.get(row, 0)) for row in row_keys
        }
        column_totals = {
            column: Cell(column_persons.get(column, 0), column_persons.get(column, 0))
            for column in column_keys
        }
        total = Cell(grand_persons, grand_persons)
    else:
        row_totals = {
            row: Cell(sum((cells[(row, c)].value for c in column_keys), zero)) for row in row_keys
        }
        column_totals = {
            column: Cell(sum((cells[(r, column)].value for r in row_keys), zero))
            for column in column_keys
        }
        total = Cell(sum((cell.value for cell in row_totals.values()), zero), grand_persons)

    allocated_cents = sum(row["allocated"] or 0 for row in grouped)
    budgets_total = sum(row["budgets"] for row in grouped)
    without_amount = budgets_total - sum(row["with_amount"] for row in grouped)
    summary = Summary(
        persons=grand_persons,
        budgets=budgets_total,
        allocated=amounts.from_cents(allocated_cents),
        without_amount=without_amount,
    )

    primary = secondary = 0
    if query.suppress:
        row_totals, column_totals, total = _total_sensitivity(
            query, budgets, row_totals, column_totals, total, grand_figures()
        )
        pattern = suppress(
            row_keys,
            column_keys,
            {key: cell.persons for key, cell in cells.items()},
            query.threshold,
            values={key: cell.value for key, cell in cells.items()},
            total_counts={
                **{(row, TOTAL): cell.persons for row, cell in row_totals.items()},
                **{(TOTAL, column): cell.persons for column, cell in column_totals.items()},
                (TOTAL, TOTAL): total.persons,
            },
            total_values={
                **{(row, TOTAL): cell.value for row, cell in row_totals.items()},
                **{(TOTAL, column): cell.value for column, cell in column_totals.items()},
                (TOTAL, TOTAL): total.value,
            },
            # "Nog beschikbaar" can be negative: a value of 0 is no bound there.
            signed=query.measure == Measure.REMAINING,
        )
        for (row, column), kind in pattern.cells.items():
            if row == TOTAL and column == TOTAL:
                total = _suppressed(total, kind)
            elif row == TOTAL:
                column_totals[column] = _suppressed(column_totals[column], kind)
            elif column == TOTAL:
                row_totals[row] = _suppressed(row_totals[row], kind)
            else:
                cells[(row, column)] = _suppressed(cells[(row, column)], kind)
        primary, secondary = pattern.primary, pattern.secondary
        summary.suppressed = _summary_suppression(query, total, grand_figures(), without_amount)

    year_amounts = (
        amounts.yearly_amounts(query.amount_years[0]) if len(query.amount_years) == 1 else None
    )
    with_kind = not query.kind

    def headers(dimension: str, keys: list[str]) -> list[Header]:
        return [Header(key, labels.label(dimension, key, year_amounts, with_kind)) for key in keys]

    notes = []
    if without_amount and query.measure == Measure.ALLOCATED:
        notes.append(
            _(
                "Voor %(count)s budgetten is voor dat jaar geen jaarbedrag gekend (geen parameter "
                "en geen specifiek bedrag); ze tellen niet mee in het toegekende jaarbedrag."
            )
            % {"count": summary.display("without_amount", query.threshold)}
        )
    return Report(
        query=query,
        rows=headers(query.rows, row_keys),
        columns=headers(query.columns, column_keys),
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        total=total,
        summary=summary,
        primary_suppressed=primary,
        secondary_suppressed=secondary,
        notes=notes,
    )


def _total_sensitivity(query: ReportQuery, budgets, row_totals, column_totals, total, grand):
    """The totals with the number of persons suppression looks at (two or five more queries,
    only with suppression): distinct persons, or fewer when an amount is made up by fewer."""
    population = _population_totals(query, budgets)
    if query.measure in LEDGER_MEASURES:
        ledger = _ledger_contributors(query)
        row_contributors = ledger["rows"]
        column_contributors = ledger["columns"]
        grand_contributors = ledger["total"][TOTAL]
    elif query.measure == Measure.ALLOCATED:
        row_contributors = {k: v["with_amount"] for k, v in population["rows"].items()}
        column_contributors = {k: v["with_amount"] for k, v in population["columns"].items()}
        grand_contributors = grand["with_amount"]
    else:
        row_contributors = {k: v["persons"] for k, v in population["rows"].items()}
        column_contributors = {k: v["persons"] for k, v in population["columns"].items()}
        grand_contributors = grand["persons"]

    def rebuilt(cells: dict[str, Cell], persons: dict, contributors: dict) -> dict[str, Cell]:
        return {
            key: Cell(
                cell.value,
                sensitivity(persons.get(key, {}).get("persons", 0), contributors.get(key, 0)),
            )
            for key, cell in cells.items()
        }

    return (
        rebuilt(row_totals, population["rows"], row_contributors),
        rebuilt(column_totals, population["columns"], column_contributors),
        Cell(total.value, sensitivity(grand["persons"], grand_contributors)),
    )


def _summary_suppression(query: ReportQuery, total: Cell, grand: dict, without_amount: int):
    """Which summary figures are hidden: all of them for a handful of persons; the total amount
    when few persons have one; the figure that repeats a hidden grand total; the number of
    budgets without an amount when few persons have none."""
    threshold = query.threshold
    hidden: dict[str, str] = {}
    if 0 < grand["persons"] < threshold:
        hidden.update(dict.fromkeys(("persons", "budgets", "allocated"), PRIMARY))
    if 0 < sensitivity(grand["persons"], grand["with_amount"]) < threshold:
        hidden["allocated"] = PRIMARY
    if without_amount and 0 < grand["without_amount"] < threshold:
        hidden["without_amount"] = PRIMARY
    same_as_total = {
        Measure.PERSONS: "persons",
        Measure.BUDGETS: "budgets",
        Measure.ALLOCATED: "allocated",
    }.get(query.measure)
    if total.suppressed and same_as_total:
        hidden.setdefault(same_as_total, total.suppressed)
    return hidden


def _suppressed(cell: Cell, kind: str) -> Cell:
    return Cell(cell.value, cell.persons, kind)
