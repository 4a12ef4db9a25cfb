import pytest

from budgetlijn.ledger.tests.factories import BudgetFactory, UserFactory


@pytest.fixture
def budget():
    return BudgetFactory()


@pytest.fixture
def user():
    return UserFactory()


POSTGRESQL_ONLY = frozenset({"test_concurrency_postgres.py"})


def _database_is_postgresql() -> bool:
    # The vendor, not the engine's path: the test settings use their own backends
    # (budgetlijn.conf.testdb.postgresql), which are PostgreSQL all the same.
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_ignore_collect(collection_path, config):
    """Threaded concurrency probes need PostgreSQL (row locks, concurrent writers): on SQLite
    they are not collected, so they never show up as skipped."""
    if collection_path.name in POSTGRESQL_ONLY and not _database_is_postgresql():
        return True
    return None
