"""A PAB of EUR 20 000 for 2023 (a specific amount, started on 1 January) with an approved
employment contract: the budget of the seed's VIA4 example (seed 003 §5)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory

ACCOUNT = dossiers.AccountInput("BE68 5390 0754 7034", "Peeters Lotte", "REPRESENTATIVE")
YEARLY = Decimal("20000.00")


def allocate(child, parents, amount=YEARLY, allocated_on=date(2022, 12, 1)):
    return dossiers.allocate_budget(
        person=child,
        kind="PAB",
        category="II",
        band=2,
        specific_amount=amount,
        allocated_on=allocated_on,
        letter_received_on=allocated_on,
        holders=[dossiers.HolderInput(p, "PARENT") for p in parents],
        account=ACCOUNT,
    )


def make_pab(yearly=YEARLY):
    """A PAB of ``yearly`` for 2023 with an approved employment contract for all of 2023."""
    child = PersonFactory(first_name="Noor", last_name="Peeters", birth_date=date(2015, 3, 14))
    mother = RelationFactory(person=child, kind="PARENT").relative
    father = RelationFactory(person=child, kind="PARENT").relative
    budget = allocate(child, [mother, father], amount=yearly)
    contract = contracts.register_contract(
        budget=budget,
        data=employment(
            start_date=date(2023, 1, 1),
            end_date=date(2023, 12, 31),
            holder_signed_on=date(2022, 12, 20),
            counterparty_signed_on=date(2022, 12, 20),
            weekly_hours=Decimal("38.00"),
        ),
        on=date(2023, 1, 1),
    )
    contracts.approve_contract(contract, on=date(2023, 1, 3))
    budget.refresh_from_db()
    contract.refresh_from_db()
    return {"budget": budget, "contract": contract, "child": child, "mother": mother}


@pytest.fixture
def pab(db):
    return make_pab()


def cost(contract, amount, kind="WAGE", month=1, **overrides):
    """A cost line of ``kind`` for one month of 2023."""
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
    line = {
        "contract_id": contract.pk,
        "cost_kind": kind,
        "booking_type": "COST",
        "period_from": date(2023, month, 1),
        "period_to": date(2023, month, last),
        "amount": str(amount),
    }
    line.update(overrides)
    return line


def statement(budget, *lines, year=2023, **extra):
    return {"budget_id": budget.pk, "year": year, "lines": list(lines), **extra}


POSTGRESQL_ONLY = frozenset({"test_concurrency_postgres.py"})


def _database_is_postgresql() -> bool:
    # The vendor, not the engine's path (as in ledger/tests/conftest.py).
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_ignore_collect(collection_path, config):
    """Threaded concurrency probes need PostgreSQL (row locks, concurrent writers): on SQLite
    they are not collected, so they never show up as skipped."""
    if collection_path.name in POSTGRESQL_ONLY and not _database_is_postgresql():
        return True
    return None
