"""The payment-run bench (``make bench``, ``make bench-postgres``): a payment run over N
accepted cost lines of B budgets, against a bare insert of N ledger rows in the same run.

The budgets come from the cost bench's generator (``costs.bench.generate_world``); their
accounts, one statement each and the accepted lines with their commitments are inserted in
bulk (``fast_insert``), as the cost pipeline leaves them (its own speed is the cost bench's).
Then, timed: ``draft_run`` paying every line (payout entries releasing the commitments,
transfers, items, audit), and the baseline: the median of three bare ``executemany`` runs of
as many ledger rows (each rolled back: the ledger is append-only). On SQLite the CPU times of
this process are compared too (they wander less than wall times on a busy machine). Prints
what the run left (counts and sums, to compare before and after a change) and one line::

    payments: N lines in T s (L lines/s), bare insert B s (median of 3, X rows/s),
    CPU ratio C, ratio R
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from schwifty import IBAN

from budgetlijn.audit.models import AuditEvent
from budgetlijn.costs import bench as cost_bench
from budgetlijn.costs.constants import FiledByRole, Outcome, Source
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.fast_insert import insert_rows
from budgetlijn.ledger.batch import ENTRY_COLUMNS
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.models import PaymentItem, Transfer
from budgetlijn.rules.money import ZERO


def iban(n: int) -> str:
    """A valid Belgian IBAN per number (bench accounts; check digits by schwifty)."""
    return IBAN.generate("BE", bank_code="091", account_code=f"{n % 10_000_000:07d}").compact


def accepted_lines(world, lines: int, *, seed: int = 2023) -> list[int]:
    """Accounts, one statement per budget and ``lines`` accepted wage lines spread over the
    budgets, each with its COMMITMENT entry. Returns the budget ids."""
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not a secret
    now = timezone.now()
    today = timezone.localdate()
    year = world.year
    budgets = [b.pk for b in world.budgets]
    employment = {b.pk: b.employment for b in world.budgets}
    with transaction.atomic():
        insert_rows(
            BudgetAccount,
            ("budget_id", "iban", "bic", "holder_name", "holder_kind", "created_at", "updated_at"),
            ((pk, iban(pk), "GKCCBEBB", f"Houder {pk}", "HOLDER", now, now) for pk in budgets),
            returning=False,
        )
        statements = dict(
            zip(
                budgets,
                insert_rows(
                    CostStatement,
                    (
                        "budget_id",
                        "year",
                        "filed_on",
                        "filed_at",
                        "filed_by_role",
                        "organisation",
                        "source",
                        "idempotency_key",
                        "request_hash",
                    ),
                    (
                        (
                            pk,
                            year,
                            today,
                            now,
                            FiledByRole.AGENCY,
                            "",
                            Source.FILE,
                            f"bench-pay:{pk}",
                            "0" * 64,
                        )
                        for pk in budgets
                    ),
                ),
                strict=True,
            )
        )
        plan = []
        for n in range(lines):
            budget = budgets[n % len(budgets)]
            plan.append(
                (budget, n // len(budgets) + 1, Decimal(rng.randint(1000, 40000)).scaleb(-2))
            )
        commitments = insert_rows(
            Entry,
            ENTRY_COLUMNS,
            (
                (
                    budget,
                    year,
                    EntryKind.COMMITMENT,
                    Bucket.COMMITTED,
                    amount,
                    today,
                    now,
                    None,
                    "Kostenstaat (bench)",
                    None,
                    f"cost-line:bench:{n}",
                )
                for n, (budget, _no, amount) in enumerate(plan)
            ),
        )
        fields = [f for f in CostLine._meta.concrete_fields if not f.primary_key]
        start = today.replace(day=1)
        rows = []
        for (budget, line_no, amount), commitment in zip(plan, commitments, strict=True):
            known = {
                "statement_id": statements[budget],
                "line_no": line_no,
                "budget_id": budget,
                "year": year,
                "contract_id": employment[budget],
                "cost_kind": "WAGE",
                "period_from": start,
                "period_to": start,
                "amount": amount,
                "outcome": Outcome.ACCEPTED,
                "allowed_amount": amount,
                "accepted_amount": amount,
                "violations": [],
                "commitment_id": commitment,
                "decided_at": now,
            }
            rows.append(tuple(known.get(f.attname, f.get_default()) for f in fields))
        insert_rows(CostLine, [f.attname for f in fields], rows, returning=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return budgets


# The CPU time of the last baseline (the median of its runs; this process's: on SQLite the
# whole insert runs in it).
BARE_CPU_SECONDS = [0.0]
BARE_RUNS = 3  # the baseline is the median of this many bare inserts (the run pays once)


def _bare_rows(budgets: list[int], count: int, year: int) -> list[tuple]:
    """``count`` payout rows for ``ledger_entry``, each value prepared for the database."""
    ops = connection.ops
    now = timezone.now()
    return [
        (
            budgets[i % len(budgets)],
            year,
            EntryKind.REIMBURSEMENT,
            Bucket.PAID,
            ops.adapt_decimalfield_value(Decimal("1.00") + Decimal(i % 97).scaleb(-2), 12, 2),
            ops.adapt_datefield_value(now.date()),
            ops.adapt_datetimefield_value(now),
            "Betaalrun (bench)",
            f"bench-bare:{i}",
        )
        for i in range(count)
    ]


def _bare_insert_once(rows: list[tuple]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``executemany`` of ``rows`` into ``ledger_entry``
    (with its triggers) in one transaction, rolled back: the ledger is append-only, so the
    table is left as it was (the accepted lines' commitments) for the next run and the run."""
    mark = "?" if connection.vendor == "sqlite" else "%s"
    sql = (
        "INSERT INTO ledger_entry (budget_id, year, kind, bucket, amount, "  # noqa: S608
        f"effective_date, booked_at, reason, idempotency_key) VALUES ({', '.join([mark] * 9)})"
    )
    with transaction.atomic():
        connection.ensure_connection()
        # The driver's own cursor: no Django wrapper, no query log, nothing but the insert.
        cursor = connection.connection.cursor()
        cpu_began = time.process_time()
        began = time.perf_counter()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu_began
        transaction.set_rollback(True)
    return seconds, cpu


