"""The threaded probes (test_concurrency_postgres.py) must run in the PostgreSQL suite: the check
that leaves them out on SQLite must say PostgreSQL whenever the suite runs on it (it once read
the engine's path, which the test settings replace, and so left them out everywhere)."""

import os

from budgetlijn.ledger.tests.conftest import POSTGRESQL_ONLY, _database_is_postgresql


def test_the_postgresql_only_probes_are_collected_exactly_when_the_suite_runs_on_postgresql():
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    assert _database_is_postgresql() is on_postgresql
    assert POSTGRESQL_ONLY == {"test_concurrency_postgres.py"}
