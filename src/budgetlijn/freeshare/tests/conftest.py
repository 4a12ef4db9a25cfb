"""Budgets for free-share requests: a PVB of old category V allocated on 1 September 2023 (seed
001's example) and a PAB of EUR 20 000 for 2023 (costs' test budget), both started."""

from datetime import date

import pytest

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory

ACCOUNT = dossiers.AccountInput("BE68 5390 0754 7034", "Wouters Jan", "HOLDER")


def make_pvb(category="V", allocated_on=date(2023, 9, 1), started_on=date(2023, 9, 15)):
    person = PersonFactory(first_name="Jan", last_name="Wouters", birth_date=date(1980, 5, 1))
    budget = dossiers.allocate_budget(
        person=person,
        kind="PVB",
        scheme="old",
        category=category,
        allocated_on=allocated_on,
        letter_received_on=allocated_on,
        holders=[dossiers.HolderInput(person, "SELF")],
        account=ACCOUNT,
    )
    if started_on is not None:
        budget = dossiers.start_budget(budget, on=started_on)
    budget.refresh_from_db()
    return budget


@pytest.fixture
def pvb(db):
    return make_pvb()


@pytest.fixture
def pab(db):
    return make_pab()["budget"]


POSTGRESQL_ONLY = frozenset({"test_concurrency_postgres.py"})


def pytest_ignore_collect(collection_path, config):
    """Threaded probes need PostgreSQL; on SQLite they are not collected (never skipped)."""
    from django.db import connection

    if collection_path.name in POSTGRESQL_ONLY and connection.vendor != "postgresql":
        return True
    return None
