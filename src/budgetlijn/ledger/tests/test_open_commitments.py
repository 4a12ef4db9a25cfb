"""The queue of open commitments (``ledger.OpenCommitment``), kept by a trigger on the entry
table for every way an entry is inserted, equals the anti-join ``check_ledger`` computes."""

from decimal import Decimal

import pytest
from django.db import connection

from budgetlijn.ledger import open_commitments, services
from budgetlijn.ledger.batch import BookingRequest, book_batch
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.invariants import open_commitments as open_commitments_check
from budgetlijn.ledger.models import Entry, OpenCommitment, OpenCommitmentsAreReadOnly
from budgetlijn.ledger.tests.factories import funded_budget
from budgetlijn.ledger.tests.helpers import raw_insert

pytestmark = pytest.mark.django_db

YEAR = 2024


def queued(budget=None) -> set[int]:
    rows = OpenCommitment.objects.all()
    if budget is not None:
        rows = rows.filter(budget=budget)
    return set(rows.values_list("entry_id", flat=True))


def commit(budget, amount="10.00", year=YEAR):
    return services.pay(
        budget=budget, year=year, kind=EntryKind.COMMITMENT, amount=amount, reason="kost"
    )


def test_a_commitment_is_queued_and_leaves_the_queue_when_released_or_paid():
    budget = funded_budget(amount="1000.00")
    first, second, third = commit(budget), commit(budget, "20.00"), commit(budget, "5.00")
    assert queued(budget) == {first.pk, second.pk, third.pk}
    assert OpenCommitment.objects.get(entry=first).year == YEAR
    services.release_commitment(first, reason="niet betaald")
    [result] = book_batch(
        [
            BookingRequest(
                budget_id=budget.pk,
                year=YEAR,
                kind=EntryKind.REIMBURSEMENT,
                amount=Decimal("20.00"),
                reason="betaald",
                releases_entry_id=second.pk,
            )
        ]
    )
    assert result.ok
    assert queued(budget) == {third.pk}
    # other entries (allocations, payouts) are never queued
    assert not OpenCommitment.objects.exclude(entry__kind=EntryKind.COMMITMENT).exists()
    assert check_ledger() == []


def test_commitments_inserted_in_bulk_and_around_the_services_are_queued():
    budget = funded_budget(amount="1000.00")
    results = book_batch(
        [
            BookingRequest(
                budget_id=budget.pk,
                year=YEAR,
                kind=EntryKind.COMMITMENT,
                amount=Decimal(cents) / 100,
                reason="kost",
            )
            for cents in (101, 202, 303)
        ]
    )
    raw = raw_insert(
        budget_id=budget.pk,
        year=YEAR,
        kind=EntryKind.COMMITMENT,
        bucket=Bucket.COMMITTED,
        amount="4.04",
    )
    assert queued(budget) == {r.entry_id for r in results} | {raw.pk}
    raw_insert(
        budget_id=budget.pk,
        year=YEAR,
        kind=EntryKind.REVERSAL,
        bucket=Bucket.COMMITTED,
        amount="-4.04",
        reverses_id=raw.pk,
    )
    assert raw.pk not in queued(budget)
    assert open_commitments_check() == []


def test_the_queue_is_not_written_by_the_application():
    budget = funded_budget(amount="1000.00")
    entry = commit(budget)
    row = OpenCommitment.objects.get(entry=entry)
    with pytest.raises(OpenCommitmentsAreReadOnly):
        row.save()
    with pytest.raises(OpenCommitmentsAreReadOnly):
        row.delete()
    with pytest.raises(OpenCommitmentsAreReadOnly):
        OpenCommitment.objects.filter(entry=entry).delete()
    with pytest.raises(OpenCommitmentsAreReadOnly):
        OpenCommitment.objects.filter(entry=entry).update(year=2030)
    with pytest.raises(OpenCommitmentsAreReadOnly):
        OpenCommitment.objects.bulk_create([OpenCommitment(entry=entry, budget=budget, year=1)])
    assert queued(budget) == {entry.pk}


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_check_ledger_finds_a_commitment_missing_from_the_queue_and_a_stray_one():
    budget = funded_budget(amount="1000.00")
    missing, paid = commit(budget), commit(budget, "3.00")
    services.release_commitment(paid, reason="x")
    _sql("DELETE FROM ledger_opencommitment WHERE entry_id = %s", [missing.pk])
    _sql(
        "INSERT INTO ledger_opencommitment (entry_id, budget_id, year) VALUES (%s, %s, %s)",
        [paid.pk, budget.pk, YEAR],
    )
    found = open_commitments_check()
    assert [(v.code, v.params["entry"], v.params["state"]) for v in found] == [
        (ErrorCode.OPEN_COMMITMENTS_MISMATCH, missing.pk, "open"),
        (ErrorCode.OPEN_COMMITMENTS_MISMATCH, paid.pk, "niet open"),
    ]
    assert "open vastleggingen" in found[0].message
    assert ErrorCode.OPEN_COMMITMENTS_MISMATCH in [v.code for v in check_ledger()]


class _Editor:
    """What ``backfill`` uses of a schema editor (SQLite's cannot open inside a test's
    transaction)."""

    connection = connection

    def execute(self, sql, params=None):
        _sql(sql, params)


def test_the_migrations_backfill_queues_what_the_trigger_keeps():
    budget = funded_budget(amount="1000.00")
    kept = [commit(budget), commit(budget, "2.00")]
    services.release_commitment(commit(budget, "3.00"), reason="x")
    before = queued()
    _sql("DELETE FROM ledger_opencommitment", [])
    open_commitments.backfill(_Editor())
    assert queued() == before == {entry.pk for entry in kept}
    assert Entry.objects.filter(pk__in=before, kind=EntryKind.COMMITMENT).count() == 2
