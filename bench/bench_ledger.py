#!/usr/bin/env python
"""make bench-ledger: time the ledger's single and batch paths, on a throwaway database.

    python bench/bench_ledger.py [--history 20000] [--entries 10000] [--budgets 2000]
                                 [--runs 3] [--postgres]

Prints two lines (docs/decisions/0014):

- ``ledger history:`` entries a second through ``pay()`` for a budget's entries 1-1000 and
  for its entries (history-1000)-history, and their ratio (1.0 means a booking costs the
  same however long the budget's history; before the running balances it fell with it). The
  history between the two timed stretches is inserted in bulk (the trigger keeps the running
  balance as for any insert).
- ``ledger batch:`` entries a second through ``book_batch`` for ``--entries`` commitments over
  ``--budgets`` budgets (one call, one transaction, idempotency keys, audit rows), against a
  bare ``executemany`` of the same rows into the entry table, measured in the same run, and
  the ratio. Both are rolled back after each run, so every run starts from the same state;
  the median of ``--runs`` runs counts. The entry table keeps its running-balance trigger in
  the baseline too: it is part of the table.

SQLite by default: a new file in a temporary directory, deleted afterwards. ``--postgres``
uses the DATABASE_URL of the environment (``bash scripts/test-postgres.sh python
bench/bench_ledger.py --postgres`` gives a throwaway cluster).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024


def _setup(postgres: bool) -> str | None:
    directory = None
    if not postgres:
        directory = tempfile.mkdtemp(
            prefix="budgetlijn-bench-ledger-", dir=os.environ.get("BENCH_DIR")
        )
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--postgres needs DATABASE_URL pointing at PostgreSQL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgetlijn.conf.dev")
    os.environ["DEBUG"] = "false"  # no query log: it would be timed too
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return directory


_made = [0]


def _budgets(count: int) -> list:
    """``count`` started budgets with their persons, inserted in bulk."""
    first = _made[0]
    _made[0] += count
    from datetime import date

    from budgetlijn.dossiers.models import Budget, Person
    from budgetlijn.ledger.tests.factories import national_number

    persons = Person.objects.bulk_create(
        Person(
            first_name=f"Bench{i}",
            last_name="Grootboek",
            birth_date=date(1980, 1, 1),
            national_number=national_number(date(1980 - i // 997, 1, 1), i % 997 + 1),
            province="ANT",
            municipality="Antwerpen",
        )
        for i in range(first, first + count)
    )
    return Budget.objects.bulk_create(
        Budget(
            person=person,
            kind="PVB",
            scheme="old",
            category="V",
            status="STARTED",
            allocated_on=date(2023, 1, 10),
            letter_received_on=date(2023, 1, 14),
        )
        for person in persons
    )


def _allocate(budgets, amount) -> None:
    from budgetlijn.ledger.batch import BookingRequest, book_batch
    from budgetlijn.ledger.constants import EntryKind

    results = book_batch(
        [
            BookingRequest(budget.pk, YEAR, EntryKind.ALLOCATION, Decimal(amount), "bench")
            for budget in budgets
        ]
    )
    assert all(result.ok for result in results)


def _pay_rate(budget, count: int, start: int) -> float:
    from budgetlijn.ledger import services
    from budgetlijn.ledger.constants import EntryKind

    started = time.perf_counter()
    for i in range(count):
        services.pay(
            budget=budget,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount=Decimal("0.01"),
            reason="bench",
            idempotency_key=f"history:{start + i}",
        )
    return count / (time.perf_counter() - started)


def history(total: int) -> None:
    from datetime import date

    from budgetlijn.ledger.constants import Bucket, EntryKind
    from budgetlijn.ledger.models import BudgetYearBalance, Entry

    stretch = min(1000, total // 2)
    [budget] = _budgets(1)
    _allocate([budget], "10000000.00")
    first = _pay_rate(budget, stretch, 0)
    gap = total - 2 * stretch - 1  # the allocation is the budget's first entry
    Entry.objects.bulk_create(
        (
            Entry(
                budget=budget,
                year=YEAR,
                kind=EntryKind.COMMITMENT,
                bucket=Bucket.COMMITTED,
                amount=Decimal("0.01"),
                effective_date=date(YEAR, 3, 1),
                reason="bench history",
            )
            for _ in range(gap)
        ),
        batch_size=5000,
    )
    last = _pay_rate(budget, stretch, stretch)
    entries = BudgetYearBalance.objects.get(budget=budget, year=YEAR).entries
    print(
        f"ledger history: pay() {first:.0f} entries/s at entries 2-{stretch + 1}, "
        f"{last:.0f} entries/s at entries {entries - stretch + 1}-{entries} of one budget, "
        f"ratio {last / first:.2f}"
    )


def _rows(budgets, count: int):
    from django.utils import timezone

    from budgetlijn.ledger.constants import Bucket, EntryKind

    now = timezone.now()
    return [
        (
            budgets[i % len(budgets)].pk,
            YEAR,
            EntryKind.COMMITMENT,
            Bucket.COMMITTED,
            Decimal("1.00") + Decimal(i % 97).scaleb(-2),
            now.date(),
            now,
            "Kostenstaat bench",
            f"bench:{i}",
        )
        for i in range(count)
    ]


def _bare(rows) -> float:
    from django.db import connection, transaction

    ops = connection.ops
    adapted = [
        (
            budget_id,
            year,
            kind,
            bucket,
            ops.adapt_decimalfield_value(amount, 12, 2),
            ops.adapt_datefield_value(day),
            ops.adapt_datetimefield_value(at),
            reason,
            key,
        )
        for budget_id, year, kind, bucket, amount, day, at, reason, key in rows
    ]
    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO ledger_entry (budget_id, year, kind, bucket, amount, "
                "effective_date, booked_at, reason, idempotency_key) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                adapted,
            )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return len(rows) / elapsed


def _batch(rows) -> float:
    from django.db import transaction

    from budgetlijn.ledger.batch import BookingRequest, book_batch

    requests = [
        BookingRequest(
            budget_id=budget_id,
            year=year,
            kind=kind,
            amount=amount,
            reason=reason,
            effective_date=day,
            idempotency_key=key,
        )
        for budget_id, year, kind, _bucket, amount, day, _at, reason, key in rows
    ]
    with transaction.atomic():
        started = time.perf_counter()
        results = book_batch(requests)
        elapsed = time.perf_counter() - started
        assert all(result.ok for result in results), {r.status for r in results}
        transaction.set_rollback(True)
    return len(rows) / elapsed


def batch(entries: int, budgets_count: int, runs: int) -> None:
    budgets = _budgets(budgets_count)
    _allocate(budgets, "1000000.00")
    rows = _rows(budgets, entries)
    bare, booked = [], []
    for _ in range(runs):
        bare.append(_bare(rows))
        booked.append(_batch(rows))
    bare_rate, batch_rate = statistics.median(bare), statistics.median(booked)
    print(
        f"ledger batch: book_batch {batch_rate:.0f} entries/s ({entries} commitments over "
        f"{budgets_count} budgets, median of {runs}), bare executemany {bare_rate:.0f} rows/s, "
        f"ratio {batch_rate / bare_rate:.2f}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=20_000, help="entries on one budget")
    parser.add_argument("--entries", type=int, default=10_000, help="commitments in the batch")
    parser.add_argument("--budgets", type=int, default=2_000, help="budgets of the batch")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the batch (median)")
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    args = parser.parse_args(argv)
    if min(args.history, args.entries, args.budgets, args.runs) < 1 or args.history < 4:
        parser.error("every count must be positive (--history at least 4)")
    directory = _setup(args.postgres)
    from django.db import connection

    try:
        print(f"ledger bench on {connection.vendor}")
        history(args.history)
        batch(args.entries, args.budgets, args.runs)
    finally:
        connection.close()
        if directory:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
