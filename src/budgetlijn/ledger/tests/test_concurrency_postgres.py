"""Concurrency probes against a real PostgreSQL server (R26, idempotency keys).

Several threads, each with its own database connection, start together at a barrier and
write to the same budget. Only PostgreSQL has row locks (SELECT ... FOR UPDATE) and concurrent
writers, so this module is collected only when DATABASE_URL points at PostgreSQL (see
``pytest_ignore_collect`` in this folder's conftest.py); on SQLite it is not collected at all,
so it never shows as skipped. Run it with ``make test-postgres`` or
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/ledger/tests``.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import funded_budget
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
YEAR = 2024
BARRIER_TIMEOUT = 60  # a safety net against a hung thread, not a timing assertion


def run_together(work, count=THREADS):
    """Run ``work(i)`` in ``count`` threads that start together; return (results, errors)
    by thread index. Each thread uses its own connection and closes it at the end."""
    barrier = threading.Barrier(count, timeout=BARRIER_TIMEOUT)
    results: dict[int, object] = {}
    errors: dict[int, BaseException] = {}

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(BARRIER_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


def test_the_probe_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_r26_concurrent_payments_never_overspend_the_budget_line():
    """Eight payments of 300,00 against a line of 1 000,00: three fit, five are refused."""
    budget = funded_budget(year=YEAR, amount="1000.00")

    def pay(i):
        return services.pay(
            budget=budget.pk,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount=Decimal("300.00"),
            reason=f"Kostenstaat {i}",
        )

    results, errors = run_together(pay)

    assert len(results) == 3
    assert len(errors) == THREADS - 3
    for exc in errors.values():
        assert isinstance(exc, RuleViolations), repr(exc)
        assert [v.code for v in exc.violations] == [ErrorCode.BUDGET_LINE_EXCEEDED]
    paid = Entry.objects.filter(budget=budget, year=YEAR, bucket=Bucket.PAID)
    assert paid.count() == 3
    assert sum(e.amount for e in paid) == Decimal("900.00")
    assert selectors.budget_line(budget, YEAR) == Decimal("100.00")


def test_r26_concurrent_payments_that_all_fit_all_pass():
    budget = funded_budget(year=YEAR, amount="2400.00")

    def pay(i):
        return services.pay(
            budget=budget.pk,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount=Decimal("300.00"),
            reason=f"Kostenstaat {i}",
        )

    results, errors = run_together(pay)

    assert errors == {}
    assert len({entry.pk for entry in results.values()}) == THREADS
    assert selectors.budget_line(budget, YEAR) == Decimal("0.00")


def test_one_idempotency_key_used_at_once_books_one_entry():
    """Eight requests with the same key and amount: one entry; every request gets it back."""
    budget = funded_budget(year=YEAR, amount="1000.00")

    def pay(i):
        return services.pay(
            budget=budget.pk,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount=Decimal("250.00"),
            reason="Kostenstaat maart",
            idempotency_key="kostenstaat-2024-03",
        )

    results, errors = run_together(pay)

    assert errors == {}
    assert len(results) == THREADS
    assert len({entry.pk for entry in results.values()}) == 1
    assert Entry.objects.filter(idempotency_key="kostenstaat-2024-03").count() == 1
    assert selectors.budget_line(budget, YEAR) == Decimal("750.00")


def test_one_idempotency_key_booked_at_once_books_one_allocation():
    budget = funded_budget(year=YEAR - 1, amount="1000.00")

    def book(i):
        return services.book(
            budget=budget.pk,
            year=YEAR,
            kind=EntryKind.ALLOCATION,
            amount=Decimal("12000.00"),
            reason="Toekenningsbrief",
            idempotency_key="toekenning-2024",
        )

    results, errors = run_together(book)

    assert errors == {}
    assert len({entry.pk for entry in results.values()}) == 1
    assert Entry.objects.filter(budget=budget, year=YEAR, kind=EntryKind.ALLOCATION).count() == 1
    assert selectors.budget_line(budget, YEAR) == Decimal("12000.00")


# --- the batch path (ledger.batch.book_batch) ---------------------------------------------


def test_r26_two_batches_for_one_budget_at_once_never_together_pass_the_line():
    """Two connections each book four commitments of 150,00 on a line of 1 000,00: one batch
    books all four, the other the two that still fit, whichever goes first."""
    from budgetlijn.ledger.batch import BatchStatus, BookingRequest, book_batch
    from budgetlijn.ledger.invariants import check_ledger

    budget = funded_budget(year=YEAR, amount="1000.00")
    other = funded_budget(year=YEAR, amount="1000.00")

    def batch(i):
        # both batches also touch another budget, the second in the opposite request order:
        # the locks are still taken in primary key order, so they never deadlock
        requests = [
            BookingRequest(
                budget_id=budget.pk if n % 2 == 0 else other.pk,
                year=YEAR,
                kind=EntryKind.COMMITMENT,
                amount=Decimal("150.00") if n % 2 == 0 else Decimal("1.00"),
                reason=f"Kostenstaat {i}-{n}",
                idempotency_key=f"batch-{i}-{n}",
            )
            for n in range(8)
        ]
        return book_batch(requests if i == 0 else requests[::-1])

    results, errors = run_together(batch, count=2)

    assert errors == {}
    on_budget = results[0][0::2] + results[1][1::2]  # the 150,00 requests
    created = [r for r in on_budget if r.status == BatchStatus.CREATED]
    refused = [r for r in on_budget if r.status != BatchStatus.CREATED]
    assert len(created) == 6
    assert all(r.status == BatchStatus.CREATED for r in results[0][1::2] + results[1][0::2])
    assert {r.status for r in refused} == {BatchStatus.EXCEEDS_BUDGET_LINE}
    assert selectors.budget_line(budget, YEAR) == Decimal("100.00")
    assert selectors.budget_line(other, YEAR) == Decimal("992.00")
    assert check_ledger() == []


def test_r26_a_batch_and_single_payments_at_once_never_together_pass_the_line():
    from budgetlijn.ledger.batch import BatchStatus, BookingRequest, book_batch

    budget = funded_budget(year=YEAR, amount="1000.00")

    def work(i):
        if i == 0:
            return book_batch(
                [
                    BookingRequest(
                        budget_id=budget.pk,
                        year=YEAR,
                        kind=EntryKind.COMMITMENT,
                        amount=Decimal("300.00"),
                        reason=f"Kostenstaat {n}",
                    )
                    for n in range(3)
                ]
            )
        return services.pay(
            budget=budget.pk,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount=Decimal("300.00"),
            reason=f"Betaling {i}",
        )

    results, errors = run_together(work, count=4)

    batch_created = sum(r.status == BatchStatus.CREATED for r in results.get(0, []))
    singles = len(results) - (1 if 0 in results else 0)
    assert batch_created + singles == 3
    assert all(isinstance(e, RuleViolations) for e in errors.values())
    assert selectors.budget_line(budget, YEAR) == Decimal("100.00")
