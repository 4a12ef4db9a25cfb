"""Budgets with accepted cost lines to pay, and the agency users of a run (four eyes)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from budgetlijn.costs import services as costs
from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.tests.conftest import cost, make_pab, statement
from budgetlijn.costs.tests.helpers import FILED

POSTGRESQL_ONLY = frozenset({"test_concurrency_postgres.py"})


def _database_is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_ignore_collect(collection_path, config):
    """Threaded concurrency probes need PostgreSQL: on SQLite they are not collected."""
    if collection_path.name in POSTGRESQL_ONLY and not _database_is_postgresql():
        return True
    return None


def accept(budget, contract, *amounts, month=1, spread=True):
    """File one statement of wage costs of ``amounts`` (one line each, a month each from
    ``month`` on, or all in ``month`` when not ``spread``) and return its lines, accepted and
    committed."""
    lines = [
        cost(contract, Decimal(a), month=month + i if spread else month)
        for i, a in enumerate(amounts)
    ]
    result = costs.file_statement(statement(budget, *lines), filed_on=FILED)
    assert result.statement is not None, result.errors
    out = list(result.statement.lines.order_by("line_no"))
    assert all(line.outcome == Outcome.ACCEPTED for line in out), [x.violations for x in out]
    return out


def agency_user(username, *codenames):
    user = get_user_model().objects.create_user(
        username, password="geheim-1-wachtwoord", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def pab(db):
    return make_pab()


@pytest.fixture
def drafter(db):
    return agency_user("opmaker", "approve_paymentrun", "process_paymentrun")


@pytest.fixture
def approver(db):
    return agency_user("goedkeurder", "approve_paymentrun", "process_paymentrun")


TODAY = date.today
