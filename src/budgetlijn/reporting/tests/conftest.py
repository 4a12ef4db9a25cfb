from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from budgetlijn.parameters import overrides
from budgetlijn.reporting.tests.factories import make_user
from budgetlijn.rules import parameters

DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def database_overrides():
    """Package parameter files with the database-backed override source and an empty cache
    (a rolled-back test sends no signal, so the cache is dropped around each test)."""
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()


@pytest.fixture(scope="module")
def demo_2022(django_db_setup, django_db_blocker):
    """``load_demo --scale 0``: exactly the 124 convenants of 2022 (seed 000), loaded once per
    module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with parameters.isolated(override_source=overrides.cache.values_for):
                call_command(
                    "load_demo",
                    "--scale",
                    "0",
                    "--seed",
                    "11",
                    "--today",
                    DEMO_TODAY.isoformat(),
                    stdout=StringIO(),
                )
            yield
            transaction.set_rollback(True)


@pytest.fixture
def analyst(db):
    return make_user("analist", analyst=True)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client
