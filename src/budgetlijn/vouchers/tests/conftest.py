"""A PVB of EUR 12 000 for 2023 (its letter's own amount), spent in cash and voucher with an
estimated cash part of EUR 4 000 (so a voucher part of EUR 8 000), and a licensed provider
with an approved voucher contract for 2023."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.assistance.tests.factories import OrganisationFactory
from budgetlijn.contracts import services as contracts
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory

ACCOUNT = dossiers.AccountInput("BE68 5390 0754 7034", "Wouters Jan", "HOLDER")


def voucher_contract(organisation, **overrides):
    data = {
        "type_code": "PVB_LICENSED_PROVIDER",
        "payment_mode": "VOUCHER",
        "counterparty_kind": "ENTERPRISE",
        "counterparty_name": organisation.name,
        "counterparty_enterprise_number": organisation.enterprise_number,
        "provider_kind": "LICENSED",
        "start_date": date(2023, 1, 1),
        "end_date": date(2023, 12, 31),
        "notice_terms": "Drie maanden",
        "task_description": "Dagondersteuning",
        "payment_terms": "Voucher, maandelijks gefactureerd aan het VAPH",
        "holder_signed_on": date(2022, 12, 20),
        "counterparty_signed_on": date(2022, 12, 20),
        "support_function": "DAY_SUPPORT",
    }
    data.update(overrides)
    return data


def make_world(payment_mode="COMBINATION", cash=Decimal("4000.00")):
    person = PersonFactory(first_name="Jan", last_name="Wouters", birth_date=date(1980, 5, 1))
    budget = dossiers.allocate_budget(
        person=person,
        kind="PVB",
        scheme="old",
        category="V",
        specific_amount=Decimal("12000.00"),
        allocated_on=date(2023, 1, 1),
        letter_received_on=date(2023, 1, 1),
        holders=[dossiers.HolderInput(person, "SELF")],
        account=ACCOUNT,
        payment_mode=payment_mode,
        estimated_cash_amount=cash,
    )
    provider = OrganisationFactory(kind=OrganisationKind.LICENSED_PROVIDER, licensed=True)
    contract = contracts.register_contract(
        budget=budget, data=voucher_contract(provider), on=date(2023, 1, 2)
    )
    contracts.approve_contract(contract, on=date(2023, 1, 5))
    budget.refresh_from_db()
    contract.refresh_from_db()
    return {"budget": budget, "provider": provider, "contract": contract}


@pytest.fixture
def world(db):
    return make_world()


def line(world, amount, month=5, **overrides):
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
    values = {
        "budget_id": world["budget"].pk,
        "contract_id": world["contract"].pk,
        "period_from": date(2023, month, 1),
        "period_to": date(2023, month, last),
        "amount": str(amount),
    }
    values.update(overrides)
    return values


POSTGRESQL_ONLY = frozenset({"test_concurrency_postgres.py"})


def pytest_ignore_collect(collection_path, config):
    """Threaded probes need PostgreSQL; on SQLite they are not collected (never skipped)."""
    from django.db import connection

    if collection_path.name in POSTGRESQL_ONLY and connection.vendor != "postgresql":
        return True
    return None
