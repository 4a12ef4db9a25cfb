"""The use cases that may lock a person lock it before any budget (ledger.locks, 0006)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.contracts import services
from budgetlijn.contracts.tests.conftest import ACCOUNT
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _first_lock_of(queries, table: str) -> int:
    statements = [q["sql"] for q in queries.captured_queries]
    return next(i for i, sql in enumerate(statements) if sql.startswith(f'SELECT "{table}"'))


def test_allocate_budget_locks_the_person_first():
    person = PersonFactory(birth_date=date(1980, 5, 1))
    with CaptureQueriesContext(connection) as queries:
        dossiers.allocate_budget(
            person=person,
            kind="PVB",
            scheme="old",
            category="V",
            allocated_on=date(2023, 9, 1),
            letter_received_on=date(2023, 9, 4),
            holders=[dossiers.HolderInput(person, "SELF")],
            account=ACCOUNT,
        )
    first = queries.captured_queries[_first_lock_of(queries, "dossiers_person")]["sql"]
    assert '"dossiers_person"."id" = ' in first
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in first


def test_approving_the_first_contract_locks_the_person_before_the_budget(family):
    """Approval may start the budget, which changes the person (R5): person first."""
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    with CaptureQueriesContext(connection) as queries:
        services.approve_contract(contract, on=date(2023, 3, 2))
    assert _first_lock_of(queries, "dossiers_person") < _first_lock_of(queries, "dossiers_budget")
    budget.refresh_from_db()
    assert budget.status == "STARTED"
