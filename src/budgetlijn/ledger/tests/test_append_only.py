"""Entries are never changed or deleted: by the model everywhere, by a trigger on PostgreSQL."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry, LedgerIsAppendOnly
from budgetlijn.ledger.tests.factories import allocate
from budgetlijn.ledger.tests.helpers import raw_insert

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(budget):
    return allocate(budget, amount="1000.00")


def _amount_in_db(entry) -> Decimal:
    return Entry.objects.values_list("amount", flat=True).get(pk=entry.pk)


def test_save_of_an_existing_entry_raises(entry):
    entry.amount = Decimal("1.00")
    with pytest.raises(LedgerIsAppendOnly, match="alleen aangevuld"):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.save(update_fields=["amount"])
    assert _amount_in_db(entry) == Decimal("1000.00")


def test_a_new_instance_with_an_existing_pk_does_not_overwrite(entry):
    copy = Entry(
        pk=entry.pk,
        budget_id=entry.budget_id,
        year=entry.year,
        kind=entry.kind,
        bucket=entry.bucket,
        amount=Decimal("1.00"),
        effective_date=entry.effective_date,
        reason="overschrijven",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert _amount_in_db(entry) == Decimal("1000.00")


def test_delete_raises(entry):
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_raise(entry):
    with pytest.raises(LedgerIsAppendOnly):
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(LedgerIsAppendOnly):
        Entry.objects.all().delete()
    with pytest.raises(LedgerIsAppendOnly):
        entry.amount = Decimal("2.00")
        Entry.objects.bulk_update([entry], ["amount"])
    assert _amount_in_db(entry) == Decimal("1000.00")


def test_budget_with_entries_cannot_be_deleted(entry):
    with pytest.raises(ProtectedError):
        entry.budget.delete()


def test_the_backend_in_use_refuses_changes(entry):
    """PostgreSQL: the trigger refuses raw UPDATE and DELETE. SQLite has no trigger (Django's
    test flush deletes rows there): the model refuses, and no trigger exists."""
    table = connection.ops.quote_name(Entry._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
                cursor.execute(f"UPDATE {table} SET amount = 1 WHERE id = %s", [entry.pk])
            with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
            cursor.execute(
                "SELECT tgtype FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [Entry._meta.db_table],
            )
            types = [row[0] for row in cursor.fetchall()]
        # one row-level BEFORE trigger for UPDATE and DELETE, none for TRUNCATE (bit 32)
        assert len(types) == 1
        assert types[0] & 32 == 0
    else:
        entry.amount = Decimal("1.00")
        with pytest.raises(LedgerIsAppendOnly):
            entry.save()
        with pytest.raises(LedgerIsAppendOnly):
            entry.delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [Entry._meta.db_table],
            )
            assert cursor.fetchall() == []
    assert _amount_in_db(entry) == Decimal("1000.00")
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_a_zero_amount(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert(
            budget_id=budget.pk,
            year=2024,
            kind=EntryKind.ALLOCATION,
            bucket=Bucket.ENTITLEMENT,
            amount="0.00",
        )


def test_database_refuses_a_reversal_without_the_reversed_entry(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert(
            budget_id=budget.pk,
            year=2024,
            kind=EntryKind.REVERSAL,
            bucket=Bucket.ENTITLEMENT,
            amount="-5.00",
        )


def test_database_refuses_a_link_from_an_entry_that_is_no_reversal(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert(
            budget_id=entry.budget_id,
            year=2024,
            kind=EntryKind.ADJUSTMENT,
            bucket=Bucket.ENTITLEMENT,
            amount="-5.00",
            reverses_id=entry.pk,
        )


def test_database_refuses_a_second_reversal_of_one_entry(entry):
    raw_insert(
        budget_id=entry.budget_id,
        year=2024,
        kind=EntryKind.REVERSAL,
        bucket=Bucket.ENTITLEMENT,
        amount="-1000.00",
        reverses_id=entry.pk,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert(
            budget_id=entry.budget_id,
            year=2024,
            kind=EntryKind.REVERSAL,
            bucket=Bucket.ENTITLEMENT,
            amount="-1000.00",
            reverses_id=entry.pk,
        )
