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
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_ignore_collect(collection_path, config):
    """Threaded concurrency probes need PostgreSQL (row locks, concurrent writers): on SQLite
    they are not collected, so they never show up as skipped."""
    if collection_path.name in POSTGRESQL_ONLY and not _database_is_postgresql():
        return True
    return None
