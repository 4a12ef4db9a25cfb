"""A PAB combined with a multifunctional centre (R4): the report and the ledger adjustments."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts import selectors
from budgetlijn.contracts.models import MfcCombination
from budgetlijn.dossiers import services as dossier_services
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import budget_year, mfc
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import to_decimal
from budgetlijn.rules.violations import RuleViolations

# --- R4 combination with an MFC -----------------------------------------------------------


@transaction.atomic
def book_mfc_adjustments(budget: Budget, year: int, *, by: Any = None) -> list[Entry]:
    """Book what the combinations take off the year's entitlement (R4) and is not yet in the
    ledger; returns the entries this call booked.

    Per combination and year the reduction is computed afresh (the difference the combination
    makes against the one before it, over the months the budget is in force) and compared
    with what the ledger already took off for it. Only a difference is booked: the first time
    under ``mfc:{combination}:{year}``, a recomputation (the budget stopped, a parameter
    changed, a staff change of the allocation) as a new adjustment
    ``mfc:{combination}:{year}:{n}``. Each month counts at the yearly amount in force in it. A key never comes back
    with another amount, and calling again when nothing changed books nothing."""
    if budget.kind != BudgetKind.PAB:
        return []
    budget = lock_budget(budget)  # the stored state (a stop), one booking at a time
    if not Entry.objects.filter(budget=budget, year=year, kind=EntryKind.ALLOCATION).exists():
        return []
    last_day = budget_rules.in_force_until(budget.facts())
    if last_day is not None and last_day.year < year:
        # A year after the budget's end is taken back whole, net of its MFC reduction, when
        # the budget stops (dossiers.services.stop_budget): nothing left to recompute.
        return []
    entries = []
    combos = list(
        MfcCombination.objects.filter(
            budget=budget, effective_from__lte=date(year, 12, 31)
        ).order_by("effective_from", "id")
    )
    if not combos:
        return []
    # The yearly amount in force in each month of the year in force (the allocation history).
    yearly_amounts = dossier_services.yearly_amounts_by_month(budget, year, last_day=last_day)
    previous = None
    for combo in combos:
        months_from = max(combo.effective_from, date(year, 1, 1))
        reduction = _part(combo, months_from, yearly_amounts) - _part(
            previous, months_from, yearly_amounts
        )
        previous = combo
        booked = selectors.mfc_entries(budget, combo, year)
        difference = -reduction - sum((e.amount for e in booked), Decimal("0.00"))
        if difference == 0:
            continue
        key = selectors.mfc_key(combo, year, len(booked))
        reason = (
            f"Combinatie met MFC {combo.mfc_name}: {combo.days_per_week} dagen per week "
            f"vanaf {format_day(combo.effective_from)}"
        )
        if booked:
            until = f", budget in gebruik tot en met {format_day(last_day)}" if last_day else ""
            reason = f"Herberekening: {reason}{until}"
        entries.append(
            ledger.book(
                budget=budget,
                year=year,
                kind=EntryKind.ADJUSTMENT,
                amount=difference,
                reason=f"{reason} (R4)",
                by=by,
                effective_date=months_from,
                idempotency_key=key,
            )
        )
    return entries


def _part(
    combo: MfcCombination | None,
    months_from: date,
    yearly_amounts: dict[int, Decimal],
) -> Decimal:
    """The reduction of ``combo`` from ``months_from`` (in the year of ``yearly_amounts``)
    through the budget's last day in force: each month's reduction is taken off the yearly
    amount in force in that month (``yearly_amounts``, dossiers.services.
    yearly_amounts_by_month: a staff change of the category or band counts from its month),
    rounded like the allocation (``budget_year.share_by_month``)."""
    if combo is None:
        return Decimal("0.00")
    reductions = {
        month: mfc.mfc_reduction(yearly, combo.days_per_week, months_from)
        for month, yearly in yearly_amounts.items()
        if month >= months_from.month
    }
    return budget_year.share_by_month(reductions)


@transaction.atomic
def report_mfc_combination(
    budget: Budget,
    *,
    mfc_name: str,
    days_per_week: Decimal,
    changed_on: date,
    reported_on: date,
    by: Any = None,
) -> MfcCombination:
    """R4: the holder reports in writing how many days a week the minor goes to an MFC.
    A start counts at once, a change once it is structural (``mfc.check_report``); the yearly
    amount is reduced from the first day of the month after the start or change, and the
    ledger shows the adjustment."""
    budget = lock_budget(budget)
    previous = selectors.latest_mfc_combination(budget)
    violations = mfc.check_report(
        budget_kind=budget.kind,
        mfc_name=mfc_name,
        days_per_week=days_per_week,
        changed_on=changed_on,
        reported_on=reported_on,
        previous_days=previous.days_per_week if previous else None,
        previous_changed_on=previous.changed_on if previous else None,
    )
    if violations:
        raise RuleViolations(violations)
    days_per_week = to_decimal(days_per_week)
    effective_from = mfc.mfc_effective_from(changed_on)
    yearly = budget.yearly_amount(effective_from.year)
    combination = MfcCombination.objects.create(
        budget=budget,
        mfc_name=mfc_name.strip(),
        days_per_week=days_per_week,
        changed_on=changed_on,
        reported_on=reported_on,
        effective_from=effective_from,
        yearly_reduction=mfc.mfc_reduction(yearly, days_per_week, effective_from),
        recorded_by=user_or_none(by),
    )
    opened = Entry.objects.filter(
        budget=budget, kind=EntryKind.ALLOCATION, year__gte=effective_from.year
    ).values_list("year", flat=True)
    for year in sorted(set(opened)):
        book_mfc_adjustments(budget, year, by=by)
    record(
        action=AuditEvent.Action.CREATE,
        obj=combination,
        summary=f"Combinatie met MFC gemeld: {combination}",
        actor=by,
        person_id=budget.person_id,
    )
    return combination