def bare_insert(budgets: list[int], count: int, year: int, runs: int = BARE_RUNS) -> float:
    """The baseline: the median wall seconds of ``runs`` bare inserts of ``count`` payout rows
    (``_bare_insert_once``, each rolled back); ``BARE_CPU_SECONDS`` holds the median of their
    CPU times. A median, not the best: one run slowed down by the machine's other work does
    not move it, and neither does one lucky run."""
    rows = _bare_rows(budgets, count, year)
    walls, cpus = [], []
    for _run in range(max(1, runs)):
        wall, cpu = _bare_insert_once(rows)
        walls.append(wall)
        cpus.append(cpu)
    BARE_CPU_SECONDS[0] = statistics.median(cpus)
    return statistics.median(walls)


def run(
    lines: int = 100_000,
    budgets: int = 20_000,
    *,
    seed: int = 2023,
    out: Callable[[str], None] = print,
    profile: str | None = None,
):
    """Generate ``budgets`` budgets and time a run over ``lines`` of their lines."""
    today = timezone.localdate()
    cost_bench.throwaway_settings()
    world = cost_bench.generate_world(
        budgets, year=cost_bench.bench_year(today), seed=seed, out=out
    )
    return run_on(world, lines, seed=seed, out=out, profile=profile)


def run_on(world, lines: int, *, seed: int = 2023, out=print, profile: str | None = None):
    """Accept ``lines`` lines of ``world``'s budgets, time the bare insert and the run, print
    the figures and the payments: line."""
    today = timezone.localdate()
    began = time.perf_counter()
    ids = accepted_lines(world, lines, seed=seed)
    out(
        f"  inserted {lines} accepted lines with their commitments in {time.perf_counter() - began:.1f} s"
    )
    bare = bare_insert(ids, lines, world.year)
    cpu_began = time.process_time()
    began = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(services.draft_run, on=today)
        profiler.dump_stats(profile)
    else:
        report = services.draft_run(on=today)
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    items = PaymentItem.objects.count()
    out(
        f"  run: {report.items} items, {report.transfers} transfers, {len(report.skipped)} "
        f"skipped, paid {report.transferred}; {items} items stored"
    )
    if report.items != lines or items != lines:
        raise RuntimeError(f"the run paid {report.items} of {lines} lines")
    out(f"  {outcome()}")
    rate = lines / seconds if seconds else float("inf")
    bare_rate = lines / bare if bare else float("inf")
    cpu_ratio = None
    if connection.vendor == "sqlite" and cpu and BARE_CPU_SECONDS[0]:
        # On a busy machine the wall times wander; the CPU times of this process do not
        # (SQLite runs inside it), so their ratio is the figure to compare between runs.
        cpu_ratio = (lines / cpu) / (lines / BARE_CPU_SECONDS[0])
        out(
            f"  CPU time of this process: run {cpu:.2f} s, bare {BARE_CPU_SECONDS[0]:.2f} s, "
            f"ratio {cpu_ratio:.3f}"
        )
    out(
        f"  database: {connection.vendor}; baseline = the median of {BARE_RUNS} bare "
        "executemany runs of as many ledger rows (rolled back), in this run; the run pays once; "
        "ratio = run lines/s / bare rows/s (higher is better)"
    )
    cpu_text = f", CPU ratio {cpu_ratio:.3f}" if cpu_ratio is not None else ""
    out(
        f"payments: {lines} lines in {seconds:.1f} s ({rate:.0f} lines/s), bare insert "
        f"{bare:.2f} s (median of {BARE_RUNS}, {bare_rate:.0f} rows/s){cpu_text}, "
        f"ratio {rate / bare_rate:.3f}"
    )
    return report


def outcome() -> str:
    """What the run left, to compare before and after a change at the same seed: counts and
    sums (added as Decimals here: SQLite would sum floats) of transfers, items and ledger
    entries by kind, and the audit events."""

    def total(rows) -> tuple[int, Decimal]:
        values = list(rows)
        return len(values), sum(values, ZERO)

    transfers = total(Transfer.objects.values_list("amount", flat=True))
    items = total(PaymentItem.objects.values_list("amount", flat=True))
    by_kind: dict[str, list] = {}
    for kind, amount in Entry.objects.values_list("kind", "amount"):
        by_kind.setdefault(kind, []).append(amount)
    entries = ", ".join(f"{kind} {len(v)} {sum(v, ZERO)}" for kind, v in sorted(by_kind.items()))
    return (
        f"outcome: transfers {transfers[0]} {transfers[1]}, items {items[0]} {items[1]}; "
        f"entries {entries}; audit events {AuditEvent.objects.count()}"
    )
