"""A horizontal bar chart of the row totals, as geometry for an inline SVG (no JavaScript).

The table stays the accessible equivalent; the SVG carries a title and a description that
say what it shows and every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgetlijn.reporting.constants import Dimension, Measure
from budgetlijn.reporting.report import Report

WIDTH = 720
LEFT = 8
RIGHT = 110  # room for the value after the longest bar
ROW_HEIGHT = 46
BAR_HEIGHT = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    label_y: int
    bar_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    left: int
    bars: list[Bar]


def bar_chart(report: Report) -> Chart | None:
    """One bar per row: the row total (None when the report has no rows)."""
    if not report.rows:
        return None
    values = []
    for row in report.rows:
        total = report.row_totals[row.key]
        values.append((row.label, total, None if total.suppressed else total.value))
    largest = max((value for _l, _t, value in values if value), default=0)
    span = WIDTH - LEFT - RIGHT
    bars = []
    for index, (label, total, value) in enumerate(values):
        width = 0
        if value and value > 0 and largest:
            width = max(1, int(Decimal(value) / Decimal(largest) * span))
        top = TOP + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                value_text=report.display(total),
                label_y=top + 14,
                bar_y=top + 20,
                width=width,
                value_x=LEFT + width + 6,
            )
        )
    title = _("Staafdiagram: %(measure)s per %(rows)s (totaal van elke rij)") % {
        "measure": Measure(report.query.measure).label,
        "rows": Dimension(report.query.rows).label,
    }
    description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    return Chart(
        title=title,
        description=description,
        width=WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + 4,
        bar_height=BAR_HEIGHT,
        left=LEFT,
        bars=bars,
    )
