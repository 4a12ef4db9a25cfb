"""Running balances per budget year: kept by the database trigger for every inserted entry,
read by the single path under the budget lock, checked against the sums by check_ledger
(docs/decisions/0014)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.ledger import running_balances, selectors, services
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.invariants import running_balances as running_balances_check
from budgetlijn.ledger.models import BudgetYearBalance, Entry, RunningBalanceIsReadOnly
from budgetlijn.ledger.tests.factories import BudgetFactory, funded_budget
from budgetlijn.ledger.tests.helpers import raw_insert

pytestmark = pytest.mark.django_db

YEAR = 2024


def row(budget, year=YEAR) -> BudgetYearBalance:
    return BudgetYearBalance.objects.get(budget=budget, year=year)


def test_every_entry_of_the_services_moves_its_bucket_in_cents():
    budget = funded_budget(amount="1000.00")
    services.book(budget=budget, year=YEAR, kind=EntryKind.VIA_SUPPLEMENT, amount="70", reason="x")
    services.book(
        budget=budget, year=YEAR, kind=EntryKind.YEAR_END_PREMIUM, amount="0.05", reason="x"
    )
    services.pay(budget=budget, year=YEAR, kind=EntryKind.REIMBURSEMENT, amount="0.10", reason="x")
    services.pay(budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount="0.20", reason="x")
    services.book(budget=budget, year=YEAR, kind=EntryKind.ADVANCE_PAID, amount="300", reason="x")
    services.book(
        budget=budget, year=YEAR, kind=EntryKind.ADVANCE_REPAID, amount="0.01", reason="x"
    )
    balance = row(budget)
    assert (
        balance.entitlement,
        balance.via,
        balance.premium,
        balance.paid,
        balance.committed,
        balance.advance,
    ) == (100000, 7000, 5, 10, 20, 29999)
    assert (balance.allocations, balance.entries) == (1, 7)
    assert running_balances_check() == []


def test_a_reversal_moves_the_bucket_of_the_entry_it_reverses_back():
    budget = funded_budget(amount="1000.00")
    payment = services.pay(
        budget=budget, year=YEAR, kind=EntryKind.REIMBURSEMENT, amount="250.50", reason="x"
    )
    services.reverse(payment, reason="dubbel")
    assert (row(budget).paid, row(budget).entries) == (0, 3)


def test_an_entry_inserted_around_the_services_is_counted_too():
    """The trigger keeps the balance whatever inserts the entry: here plain SQL."""
    budget = funded_budget(amount="1000.00")
    raw_insert(
        budget_id=budget.pk, year=YEAR, kind=EntryKind.REIMBURSEMENT, bucket=Bucket.PAID, amount="1"
    )
    raw_insert(
        budget_id=budget.pk,
        year=YEAR + 1,
        kind=EntryKind.ALLOCATION,
        bucket=Bucket.ENTITLEMENT,
        amount="12.34",
    )
    assert row(budget).paid == 100
    assert (row(budget, YEAR + 1).entitlement, row(budget, YEAR + 1).allocations) == (1234, 1)
    assert selectors.budget_line(budget, YEAR) == Decimal("999.00")
    assert running_balances_check() == []


def test_bulk_created_entries_are_counted_per_budget_year():
    budgets = [BudgetFactory() for _ in range(3)]
    Entry.objects.bulk_create(
        Entry(
            budget=budgets[i % 3],
            year=YEAR + i % 2,
            kind=EntryKind.ALLOCATION,
            bucket=Bucket.ENTITLEMENT,
            amount=Decimal("0.01") * (i + 1),
            effective_date=date(YEAR, 1, 1),
            reason="x",
        )
        for i in range(12)
    )
    assert BudgetYearBalance.objects.count() == 6
    assert sum(b.entitlement for b in BudgetYearBalance.objects.all()) == sum(range(1, 13))
    assert running_balances_check() == []


def test_the_balance_table_is_not_written_by_the_application():
    budget = funded_budget(amount="1000.00")
    balance = row(budget)
    balance.paid = 5
    with pytest.raises(RunningBalanceIsReadOnly):
        balance.save()
    with pytest.raises(RunningBalanceIsReadOnly):
        balance.delete()
    with pytest.raises(RunningBalanceIsReadOnly):
        BudgetYearBalance.objects.filter(budget=budget).update(paid=5)
    with pytest.raises(RunningBalanceIsReadOnly):
        BudgetYearBalance.objects.filter(budget=budget).delete()
    with pytest.raises(RunningBalanceIsReadOnly):
        BudgetYearBalance.objects.bulk_create([BudgetYearBalance(budget=budget, year=2030)])
    with pytest.raises(RunningBalanceIsReadOnly):
        BudgetYearBalance.objects.create(budget=budget, year=2030)
    assert row(budget).paid == 0


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_check_ledger_finds_a_running_balance_changed_around_the_ledger():
    budget = funded_budget(amount="1000.00")
    _sql("UPDATE ledger_budgetyearbalance SET paid = paid + 1 WHERE budget_id = %s", [budget.pk])
    [violation] = running_balances_check()
    assert violation.code == ErrorCode.RUNNING_BALANCE_MISMATCH
    assert violation.params["budget"] == budget.pk
    assert violation.params["year"] == YEAR
    assert "paid" in violation.params["differences"]
    assert "lopende saldo verschilt" in violation.message
    assert [v.code for v in check_ledger()] == [ErrorCode.RUNNING_BALANCE_MISMATCH]


@pytest.mark.parametrize("column", ["entitlement", "allocations", "entries"])
def test_check_ledger_finds_every_column(column):
    budget = funded_budget(amount="1000.00")
    _sql(
        f"UPDATE ledger_budgetyearbalance SET {column} = {column} - 1 WHERE budget_id = %s",  # noqa: S608
        [budget.pk],
    )
    assert [v.code for v in running_balances_check()] == [ErrorCode.RUNNING_BALANCE_MISMATCH]


def test_check_ledger_finds_a_missing_and_a_stray_balance_row():
    budget = funded_budget(amount="1000.00")
    other = BudgetFactory()
    _sql("DELETE FROM ledger_budgetyearbalance WHERE budget_id = %s", [budget.pk])
    _sql(
        "INSERT INTO ledger_budgetyearbalance (budget_id, year, entitlement, premium, via, paid, "
        "committed, advance, allocations, entries) VALUES (%s, 2030, 0, 0, 0, 5, 0, 0, 0, 0)",
        [other.pk],
    )
    found = running_balances_check()
    assert [(v.params["budget"], v.params["year"]) for v in found] == [
        (budget.pk, YEAR),
        (other.pk, 2030),
    ]


def test_the_migrations_backfill_sums_the_entries_as_the_trigger_keeps_them():
    """Migration 0004 fills the table with ``grouped_select`` over the entries: it yields
    exactly the rows the trigger kept."""
    budget = funded_budget(amount="1000.00")
    services.pay(budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount="0.07", reason="x")
    services.book(budget=budget, year=YEAR, kind=EntryKind.ADVANCE_PAID, amount="3", reason="x")
    funded_budget(year=YEAR + 1, amount="5.55")
    with connection.cursor() as cursor:
        cursor.execute(running_balances.grouped_select(running_balances.ENTRY_TABLE))
        backfilled = [tuple(int(v) for v in values) for values in cursor.fetchall()]
    kept = list(
        BudgetYearBalance.objects.order_by("budget_id", "year").values_list(
            "budget_id", "year", *running_balances.COLUMNS
        )
    )
    assert backfilled == kept


# --- the single path costs the same at the 20 000th entry as at the first ------------------

HISTORY = 20_000
AGGREGATE = re.compile(r"\b(SUM|COUNT|AVG|MAX|MIN|TOTAL)\s*\(", re.IGNORECASE)


def _history(budget, count):
    """``count`` small commitments on the budget's year, inserted in bulk (the trigger keeps
    the running balance as for any entry)."""
    Entry.objects.bulk_create(
        (
            Entry(
                budget=budget,
                year=YEAR,
                kind=EntryKind.COMMITMENT,
                bucket=Bucket.COMMITTED,
                amount=Decimal("0.01"),
                effective_date=date(YEAR, 3, 1),
                reason="historiek",
            )
            for _ in range(count)
        ),
        batch_size=2000,
    )


def _pay_queries(budget, key):
    with CaptureQueriesContext(connection) as queries:
        services.pay(
            budget=budget,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT,
            amount="1.00",
            reason="kostenstaat",
            idempotency_key=key,
        )
    return [q["sql"] for q in queries.captured_queries]


def test_booking_the_20000th_entry_costs_the_same_queries_as_the_first():
    budget = funded_budget(amount="100000.00")
    first = _pay_queries(budget, "first")
    _history(budget, HISTORY - 2)
    assert row(budget).entries == HISTORY
    later = _pay_queries(budget, "later")
    assert row(budget).entries == HISTORY + 1
    assert len(later) == len(first)
    entry_table = '"ledger_entry"'
    for sql in later:
        assert not (entry_table in sql and AGGREGATE.search(sql)), sql
    assert selectors.budget_line(budget, YEAR) == Decimal("100000.00") - Decimal("2.00") - (
        Decimal("0.01") * (HISTORY - 2)
    )
    assert running_balances_check() == []
