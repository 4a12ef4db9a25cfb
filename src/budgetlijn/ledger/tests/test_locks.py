"""One lock helper (ledger.locks), one order: the person, then budgets by ascending primary key."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.ledger.locks import (
    LockedBudget,
    lock_budget,
    lock_budget_rows,
    lock_budgets,
    lock_person,
)
from budgetlijn.ledger.tests.factories import BudgetFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _selects(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]


def _locks_rows(sql: str) -> bool:
    """The statement takes row locks (PostgreSQL), or: SQLite serializes writers instead."""
    if connection.features.has_select_for_update:
        return "FOR UPDATE" in sql
    return connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_lock_budgets_takes_all_rows_in_one_statement_in_ascending_pk_order():
    budgets = BudgetFactory.create_batch(3)
    given = [budgets[2], budgets[0].pk, budgets[1], budgets[2].pk]  # unordered, a duplicate
    with CaptureQueriesContext(connection) as queries:
        locked = lock_budgets(given)
    assert [b.pk for b in locked] == sorted(b.pk for b in budgets)
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    assert "dossiers_budget" in sql
    assert re.search(r'ORDER BY "dossiers_budget"\."id" ASC', sql)
    assert _locks_rows(sql)
    if connection.features.has_select_for_update_of:
        # only the budget rows: the person read along (select_related) is not locked
        assert re.search(r'FOR UPDATE OF "dossiers_budget"$', sql)
    # the person comes along without another query
    with CaptureQueriesContext(connection) as queries:
        assert [b.person.last_name for b in locked]
    assert queries.captured_queries == []


def test_lock_budget_rows_takes_the_same_lock_and_reads_pk_kind_and_person():
    """The bulk paths' lock: one statement, ascending primary keys, the budget rows only, and
    no model instance (unknown primary keys left out)."""
    budgets = BudgetFactory.create_batch(3)
    given = [budgets[2].pk, budgets[0], budgets[1].pk, budgets[2].pk, 987_654]
    with CaptureQueriesContext(connection) as queries:
        locked = lock_budget_rows(given)
    assert list(locked) == sorted(b.pk for b in budgets)
    for budget in budgets:
        assert locked[budget.pk] == LockedBudget(budget.pk, budget.kind, budget.person_id)
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    # ordered by the primary key (Django names it by its place in the select list: 1)
    assert sql.startswith('SELECT "dossiers_budget"."id" AS "pk"')
    assert re.search(r'ORDER BY ("dossiers_budget"\."id"|1) ASC', sql)
    assert _locks_rows(sql)
    if connection.features.has_select_for_update_of:
        assert re.search(r'FOR UPDATE OF "dossiers_budget"$', sql)
    assert lock_budget_rows([]) == {}


def test_lock_budgets_with_person_locks_the_persons_first():
    one = BudgetFactory()
    two = BudgetFactory(person=one.person)
    three = BudgetFactory()
    with CaptureQueriesContext(connection) as queries:
        locked = lock_budgets([three, one, two], person=True)
    assert [b.pk for b in locked] == sorted([one.pk, two.pk, three.pk])
    persons_sql, budgets_sql = _selects(queries)
    assert persons_sql.startswith('SELECT "dossiers_person"."id" FROM "dossiers_person" WHERE')
    assert re.search(r'ORDER BY "dossiers_person"\."id" ASC', persons_sql)
    assert _locks_rows(persons_sql)
    assert re.search(r'ORDER BY "dossiers_budget"\."id" ASC', budgets_sql)
    assert _locks_rows(budgets_sql)


def test_lock_budget_and_lock_person_return_the_rows():
    budget = BudgetFactory()
    assert lock_budget(budget.pk).pk == budget.pk
    assert lock_budget(budget, person=True).person == budget.person
    assert lock_person(budget.person_id) == budget.person
    assert lock_budgets([]) == []
    with pytest.raises(type(budget).DoesNotExist):
        lock_budget(budget.pk + 1000)


def test_start_budget_locks_the_person_before_the_budget():
    """start_budget changes the person (R5): the person's lock comes first, as everywhere."""
    from budgetlijn.dossiers import services as dossiers

    person = PersonFactory(care_allowance_since=date(2020, 1, 1))
    budget = BudgetFactory(person=person, status="ALLOCATED")
    with CaptureQueriesContext(connection) as queries:
        dossiers.start_budget(budget, on=date(2023, 2, 1))
    selects = _selects(queries)
    first_person = next(
        i for i, s in enumerate(selects) if s.startswith('SELECT "dossiers_person"')
    )
    first_budget = next(
        i for i, s in enumerate(selects) if s.startswith('SELECT "dossiers_budget"')
    )
    assert first_person < first_budget
    person.refresh_from_db()
    assert person.care_allowance_stopped_on == date(2023, 2, 1)
