"""Migration 0004 moves VIA supplements booked before it (and their reversals) from the
ENTITLEMENT bucket to VIA, through the append-only triggers, which it leaves in place."""

from importlib import import_module

import pytest
from django.db import connection

from budgetlijn.audit.tests.append_only import expected_triggers, triggers_on
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import funded_budget
from budgetlijn.ledger.tests.helpers import raw_insert

pytestmark = pytest.mark.django_db

migration = import_module("budgetlijn.ledger.migrations.0004_running_balances_and_buckets")


class Editor:
    """What the migration's function uses of a schema editor (the real one cannot run
    inside the test's transaction on SQLite)."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def quote_name(self, name):
        return connection.ops.quote_name(name)


def test_r27_old_via_supplements_and_their_reversals_move_to_the_via_bucket():
    budget = funded_budget(amount="1000.00")
    old = raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.VIA_SUPPLEMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="70.00",
    )
    reversal = raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.REVERSAL,
        bucket=Bucket.ENTITLEMENT,
        amount="-70.00",
        reverses_id=old.pk,
    )
    kept = raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="5.00",
    )
    migration._entry_buckets("VIA_SUPPLEMENT", "ENTITLEMENT", "VIA")(None, Editor())
    buckets = dict(Entry.objects.values_list("pk", "bucket"))
    assert (buckets[old.pk], buckets[reversal.pk], buckets[kept.pk]) == (
        Bucket.VIA,
        Bucket.VIA,
        Bucket.ENTITLEMENT,
    )
    found = triggers_on(Entry)
    del found["ledger_entry_running_balance"]
    found.pop("ledger_entry_open_commitments", None)  # migration 0005, when migrated that far
    assert found == expected_triggers(Entry)
