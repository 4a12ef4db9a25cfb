"""What ``check_ledger`` checks with knowledge of dossiers: an ended budget's allocation.

The ledger is on the lowest floor and cannot say what a budget year's allocation should be;
this check is registered with it (``ledger.invariants.register_check``, from
``DossiersConfig.ready``). Three queries whatever the number of budgets: the ended budgets,
their allocation changes, and their entries grouped per budget year.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_noop

from budgetlijn.dossiers.constants import BudgetStatus, ErrorCode
from budgetlijn.dossiers.models import Budget, BudgetAllocationChange
from budgetlijn.dossiers.services import (
    allocation_entries_q,
    allocation_history,
    allocation_should_be,
)
from budgetlijn.ledger.constants import ENTITLEMENT_BUCKETS, SPENDING_BUCKETS, EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.selectors import money_sum
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules import parameters
from budgetlijn.rules.money import format_eur, round_cents
from budgetlijn.rules.violations import Violation

ENDED = (BudgetStatus.STOPPED, BudgetStatus.CONVERTED)
RULE = "R33"  # the end settles the entitlement up to the yearly budget (a conversion too, R7)

NOT_SETTLED = gettext_noop(
    "Budget %(budget)s, %(year)s: het budget is beëindigd (in gebruik tot en met %(last_day)s). "
    "De toekenning van het jaarbudget bedraagt %(booked)s, maar volgens de categorie, de "
    "wijzigingen en de maanden in gebruik moet ze %(should)s zijn (verschil %(difference)s). "
    "Zoek uit hoe het verschil geboekt werd en boek een correctie (tegenboeking of aanpassing)."
)
AFTER_END_NOT_TAKEN_BACK = gettext_noop(
    "Budget %(budget)s, %(year)s: het budget is beëindigd (in gebruik tot en met "
    "%(last_day)s), dus het jaarbudget %(year)s moet 0,00 EUR zijn, maar het bedraagt "
    "%(entitlement)s terwijl er nog %(line)s niet betaald of vastgelegd is. Zoek uit hoe het "
    "geboekt werd en boek een correctie (tegenboeking of aanpassing)."
)
NOT_COMPUTABLE = gettext_noop(
    "Budget %(budget)s, %(year)s: wat de toekenning moet zijn, kan niet berekend worden: "
    "%(reason)s Vul de ontbrekende parameterwaarde of budgetcategorie aan."
)


def _cents(value: Decimal) -> Decimal:
    return round_cents(value) + Decimal("0.00")


def ended_allocations() -> list[Violation]:
    """For every stopped or converted budget, each year with an allocation holds what the end
    left it (``services.settle_allocation_at_end``), within the documented cap:

    - a year up to the year of the last day in force: ``allocation_booked`` equals
      ``allocation_should_be`` (each month in force at the values in force in it). In the
      year of the last day, more booked than it should be is the end's cap, not a violation,
      as long as nothing is left on the budget line (entitlement - paid - committed <= 0): the
      end takes back no more than is neither paid nor committed (R33).
    - a year after the last day: the whole entitlement is 0 (the end takes it back, MFC part
      and VIA supplements included), or, capped, nothing is left on its budget line.

    A year before the year of the last day is not settled by the end, so it is checked
    strictly: a yearly amount corrected with ``set_parameter --force`` after that year was
    booked shows up here, as the ledger then no longer matches the parameters (decision 0013).
    """
    budgets = {budget.pk: budget for budget in Budget.objects.filter(status__in=ENDED)}
    if not budgets:
        return []
    changes: dict[int, list] = defaultdict(list)
    for change in BudgetAllocationChange.objects.filter(budget__status__in=ENDED):
        changes[change.budget_id].append(change)
    rows = (
        Entry.objects.filter(budget__status__in=ENDED)
        .values("budget_id", "year")
        .order_by()
        .annotate(
            allocations=Count("pk", filter=Q(kind=EntryKind.ALLOCATION)),
            booked=money_sum(where=allocation_entries_q()),
            # the whole entitlement: yearly amount, year-end premium and VIA room used
            entitlement=money_sum(where=Q(bucket__in=ENTITLEMENT_BUCKETS)),
            spent=money_sum(where=Q(bucket__in=SPENDING_BUCKETS)),
        )
        .filter(allocations__gt=0)
        .order_by("budget_id", "year")
    )
    found: list[Violation] = []
    for row in rows:
        budget = budgets.get(row["budget_id"])
        if budget is None:  # ended between the first query and this one
            continue
        last_day = budget_rules.in_force_until(budget.facts())
        if last_day is None:
            continue
        year = row["year"]
        entitlement = _cents(row["entitlement"])
        line = entitlement - _cents(row["spent"])
        common = {"budget": budget.pk, "year": year, "last_day": f"{last_day:%d/%m/%Y}"}
        if year > last_day.year:
            if entitlement != 0 and not (entitlement > 0 and line <= 0):
                found.append(
                    Violation(
                        RULE,
                        ErrorCode.YEAR_AFTER_END_NOT_TAKEN_BACK,
                        AFTER_END_NOT_TAKEN_BACK,
                        params={
                            **common,
                            "entitlement": format_eur(entitlement),
                            "line": format_eur(line),
                        },
                    )
                )
            continue
        history = allocation_history(budget, changes.get(budget.pk, []))
        try:
            should = allocation_should_be(budget, year, history=history, last_day=last_day)
        except (parameters.ParameterMissing, ValueError) as error:
            found.append(
                Violation(
                    RULE,
                    ErrorCode.ALLOCATION_NOT_COMPUTABLE,
                    NOT_COMPUTABLE,
                    params={"budget": budget.pk, "year": year, "reason": str(error)},
                )
            )
            continue
        booked = _cents(row["booked"])
        capped = year == last_day.year and booked > should and line <= 0
        if booked != should and not capped:
            found.append(
                Violation(
                    RULE,
                    ErrorCode.ALLOCATION_NOT_SETTLED,
                    NOT_SETTLED,
                    params={
                        **common,
                        "booked": format_eur(booked),
                        "should": format_eur(should),
                        "difference": format_eur(booked - should),
                    },
                )
            )
    return found
