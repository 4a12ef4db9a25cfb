"""Row locks for decisions that depend on a budget: one helper, one order (docs/decisions/0006).

Every use case that decides on a budget's state or balance locks rows through these functions,
always in this order, so two transactions never wait for each other in a circle (deadlock):

1. the **person** (``lock_person``, or ``person=True``), before any budget, when the
   transaction changes the person or allocates, starts or converts a budget of theirs (directly
   or through a use case it calls: ``approve_contract`` may call ``start_budget``);
2. the **budgets**, by ascending primary key, in one statement (``lock_budgets``; ``lock_budget``
   for one);
3. rows that belong to a locked budget (its contracts, ...), after their budget.

A lock already held is taken again without waiting, so a use case may call another one that
locks the same rows (the ledger's bookings inside ``start_budget``). What it may never do is
take a person's lock after a budget's: a use case that may end up locking the person passes
``person=True`` at its first lock.

Only the budget rows are locked (``FOR UPDATE OF``): the person read along with a budget
(``select_related``) is not, unless asked for with ``person=True``.

SQLite has no row locks: its transactions start IMMEDIATE (settings), which serializes the
writers of the whole database; these functions then just read the rows.

The ledger is on a lower floor than the dossiers: the models are looked up by name
(``apps.get_model``), never imported.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.apps import apps
from django.db import models

from budgetlijn.fast_insert import plain_in


def _model(name: str) -> type[models.Model]:
    return apps.get_model("dossiers", name)


def _pk(obj) -> int:
    return obj.pk if isinstance(obj, models.Model) else obj


def lock_person(person) -> models.Model:
    """Lock a person (instance or primary key); take it before any budget's lock."""
    return _model("Person").objects.select_for_update().get(pk=_pk(person))


def lock_budgets(budgets: Iterable, *, person: bool = False) -> list[models.Model]:
    """Lock budgets (instances or primary keys) in ascending primary key order, in one
    statement, and return them in that order with their person read along.

    With ``person=True`` the persons of these budgets are locked first (ascending primary key,
    one statement). Unknown primary keys are left out of the result.
    """
    budget_model = _model("Budget")
    ids = sorted({_pk(budget) for budget in budgets})
    if not ids:
        return []
    if person:
        person_ids = budget_model.objects.filter(pk__in=ids).values("person_id")
        list(
            _model("Person")
            .objects.select_for_update()
            .filter(pk__in=person_ids)
            .order_by("pk")
            .only("pk")
        )
    return list(
        budget_model.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=ids)
        .order_by("pk")
    )


class LockedBudget(NamedTuple):
    """What the bulk paths need of a locked budget, without building model instances."""

    pk: int
    kind: str
    person_id: int


def lock_budget_rows(budgets: Iterable) -> dict[int, LockedBudget]:
    """``lock_budgets`` for the bulk paths: the same lock, in the same order, in one statement,
    but each budget read as a ``LockedBudget`` (primary key, kind, person) instead of a model
    instance with its person (a cost file locks thousands of budgets per chunk). Unknown
    primary keys are left out."""
    return {
        pk: LockedBudget(pk, *row)
        for pk, row in lock_budget_values(budgets, "kind", "person_id").items()
    }


def lock_budget_values(budgets: Iterable, *fields: str) -> dict[int, tuple]:
    """``lock_budgets`` reading only ``fields`` of each budget, as a tuple (the payment run
    reads the person and the stop reason of thousands of budgets per chunk): the same lock, in
    the same order, in one statement. Keyed by primary key; unknown primary keys are left
    out."""
    ids = sorted({_pk(budget) for budget in budgets})
    if not ids:
        return {}
    rows = (
        _model("Budget")
        .objects.select_for_update(of=("self",))
        .filter(plain_in("pk", ids, int))
        .order_by("pk")
        .values_list("pk", *fields)
    )
    return {row[0]: row[1:] for row in rows}  # (pk, *fields) -> fields


def lock_budget(budget, *, person: bool = False) -> models.Model:
    """Lock one budget (instance or primary key), with its person first if ``person``.

    Raises ``Budget.DoesNotExist`` for an unknown budget."""
    locked = lock_budgets([budget], person=person)
    if not locked:
        raise _model("Budget").DoesNotExist(f"no budget {_pk(budget)}")
    return locked[0]
