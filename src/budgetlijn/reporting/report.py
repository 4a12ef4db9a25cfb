"""A statistics report as plain data: what was asked, the table, its totals, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from budgetlijn.reporting.constants import (
    COUNT_MEASURES,
    DEFAULT_THRESHOLD,
    SECONDARY_MARK,
    Basis,
    Dimension,
    Measure,
)
from budgetlijn.reporting.suppression import PRIMARY
from budgetlijn.rules.money import NBSP, format_eur


@dataclass(frozen=True)
class ReportQuery:
    """What is asked. Both period dates are included; ``as_of`` is the peildatum."""

    date_from: date
    date_to: date
    as_of: date
    kind: str = ""  # "" = every kind
    basis: str = Basis.MADE_AVAILABLE
    rows: str = Dimension.CATEGORY
    columns: str = Dimension.PROVINCE
    measure: str = Measure.PERSONS
    suppress: bool = False
    threshold: int = DEFAULT_THRESHOLD

    @property
    def years(self) -> list[int]:
        """The calendar years the period touches (budget years of the ledger measures)."""
        return list(range(self.date_from.year, self.date_to.year + 1))

    @property
    def amount_years(self) -> list[int]:
        """The years whose yearly amounts count for the measure "allocated"."""
        if self.basis == Basis.HOLDING:
            return [self.as_of.year]
        return self.years

    @property
    def last_day(self) -> date:
        """The last day counted: the end of the period, or the peildatum when earlier."""
        return min(self.date_to, self.as_of)


@dataclass(frozen=True)
class Header:
    key: str
    label: str


@dataclass(frozen=True)
class Cell:
    """A cell or a total: its value in the report's measure, its number of persons (what
    suppression looks at) and whether it is suppressed ('', 'primary', 'secondary')."""

    value: int | Decimal
    persons: int = 0
    suppressed: str = ""

    @property
    def shown(self) -> int | Decimal | None:
        """The value as published: None when suppressed."""
        return None if self.suppressed else self.value


def format_number(value: int | Decimal) -> str:
    """Counts as 1 234, amounts as 1 234,56 (Belgian notation, non-breaking spaces)."""
    if isinstance(value, Decimal):
        text = f"{value:,.2f}"
    else:
        text = f"{value:,d}"
    return text.replace(",", NBSP).replace(".", ",")


def suppression_mark(kind: str, threshold: int) -> str:
    """'< 5' for a figure of too few persons, 'x' for one hidden to protect another."""
    if kind == PRIMARY:
        return _("< %(threshold)s") % {"threshold": threshold}
    return SECONDARY_MARK


@dataclass
class Summary:
    """Key figures of the whole report. With suppression a figure of too few persons, or one
    that repeats a hidden grand total, is hidden like a cell (``suppressed``: name -> kind)."""

    persons: int
    budgets: int
    allocated: Decimal
    without_amount: int
    suppressed: dict[str, str] = field(default_factory=dict)

    def shown(self, name: str) -> int | Decimal | None:
        """The figure as published: None when hidden."""
        return None if name in self.suppressed else getattr(self, name)

    def display(self, name: str, threshold: int) -> str:
        """The figure as text ('< 5' or 'x' when hidden); amounts as EUR 1 234,56."""
        if name in self.suppressed:
            return suppression_mark(self.suppressed[name], threshold)
        value = getattr(self, name)
        if isinstance(value, Decimal):
            return format_eur(value)
        return format_number(value)


@dataclass
class Report:
    query: ReportQuery
    rows: list[Header]
    columns: list[Header]
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, Cell]
    column_totals: dict[str, Cell]
    total: Cell
    summary: Summary
    primary_suppressed: int = 0
    secondary_suppressed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def is_count(self) -> bool:
        return self.query.measure in COUNT_MEASURES

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), Cell(self.zero))

    @property
    def zero(self) -> int | Decimal:
        return 0 if self.is_count else Decimal("0.00")

    def display(self, cell: Cell) -> str:
        """A cell as shown in the table and the exports: '< 5' for a small cell, 'x' for a
        cell suppressed to protect one."""
        if cell.suppressed:
            return suppression_mark(cell.suppressed, self.query.threshold)
        return format_number(cell.value)

    def summary_display(self, name: str) -> str:
        return self.summary.display(name, self.query.threshold)

    def matrix(self) -> list[tuple[Header, list[Cell], Cell]]:
        """The rows in order: (row header, cells in column order, row total)."""
        return [
            (
                row,
                [self.cell(row.key, column.key) for column in self.columns],
                self.row_totals[row.key],
            )
            for row in self.rows
        ]

    @property
    def column_total_cells(self) -> list[Cell]:
        return [self.column_totals[column.key] for column in self.columns]

    @property
    def suppressed(self) -> bool:
        return bool(self.primary_suppressed or self.secondary_suppressed)
