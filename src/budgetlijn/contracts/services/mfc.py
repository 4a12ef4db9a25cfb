"""A PAB combined with a multifunctional centre (R4): the report and the ledger adjustments."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.models import MfcCombination
from budgetlijn.contracts.selectors import (
    locked_budget,
)
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import budget_year, mfc, parameters
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.violations import RuleViolations, Violation, _

# --- R4 combination with an MFC -----------------------------------------------------------


def book_mfc_adjustments(budget: Budget, year: int, *, by: Any = None) -> list[Entry]:
    """Book, once per combination and year, the difference a combination makes to the
    year's entitlement (R4). Safe to call again: idempotency keys."""
    if budget.kind != BudgetKind.PAB:
        return []
    if not Entry.objects.filter(budget=budget, year=year, kind=EntryKind.ALLOCATION).exists():
        return []
    entries = []
    combos = list(
        MfcCombination.objects.filter(
            budget=budget, effective_from__lte=date(year, 12, 31)
        ).order_by("effective_from", "id")
    )
    previous = None
    for combo in combos:
        months_from = max(combo.effective_from, date(year, 1, 1))
        new_part = _part(budget, combo, year, months_from)
        old_part = _part(budget, previous, year, months_from)
        previous = combo
        difference = new_part - old_part
        if difference == 0:
            continue
        entries.append(
            ledger.book(
                budget=budget,
                year=year,
                kind=EntryKind.ADJUSTMENT,
                amount=-difference,
                reason=(
                    f"Combinatie met MFC {combo.mfc_name}: {combo.days_per_week} dagen per week "
                    f"vanaf {combo.effective_from:%d/%m/%Y} (R4)"
                ),
                by=by,
                effective_date=months_from,
                idempotency_key=f"mfc:{combo.pk}:{year}",
            )
        )
    return entries


def _part(budget: Budget, combo: MfcCombination | None, year: int, months_from: date) -> Decimal:
    if combo is None:
        return Decimal("0.00")
    yearly = budget.yearly_amount(year)
    reduction = mfc.mfc_reduction(yearly, combo.days_per_week, months_from)
    start = budget_rules.in_force_from(budget.facts())
    first = max(d for d in (months_from, start) if d)
    return budget_year.pro_rata(reduction, year, first, budget.stopped_on)


def _structural_from(changed_on: date) -> date:
    weeks = int(parameters.value(mfc.STRUCTURAL_WEEKS, changed_on))
    return changed_on + timedelta(weeks=weeks)


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
    A change counts once it has lasted 4 consecutive weeks; the yearly amount is reduced
    from the first day of the next month, and the ledger shows the adjustment."""
    budget = locked_budget(budget)
    violations: list[Violation] = []
    if budget.kind != BudgetKind.PAB:
        violations.append(
            Violation(
                "R4",
                "mfc_only_pab",
                _("Alleen een PAB wordt verminderd voor de dagen in een MFC."),
                "budget",
            )
        )
    if reported_on < changed_on:
        violations.append(
            Violation(
                "R4",
                "reported_before_change",
                _("De melding kan niet vóór de wijziging liggen. Controleer de data."),
                "reported_on",
            )
        )
    elif not mfc.is_structural(changed_on, reported_on):
        violations.append(
            Violation(
                "R4",
                "change_not_structural",
                _(
                    "Een wijziging telt pas mee als ze 4 opeenvolgende weken duurt. Meld ze "
                    "opnieuw vanaf %(day)s."
                ),
                "changed_on",
                {"day": _structural_from(changed_on).strftime("%d/%m/%Y")},
            )
        )
    if not (mfc_name or "").strip():
        violations.append(
            Violation("R4", "mfc_name_missing", _("Vul de naam van het MFC in."), "mfc_name")
        )
    if not Decimal(0) <= Decimal(days_per_week) <= Decimal(7):
        violations.append(
            Violation(
                "R4",
                "days_per_week_range",
                _("Geef een aantal dagen per week tussen 0 en 7."),
                "days_per_week",
            )
        )
    if violations:
        raise RuleViolations(violations)
    effective_from = mfc.mfc_effective_from(changed_on)
    yearly = budget.yearly_amount(effective_from.year)
    combination = MfcCombination.objects.create(
        budget=budget,
        mfc_name=mfc_name.strip(),
        days_per_week=days_per_week,
        changed_on=changed_on,
        reported_on=reported_on,
        effective_from=effective_from,
        yearly_reduction=mfc.mfc_reduction(yearly, Decimal(days_per_week), effective_from),
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
