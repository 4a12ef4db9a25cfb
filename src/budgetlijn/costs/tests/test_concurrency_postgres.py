"""Concurrency probes of the cost pipeline against a real PostgreSQL server (R25-R27,
idempotency keys).

Two (or more) threads, each with its own connection, start together at a barrier and file
cost statements for the same budget: through ``file_statement`` (the single path) and
``file_statements`` (the batch path, many statements and budgets at once). Whatever the order
the database lets them in, the accepted costs never pass the budget line plus the VIA4 room,
every line's parts add up, no error reaches the caller, and ``check_ledger`` (with the cost
checks of costs/invariants.py) finds nothing. Collected only on PostgreSQL (see
``pytest_ignore_collect`` in this folder's conftest.py). Run with
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/costs/tests/test_concurrency_postgres.py``.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.costs import services
from budgetlijn.costs.constants import BookingType, ErrorCode, Outcome, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.costs.tests.conftest import YEARLY, cost, make_pab, statement
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import ZERO
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2023
FILED = date(2023, 6, 15)
VIA_ROOM = Decimal("1400.00")  # 7 % of 20 000 (R27)
BARRIER_TIMEOUT = 60  # a safety net against a hung thread, not a timing assertion
NOT_VIA4 = "PREVENTION"  # a kind of the employment contract without VIA4 (R27)


def run_together(work, count=2):
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


def assert_money_kept(budget, *, room):
    """The guarantees, read back from the database after the threads are done."""
    figures = ledger.balances(budget, YEAR)
    lines = list(CostLine.objects.filter(budget=budget))
    accepted = sum((line.accepted_amount for line in lines), ZERO)
    assert figures.committed <= room
    assert figures.committed == accepted
    assert figures.via <= VIA_ROOM
    assert ledger.budget_line(budget, YEAR) >= 0
    for line in lines:
        if line.booking_type == BookingType.COST and line.outcome != Outcome.WAITING:
            assert line.accepted_amount + line.credit_used + line.own_amount == line.amount
    with_money = [line for line in lines if line.accepted_amount > 0]
    assert Entry.objects.filter(budget=budget, year=YEAR, kind=EntryKind.COMMITMENT).count() == len(
        with_money
    )
    return figures, lines


def test_the_probe_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_r26_two_statements_at_once_through_the_single_path_never_pass_the_line():
    """Two statements of 15 000,00 (no VIA4) on a line of 20 000,00: 20 000,00 accepted in
    all, the rest the holder's own, whichever goes first."""
    pab = make_pab()
    budget, contract = pab["budget"], pab["contract"]

    def work(i):
        lines = [cost(contract, "5000.00", kind=NOT_VIA4, month=m + 3 * i) for m in (1, 2, 3)]
        return services.file_statement(statement(budget, *lines), filed_on=FILED, by=None)

    results, errors = run_together(work)

    assert errors == {}
    assert {r.status for r in results.values()} == {services.Status.FILED}
    figures, lines = assert_money_kept(budget, room=YEARLY)
    assert figures.committed == YEARLY
    assert sum(line.own_amount for line in lines) == Decimal("10000.00")
    assert check_ledger() == []


def test_r26_r27_two_via4_statements_at_once_use_the_via4_room_once():
    """Two statements of 12 000,00 of wages on 20 000,00: 21 400,00 accepted (the seed's
    VIA4 example, split over two connections), 2 600,00 own."""
    pab = make_pab()
    budget, contract = pab["budget"], pab["contract"]

    def work(i):
        lines = [cost(contract, "4000.00", month=m + 3 * i) for m in (1, 2, 3)]
        return services.file_statement(statement(budget, *lines), filed_on=FILED)

    results, errors = run_together(work)

    assert errors == {}
    figures, lines = assert_money_kept(budget, room=YEARLY + VIA_ROOM)
    assert figures.committed == Decimal("21400.00")
    assert figures.via == VIA_ROOM
    assert sum(line.own_amount for line in lines) == Decimal("2600.00")
    assert check_ledger() == []


