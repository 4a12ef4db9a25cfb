"""Closing a budget year after its late-cost window.

A year's costs are filed by R25's dated deadline (PAB 1 April of the next year, PVB 31 March, a
convenant 1 April) and, exceptionally, with a reason, up to two years later
(``costs.late_filing.extra_years``). After that last day nothing can change the year any more:
``close_budget_year`` records per budget year what the year came to (``BudgetYearClose``):
entitlement (with year-end premium and VIA room used), paid, committed and what was left unused.

What is left lapses: unspent budget and unused VIA room are not carried over, and nothing is
booked into the next year (each year has its own allocation). The refundable advance is not a
part of the year and stays outstanding (R13). A closed year needs no guard of its own against
new cost lines: the close comes after R25's last day, so R25 already refuses any line received
later; a line received in time (its ``filed_on`` on or before that day) is what R25 allows and
still counts (docs/decisions/0023-end-of-a-budget.md).

A budget year with lines still waiting for a decision is not closed (it is reported with the
reason and closed by a later run). Each budget year is closed in one row insert: all or
nothing per budget; a run works in chunks with one grouped query per chunk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record_many, user_or_none
from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.ledger.models import BudgetYearBalance
from budgetlijn.ledger.selectors import from_cents, line_figures
from budgetlijn.rules import parameters
from budgetlijn.rules.costs.snapshot import cost_parameters
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import RuleViolations, Violation
from budgetlijn.settlements.constants import ErrorCode
from budgetlijn.settlements.models import BudgetYearClose

CHUNK = 1000


@dataclass
class Skipped:
    budget_id: int
    reason: str


@dataclass
class CloseReport:
    year: int
    on: date
    closed: list[BudgetYearClose] = field(default_factory=list)
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def unused(self) -> Decimal:
        return sum((row.unused for row in self.closed), ZERO)


def _refuse(code, message: str, **params) -> RuleViolations:
    return RuleViolations([Violation("R25", code, message, None, params)])


def late_until(kind: str, year: int) -> date:
    """The last day a cost of ``year`` of a ``kind`` budget can still be received (R25)."""
    return cost_parameters(kind, year).late_until


def close_budget_year(
    year: int, *, on: date, by: Any = None, dry_run: bool = False, chunk: int = CHUNK
) -> CloseReport:
    """Close ``year`` for every budget with an allocation in it whose late-cost window ended
    before ``on`` (today or earlier). Closing again changes nothing."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _refuse(
            ErrorCode.YEAR_CLOSE_TOO_EARLY,
            gettext_noop(
                "Budgetjaar %(year)s bestaat niet. Kies een jaar van %(min)s tot %(max)s."
            ),
            year=year,
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    if on > timezone.localdate():
        raise _refuse(
            ErrorCode.YEAR_CLOSE_DAY_IN_FUTURE,
            gettext_noop(
                "De dag van de afsluiting (%(on)s) ligt na vandaag. Kies vandaag of vroeger."
            ),
            on=format_day(on),
        )
    windows = {}
    for kind in sorted(BudgetKind.values):
        try:
            windows[kind] = late_until(kind, year)
        except parameters.ParameterMissing as error:
            raise _refuse(
                ErrorCode.YEAR_CLOSE_TOO_EARLY,
                gettext_noop(
                    "Budgetjaar %(year)s kan niet afgesloten worden: %(error)s Vul de "
                    "parameterwaarde aan."
                ),
                year=year,
                error=str(error),
            ) from error
    report = CloseReport(year=year, on=on, dry_run=dry_run)
    with transaction.atomic():
        ids = list(
            BudgetYearBalance.objects.filter(year=year, allocations__gt=0)
            .order_by("budget_id")
            .values_list("budget_id", flat=True)
        )
        for start in range(0, len(ids), chunk):
            _close_chunk(ids[start : start + chunk], year, on, by, windows, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _close_chunk(ids, year, on, by, windows: dict, report: CloseReport) -> None:
    with transaction.atomic():
        budgets = {
            pk: (kind, person_id)
            for pk, kind, person_id in Budget.objects.filter(pk__in=ids).values_list(
                "pk", "kind", "person_id"
            )
        }
        closed = set(
            BudgetYearClose.objects.filter(budget_id__in=ids, year=year).values_list(
                "budget_id", flat=True
            )
        )
        waiting = dict(
            CostLine.objects.filter(budget_id__in=ids, year=year, outcome=Outcome.WAITING)
            .values("budget_id")
            .order_by()
            .annotate(n=Count("pk"))
            .values_list("budget_id", "n")
        )
        figures = line_figures(ids, year)
        advances = defaultdict(int)
        for budget_id, cents in (
            BudgetYearBalance.objects.filter(budget_id__in=ids)
            .values("budget_id")
            .order_by()
            .annotate(total=Sum("advance"))
            .values_list("budget_id", "total")
        ):
            advances[budget_id] = cents or 0
        rows = []
        for budget_id in ids:
            if budget_id in closed:
                report.already += 1
                continue
            kind = budgets[budget_id][0]
            if on <= windows[kind]:
                report.skipped.append(
                    Skipped(
                        budget_id,
                        gettext(
                            "kosten van %(year)s kunnen nog binnenkomen tot en met %(day)s (R25)"
                        )
                        % {"year": year, "day": format_day(windows[kind])},
                    )
                )
                continue
            if waiting.get(budget_id):
                report.skipped.append(
                    Skipped(
                        budget_id,
                        gettext("%(count)s kostenlijn(en) wachten nog op een beslissing")
                        % {"count": waiting[budget_id]},
                    )
                )
                continue
            f = figures[budget_id]
            entitlement = f.entitlement + f.premium + f.via
            rows.append(
                BudgetYearClose(
                    budget_id=budget_id,
                    year=year,
                    closed_on=on,
                    late_until=windows[kind],
                    entitlement=entitlement,
                    paid=f.paid,
                    committed=f.committed,
                    unused=max(f.line, ZERO),
                    advance_outstanding=from_cents(advances[budget_id]),
                    closed_by=user_or_none(by),
                )
            )
        created = BudgetYearClose.objects.bulk_create(rows)
        summary = gettext("Budgetjaar %(year)s afgesloten: niet gebruikt %(unused)s vervalt")
        record_many(
            action=AuditEvent.Action.COMMAND,
            events=[
                (
                    row,
                    summary % {"year": year, "unused": format_eur(row.unused)},
                    budgets[row.budget_id][1],
                    {"budget": row.budget_id, "year": year, "unused": str(row.unused)},
                )
                for row in created
            ],
            actor=by,
        )
        report.closed.extend(created)
