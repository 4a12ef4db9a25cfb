"""Entries are never changed or deleted: by the model, and by triggers on every backend."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.audit.tests.append_only import (
    assert_database_refuses_changes,
    assert_model_refuses_changes,
    assert_only_the_test_flush_empties_the_table,
    expected_triggers,
    triggers_on,
)
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry, LedgerIsAppendOnly
from budgetlijn.ledger.tests.factories import allocate
from budgetlijn.ledger.tests.helpers import raw_insert
from budgetlijn.parameters import overrides
from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.parameters.services import add_override

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


def test_the_model_refuses_every_change(entry):
    assert_model_refuses_changes(entry, LedgerIsAppendOnly, "amount", Decimal("1.00"))


def test_the_database_refuses_update_and_delete_on_every_backend(entry):
    """Raw SQL, past the model: the triggers refuse (PostgreSQL and SQLite alike)."""
    assert_database_refuses_changes(entry, "amount", "1", "alleen aangevuld")


def test_the_migrated_database_has_the_triggers():
    found = triggers_on(Entry)
    # the running balances' AFTER INSERT trigger (migration 0004), tested in test_running_balances
    assert "ledger_entry_running_balance" in found
    del found["ledger_entry_running_balance"]
    # the open commitments' AFTER INSERT trigger (migration 0005), tested in
    # test_open_commitments
    assert "ledger_entry_open_commitments" in found
    del found["ledger_entry_open_commitments"]
    assert found == expected_triggers(Entry)


def test_only_the_test_flush_empties_the_ledger(entry):
    assert_only_the_test_flush_empties_the_table(entry, "alleen aangevuld")


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_empties_the_append_only_tables_and_keeps_them_guarded(budget):
    """What runs between transactional tests: every append-only table emptied, and after it
    the triggers refuse again (the permit lived only in the flush's transaction)."""
    entry = allocate(budget, amount="1000.00")
    try:
        override = add_override(
            name="pab.yearly_amount.I.1",
            valid_from=date(2030, 1, 1),
            value=Decimal("12500.00"),
            reference="flush-test",
        )
        models = (Entry, AuditEvent, ParameterOverride)
        assert all(model.objects.exists() for model in models)
        call_command("flush", interactive=False, verbosity=0)
        assert not any(model.objects.exists() for model in models)
        event = record(action=AuditEvent.Action.COMMAND, obj=override, summary="na de flush")
        assert_database_refuses_changes(event, "summary", "'x'", "alleen aangevuld")
    finally:
        overrides.cache.invalidate()
    assert entry.pk


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
