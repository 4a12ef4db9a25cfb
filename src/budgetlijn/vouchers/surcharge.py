"""R12: booking the cash surcharge (11,94 %) on top of the part of a PVB spent in cash at
providers the agency has not licensed (docs/decisions/0022-free-share-and-vouchers.md).

The surcharge raises the budget line of the year (an ADJUSTMENT of the entitlement, key
``cash-surcharge:{budget}:{year}:{n}``): the holder may buy more care with it (seed 001). It is
recomputed on the year's total of accepted cash costs at non-licensed providers (cost lines of
a PVB whose contract is paid in cash to a counterparty that is no licensed provider, MFC or
assistance organisation; their accepted amount minus what was netted with credit notes) and
each run books the difference with what was booked before (``r12_cash_surcharge.surcharge_step``),
so running it again books nothing, and the steps add up to the surcharge on the total.

In chunks of budgets: each chunk locks its budgets in one statement, reads the cash and the
surcharge booked with one grouped query each and books the steps with the ledger's batch path,
in one transaction (all or nothing per chunk). A step the ledger refuses (taking back more than
the line has left) is reported and left for the next run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils.translation import gettext

from budgetlijn.costs.constants import BookingType, Outcome
from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.batch import BookingRequest, book_batch
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budgets
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import parameters
from budgetlijn.rules.money import ZERO, format_eur, round_cents
from budgetlijn.rules.payments import r12_cash_surcharge as r12
from budgetlijn.rules.violations import Violation
from budgetlijn.vouchers.constants import SURCHARGE_KEY_PREFIX

CHUNK = 500


def surcharge_key_prefix(budget_id: int, year: int) -> str:
    return f"{SURCHARGE_KEY_PREFIX}{budget_id}:{year}:"


@dataclass(frozen=True)
class SurchargeStep:
    budget_id: int
    cash: Decimal  # accepted cash at non-licensed providers of the year
    surcharge: Decimal  # on that total
    booked_before: Decimal
    step: Decimal  # what this run books (0: nothing)
    entry_id: int | None = None
    violations: tuple[Violation, ...] = ()


@dataclass
class SurchargeReport:
    year: int
    steps: list[SurchargeStep] = field(default_factory=list)
    dry_run: bool = False

    @property
    def booked(self) -> Decimal:
        """What this run booked (a dry run: what it would have booked)."""
        return sum((s.step for s in self.steps if s.entry_id), ZERO)

    @property
    def refused(self) -> list[SurchargeStep]:
        return [s for s in self.steps if s.violations]


class _DryRun(Exception):
    pass


def _cash_by_budget(ids: list[int], year: int) -> dict[int, Decimal]:
    rows = (
        CostLine.objects.filter(
            budget_id__in=ids,
            year=year,
            budget__kind=BudgetKind.PVB,
            booking_type=BookingType.COST,
            outcome__in=[Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED],
            contract__payment_mode="CASH",
        )
        .exclude(contract__provider_kind__in=r12.LICENSED_PROVIDER_KINDS)
        .values("budget_id")
        .order_by()
        .annotate(total=Sum(F("accepted_amount") - F("credit_used")))
    )
    return {row["budget_id"]: round_cents(Decimal(str(row["total"] or 0))) for row in rows}


def _booked_by_budget(ids: list[int], year: int) -> dict[int, tuple[Decimal, int]]:
    """Surcharge booked before per budget (net of reversals) and how many steps. The keys
    carry the entry's own budget and year, so the common prefix with both filters suffices."""
    surcharges = Entry.objects.filter(
        budget_id__in=ids,
        year=year,
        kind=EntryKind.ADJUSTMENT,
        idempotency_key__startswith=SURCHARGE_KEY_PREFIX,
    )
    result: dict[int, list] = defaultdict(lambda: [ZERO, 0])
    for row in (
        surcharges.values("budget_id").order_by().annotate(total=Sum("amount"), steps=Count("pk"))
    ):
        result[row["budget_id"]] = [Decimal(str(row["total"] or 0)), row["steps"]]
    reversals = (
        Entry.objects.filter(kind=EntryKind.REVERSAL, reverses__in=surcharges)
        .values("budget_id")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    for row in reversals:
        result[row["budget_id"]][0] += Decimal(str(row["total"] or 0))
    return {pk: (round_cents(value[0]), value[1]) for pk, value in result.items()}


def _rate_text(year: int) -> str:
    """The year's R12 rate as a Dutch percentage (``0.1194`` -> ``11,94 %``), from the dated
    parameter, never a literal."""
    rate = parameters.value("pvb.cash_surcharge.rate", date(year, 1, 1)) * 100
    text = format(rate.normalize(), "f") if rate == rate.to_integral() else format(rate, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def _chunk(ids: list[int], year: int, by) -> list[SurchargeStep]:
    lock_budgets(ids)
    cash = _cash_by_budget(ids, year)
    booked = _booked_by_budget(ids, year)
    plan = []
    for pk in ids:
        total = cash.get(pk, ZERO)
        before, steps = booked.get(pk, (ZERO, 0))
        step = r12.surcharge_step(total, year, before)
        plan.append((pk, total, before, steps, step))
    todo = [p for p in plan if p[4] != 0]
    requests = [
        BookingRequest(
            budget_id=pk,
            year=year,
            kind=EntryKind.ADJUSTMENT,
            amount=step,
            reason=gettext(
                "Toeslag %(rate)s cash bij niet-vergunde zorgaanbieders %(year)s: %(cash)s (R12)"
            )
            % {"rate": _rate_text(year), "year": year, "cash": format_eur(total)},
            idempotency_key=f"{surcharge_key_prefix(pk, year)}{steps + 1}",
        )
        for pk, total, _before, steps, step in todo
    ]
    results = dict(zip((p[0] for p in todo), book_batch(requests, by=by), strict=True))
    out = []
    for pk, total, before, _steps, step in plan:
        result = results.get(pk)
        out.append(
            SurchargeStep(
                budget_id=pk,
                cash=total,
                surcharge=before + step,
                booked_before=before,
                step=step,
                entry_id=result.entry_id if result is not None and result.ok else None,
                violations=tuple(result.violations) if result is not None and not result.ok else (),
            )
        )
    return out


def book_cash_surcharges(
    *, year: int, budget_ids=None, by=None, dry_run: bool = False, chunk: int = CHUNK
) -> SurchargeReport:
    """Book the R12 surcharge step of ``year`` for every PVB (or those of ``budget_ids``) that
    has cash costs at non-licensed providers or surcharge booked before (see the module
    docstring). ``dry_run``: the same path, rolled back; the report says what it would book."""
    candidates = Budget.objects.filter(kind=BudgetKind.PVB)
    if budget_ids is not None:
        candidates = candidates.filter(pk__in=list(budget_ids))
    with_cash = set(
        CostLine.objects.filter(budget__in=candidates, year=year, contract__payment_mode="CASH")
        .values_list("budget_id", flat=True)
        .distinct()
    )
    with_surcharge = set(
        Entry.objects.filter(
            budget__in=candidates,
            year=year,
            kind=EntryKind.ADJUSTMENT,
            idempotency_key__startswith=SURCHARGE_KEY_PREFIX,
        )
        .values_list("budget_id", flat=True)
        .distinct()
    )
    ids = sorted(with_cash | with_surcharge)
    report = SurchargeReport(year=year, dry_run=dry_run)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        try:
            with transaction.atomic():
                steps = _chunk(part, year, by)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        report.steps.extend(steps)
    return report


def book_cash_surcharge(*, budget, year: int, by=None) -> SurchargeStep | None:
    """The R12 step of one budget year (None: nothing to book, not a PVB)."""
    budget_id = budget.pk if isinstance(budget, Budget) else int(budget)
    report = book_cash_surcharges(year=year, budget_ids=[budget_id], by=by)
    return report.steps[0] if report.steps else None