def test_r26_many_statements_at_once_through_the_batch_path_never_pass_the_line():
    """Thread 0 files a big batch over five budgets that includes the contested one (in the
    middle of the batch); thread 1 files twenty statements on the contested budget only, in
    another order. Locks in primary key order: no deadlock; the line holds."""
    contested = make_pab()
    others = [make_pab() for _ in range(4)]
    budget = contested["budget"]

    def on(p, amount, month, n):
        return statement(
            p["budget"],
            cost(p["contract"], amount, kind=NOT_VIA4, month=month, description=f"{n}"),
        )

    def work(i):
        if i == 0:
            raws = []
            for n in range(40):
                p = (others[:2] + [contested] + others[2:])[n % 5]
                raws.append(on(p, "1500.00", 1 + n % 12, f"big-{n}"))
        else:
            raws = [on(contested, "1500.00", 1 + n % 12, f"small-{n}") for n in range(20)][::-1]
        return services.file_statements(raws, filed_on=FILED, chunk=7)

    results, errors = run_together(work)

    assert errors == {}
    for outcome in results.values():
        assert {r.status for r in outcome} == {services.Status.FILED}
    # 8 + 20 statements of 1 500,00 = 42 000,00 asked on the contested line of 20 000,00
    figures, lines = assert_money_kept(budget, room=YEARLY)
    assert figures.committed == YEARLY
    assert sum(line.own_amount for line in lines) == Decimal("22000.00")
    for other in others:
        assert ledger.balances(other["budget"], YEAR).committed == Decimal("12000.00")
    assert check_ledger() == []


def test_r26_a_batch_and_a_single_statement_at_once_never_pass_the_line():
    contested = make_pab()
    other = make_pab()
    budget, contract = contested["budget"], contested["contract"]

    def work(i):
        if i == 0:
            raws = [
                statement(p["budget"], cost(p["contract"], "3000.00", kind=NOT_VIA4, month=m))
                for m in range(1, 7)
                for p in (other, contested)
            ]
            return services.file_statements(raws, filed_on=FILED)
        return services.file_statement(
            statement(budget, cost(contract, "9000.00", kind=NOT_VIA4, month=12)),
            filed_on=FILED,
        )

    results, errors = run_together(work)

    assert errors == {}
    figures, _lines = assert_money_kept(budget, room=YEARLY)
    assert figures.committed == YEARLY  # 18 000,00 + 9 000,00 asked
    assert check_ledger() == []


def test_one_idempotency_key_sent_at_once_by_two_threads_books_once():
    pab = make_pab()
    budget, contract = pab["budget"], pab["contract"]
    raw = statement(budget, cost(contract, "700.00"), idempotency_key="kostenstaat-2023-01")

    results, errors = run_together(lambda i: services.file_statement(raw, filed_on=FILED), count=4)

    assert errors == {}
    statuses = sorted(r.status for r in results.values())
    assert statuses == [services.Status.EXISTS] * 3 + [services.Status.FILED]
    assert len({r.statement.pk for r in results.values()}) == 1
    assert CostStatement.objects.count() == 1
    assert ledger.balances(budget, YEAR).committed == Decimal("700.00")
    assert check_ledger() == []


def test_the_same_content_without_a_key_sent_at_once_books_once():
    pab = make_pab()
    budget, contract = pab["budget"], pab["contract"]
    raw = statement(budget, cost(contract, "700.00"))

    results, errors = run_together(lambda i: services.file_statement(raw, filed_on=FILED), count=4)

    assert errors == {}
    assert len({r.statement.pk for r in results.values()}) == 1
    assert ledger.balances(budget, YEAR).committed == Decimal("700.00")


