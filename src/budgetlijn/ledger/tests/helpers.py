"""Test helpers: a rolled-back block per hypothesis example, and raw inserts to make breaches."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from budgetlijn.ledger.models import Entry


@contextmanager
def rolled_back():
    """Run a block in a transaction that is always rolled back (one hypothesis example)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def raw_insert(
    *, budget_id, year, kind, bucket, amount, reverses_id=None, reason="ruwe invoer", key=None
):
    """Insert an entry with plain SQL, around the model and the services (to make a breach)."""
    ops = connection.ops
    table = ops.quote_name(Entry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (budget_id, year, kind, bucket, amount, effective_date, "
            "booked_at, reason, reverses_id, created_by_id, idempotency_key) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, %s)",
            [
                budget_id,
                year,
                kind,
                bucket,
                ops.adapt_decimalfield_value(Decimal(amount), 12, 2),
                ops.adapt_datefield_value(date(year, 6, 1)),
                ops.adapt_datetimefield_value(timezone.now()),
                reason,
                reverses_id,
                key,
            ],
        )
    return Entry.objects.order_by("-pk").first()
