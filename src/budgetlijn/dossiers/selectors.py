"""Read-only queries over dossiers and budgets."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from budgetlijn.dossiers.constants import NOT_STARTED_STATES, BudgetKind, BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules import parameters
from budgetlijn.rules.dates import add_months


@dataclass(frozen=True)
class DueItem:
    due_on: date
    budget: Budget
    what: str


def not_started(kinds: tuple[str, ...] = (BudgetKind.PVB, BudgetKind.PAB)) -> QuerySet[Budget]:
    return Budget.objects.filter(status__in=NOT_STARTED_STATES, kind__in=kinds).select_related(
        "person"
    )


def due_within(on: date, days: int) -> list[DueItem]:
    """What falls due from ``on`` up to ``on + days``: start deadlines (R1/R2) and the
    support plan for a PAB before the 22nd birthday (R7)."""
    until = on + timedelta(days=days)
    items: list[DueItem] = []
    # A start deadline is at most start + extension months after the letter.
    reach = int(parameters.value("budget.start_deadline_months", on)) + int(
        parameters.value("pab.start_extension_months", on)
    )
    earliest_letter = add_months(on, -(reach + 1))
    for budget in not_started().filter(letter_received_on__gte=earliest_letter):
        deadline = budget.start_deadline
        if deadline and on <= deadline <= until:
            items.append(DueItem(deadline, budget, "laatste dag om op te starten (R1/R2)"))
    months = 12 * int(parameters.value("pab.support_plan_before_age", on))
    for budget in Budget.objects.filter(
        kind=BudgetKind.PAB,
        status=BudgetStatus.STARTED,
        support_plan_filed_on__isnull=True,
        person__birth_date__lte=add_months(until, -months),
        person__birth_date__gt=add_months(on, -months),
    ).select_related("person"):
        birthday = add_months(budget.person.birth_date, months)
        items.append(
            DueItem(
                birthday, budget, "ondersteuningsplan PVB indienen vóór de 22ste verjaardag (R7)"
            )
        )
    return sorted(items, key=lambda item: (item.due_on, item.budget.pk))