def test_one_idempotency_key_sent_at_once_for_two_budgets_files_one_and_refuses_the_other():
    """The same key for two different budgets: no budget lock is shared, so the unique key
    of the statement decides. One is filed; the other is told the key is taken."""
    first, second = make_pab(), make_pab()

    def work(i):
        p = (first, second)[i]
        raw = statement(p["budget"], cost(p["contract"], "700.00"), idempotency_key="gedeeld")
        return services.file_statement(raw, filed_on=FILED)

    results, errors = run_together(work)

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    statuses = sorted(r.status for r in results.values())
    assert statuses == [services.Status.FILED, services.Status.INVALID]
    [refused] = [r for r in results.values() if r.status == services.Status.INVALID]
    assert [e.code for e in refused.errors] == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert CostStatement.objects.count() == 1
    assert Entry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1
    assert check_ledger() == []


def late_line(pab):
    budget, contract = pab["budget"], pab["contract"]
    reason = sorted(services.late_reason_codes())[0]
    result = services.file_statement(
        statement(budget, cost(contract, "450.00", month=5, late_reason=reason)),
        filed_on=date(2024, 6, 3),
    )
    line = result.statement.lines.get()
    assert line.wait_reason == WaitReason.LATE_REVIEW
    return line


def test_r25_two_reviews_of_one_late_line_at_once_decide_it_once():
    pab = make_pab()
    line = late_line(pab)

    def work(i):
        return services.review_line(
            CostLine.objects.get(pk=line.pk), accept=(i == 0), reason=f"Beoordeling {i}"
        )

    results, errors = run_together(work)

    assert len(results) == 1 and len(errors) == 1
    [exc] = errors.values()
    assert isinstance(exc, RuleViolations), repr(exc)
    assert [v.code for v in exc.violations] == [ErrorCode.NOT_WAITING_FOR_REVIEW]
    line.refresh_from_db()
    [winner] = results.values()
    assert line.review_decision == winner.review_decision
    committed = ledger.balances(pab["budget"], YEAR).committed
    assert committed == (Decimal("450.00") if line.outcome == Outcome.ACCEPTED else ZERO)
    assert check_ledger() == []


def test_r19_a_cost_filed_while_its_contract_is_approved_is_decided_either_way():
    """Filing on a registered contract races its approval: the line never stays waiting on a
    contract that is approved."""
    pab = make_pab()
    budget = pab["budget"]
    pending = contracts.register_contract(
        budget=budget,
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 3, 1),
            end_date=date(2023, 12, 31),
        ),
        on=date(2023, 3, 1),
    )

    def work(i):
        if i == 0:
            return services.file_statement(
                statement(budget, cost(pending, "800.00", month=3)), filed_on=FILED
            )
        return contracts.approve_contract(pending, on=date(2023, 3, 10))

    results, errors = run_together(work)

    assert errors == {}
    line = CostLine.objects.get(budget=budget)
    assert line.outcome == Outcome.ACCEPTED
    assert ledger.balances(budget, YEAR).committed == Decimal("800.00")
    assert check_ledger() == []


def test_r26_six_batches_over_shared_budgets_in_different_orders_never_deadlock_or_overspend():
    """Six connections each file a batch over the same three budgets, each in its own order
    and with its own chunk size: locks are taken in primary key order per chunk, so no
    deadlock or serialization error reaches a caller, and no line passes its budget."""
    pabs = [make_pab() for _ in range(3)]

    def work(i):
        order = pabs[i % 3 :] + pabs[: i % 3]
        if i % 2:
            order = order[::-1]
        raws = [
            statement(
                p["budget"],
                cost(
                    p["contract"],
                    "2500.00",
                    kind=NOT_VIA4,
                    month=1 + n % 12,
                    description=f"{i}-{n}",
                ),
            )
            for n in range(4)
            for p in order
        ]
        return services.file_statements(raws, filed_on=FILED, chunk=2 + i)

    results, errors = run_together(work, count=6)

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    for outcome in results.values():
        assert {r.status for r in outcome} == {services.Status.FILED}
    for p in pabs:  # 6 x 4 x 2 500,00 = 60 000,00 asked of each line of 20 000,00
        figures, lines = assert_money_kept(p["budget"], room=YEARLY)
        assert figures.committed == YEARLY
        assert sum(line.own_amount for line in lines) == Decimal("40000.00")
    assert check_ledger() == []
