"""Benchmark of the statistics report on generated data (``make bench``, bench/bench_statistics.py).

``generate(n)`` fills the (empty, throwaway) SQLite database with ``n`` budgets and their
persons in two ``INSERT ... SELECT`` statements over a recursive CTE: no Python loop per row.
``measure(query)`` times the report (``build_report``: every query plus the Python around them)
and, as the baseline measured in the same run, the bare GROUP BY it runs on: the same SQL
executed on a raw cursor, rows fetched and nothing else. It also times a minimal GROUP BY
(COUNT(*) only, same grouping and filter) for scale. Figures are medians of several runs.
No timing is ever asserted in the test suite.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.reporting import amounts
from budgetlijn.reporting.constants import Dimension, Measure
from budgetlijn.reporting.report import ReportQuery
from budgetlijn.reporting.selectors import build_report, cells_queryset

# Share of budgets per kind (FACTS.md volumes: mostly PVB, some PAB, few convenants), in 1/1000.
SLOTS = 1000
KIND_SHARES = {"PVB": 930, "PAB": 60, "CONVENANT": 10}
# About one person in ten has two budgets (for example a PAB converted to a PVB).
PERSONS_PER_BUDGET = 0.9
PROVINCES = (("ANT", 27), ("LIM", 13), ("OVL", 23), ("VBR", 17), ("WVL", 18), ("BRU", 2))
FIRST_DAY = date(2022, 1, 1)
DAYS = 5 * 365  # allocations spread over 2022-2026


@dataclass
class Generated:
    persons: int
    budgets: int
    seconds: float


@dataclass
class Timing:
    report: float
    bare: float
    minimal: float
    queries: int
    runs: int

    @property
    def ratio(self) -> float:
        return self.report / self.bare if self.bare else float("inf")

    @property
    def ratio_minimal(self) -> float:
        return self.report / self.minimal if self.minimal else float("inf")


def _slots() -> list[tuple[int, str, str, str, int | None]]:
    """1000 slots (kind, scheme, category, band) in proportion to KIND_SHARES."""
    combos: dict[str, list[tuple[str, str, int | None]]] = {"PVB": [], "PAB": [], "CONVENANT": []}
    for key in amounts.yearly_amounts(2024):
        combos[key.kind].append((key.scheme, key.category, key.band))
    combos["CONVENANT"].append(("", "OTHER", None))
    slots = []
    for kind, share in KIND_SHARES.items():
        options = combos[kind]
        for index in range(share):
            scheme, category, band = options[index % len(options)]
            slots.append((len(slots), kind, scheme, category, band))
    assert len(slots) == SLOTS
    return slots


def _province_case(column: str) -> str:
    parts, start = [], 0
    for code, weight in PROVINCES:
        parts.append(f"WHEN {column} < {start + weight} THEN '{code}'")
        start += weight
    return "CASE " + " ".join(parts) + " END"


def generate(budgets: int, *, fast: bool = False, out: Callable[[str], None] = print) -> Generated:
    """Insert ``budgets`` budgets and their persons into the empty SQLite database.

    ``fast``: a throwaway file, so no syncing to disk (never on a database that matters)."""
    if connection.vendor != "sqlite":
        raise RuntimeError("the benchmark generates its data on SQLite only")
    if Person.objects.exists() or Budget.objects.exists():
        raise RuntimeError("the benchmark needs an empty database (a throwaway file)")
    persons = max(1, int(budgets * PERSONS_PER_BUDGET))
    person_table = Person._meta.db_table
    budget_table = Budget._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if fast:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")
        cursor.execute(
            "CREATE TEMP TABLE bench_slot (slot INTEGER PRIMARY KEY, kind TEXT, scheme TEXT, "
            "category TEXT, band INTEGER)"
        )
        cursor.executemany("INSERT INTO bench_slot VALUES (%s, %s, %s, %s, %s)", _slots())
        # Table names from the models' metadata, numbers as parameters: no outside input.
        cursor.execute(
            f"""
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s)
            INSERT INTO {person_table} (
                id, created_at, updated_at, first_name, last_name, national_number, birth_date,
                province, municipality, postal_code)
            SELECT n, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'Voornaam', 'Bench' || n,
                   printf('%%011d', n), date('1950-01-01', '+' || (n %% 25000) || ' days'),
                   {_province_case("(n * 7) %% 100")}, 'Gemeente', ''
            FROM seq
            """,  # noqa: S608
            [persons],
        )
        cursor.execute(
            f"""
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s),
            b AS (
                SELECT n, s.kind, s.scheme, s.category, s.band,
                       date(%s, '+' || ((n * 37) %% {DAYS}) || ' days') AS allocated_on,
                       n %% 20 AS life
                FROM seq JOIN bench_slot s ON s.slot = (n * 7919) %% {SLOTS}
            )
            INSERT INTO {budget_table} (
                id, created_at, updated_at, person_id, kind, scheme, category, band,
                specific_amount, status, allocated_on, letter_received_on, started_on,
                stopped_on, stop_reason, payment_mode)
            SELECT n, '2026-01-01 00:00:00', '2026-01-01 00:00:00', ((n - 1) %% %s) + 1,
                   kind, scheme, category, band,
                   CASE WHEN category = 'OTHER' THEN 20000 + (n %% 40000) + 0.37 END,
                   CASE WHEN life = 0 THEN 'ALLOCATED' WHEN life = 1 THEN 'STOPPED'
                        ELSE 'STARTED' END,
                   allocated_on, date(allocated_on, '+3 days'),
                   CASE WHEN life > 0 THEN date(allocated_on, '+30 days') END,
                   CASE WHEN life = 1 THEN date(allocated_on, '+400 days') END,
                   CASE WHEN life = 1 THEN 'OWN_CHOICE' ELSE '' END,
                   'VOUCHER'
            FROM b
            """,  # noqa: S608
            [budgets, FIRST_DAY.isoformat(), persons],
        )
        cursor.execute("DROP TABLE bench_slot")
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    out(
        f"  {budgets:,} budgets and {persons:,} persons generated in {seconds:.1f} s".replace(
            ",", " "
        )
    )
    return Generated(persons=persons, budgets=budgets, seconds=seconds)


def default_query() -> ReportQuery:
    """The benchmarked report: every kind made available in 2024, persons per budget category
    (52 rows) and province (6 columns), with the yearly amounts computed alongside."""
    return ReportQuery(
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        as_of=date(2026, 11, 23),
        rows=Dimension.CATEGORY,
        columns=Dimension.PROVINCE,
        measure=Measure.PERSONS,
    )


def _median(action: Callable[[], object], runs: int) -> float:
    action()  # warm the page cache and the parameter lookups
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def minimal_sql(query: ReportQuery) -> tuple[str, list]:
    """The minimal GROUP BY: same grouping and filter, COUNT(*) only (hand-written)."""
    budget_table = Budget._meta.db_table
    person_table = Person._meta.db_table
    sql = (
        "SELECT b.kind, b.scheme, b.category, p.province, COUNT(*) "  # noqa: S608
        f"FROM {budget_table} b JOIN {person_table} p ON p.id = b.person_id "
        "WHERE b.allocated_on >= %s AND b.allocated_on <= %s "
        "GROUP BY b.kind, b.scheme, b.category, p.province"
    )
    return (
        sql,
        [query.date_from.isoformat(), query.last_day.isoformat()],
    )


def measure(query: ReportQuery | None = None, runs: int = 5) -> Timing:
    query = query or default_query()
    sql, params = cells_queryset(query).query.sql_with_params()
    minimal, minimal_params = minimal_sql(query)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def bare_minimal():
        with connection.cursor() as cursor:
            cursor.execute(minimal, minimal_params)
            return cursor.fetchall()

    with CaptureQueriesContext(connection) as captured:
        build_report(query)
    report_queries = len(
        [q for q in captured.captured_queries if "parameteroverride" not in q["sql"]]
    )
    return Timing(
        report=_median(lambda: build_report(query), runs),
        bare=_median(bare, runs),
        minimal=_median(bare_minimal, runs),
        queries=report_queries,
        runs=runs,
    )


def print_timing(timing: Timing, out: Callable[[str], None] = print) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:9.1f} ms"

    lines = [
        (f"report (build_report: {timing.queries} queries + Python)", timing.report),
        ("bare GROUP BY it runs on (same SQL, raw cursor)", timing.bare),
        ("minimal GROUP BY (COUNT(*) only, same grouping)", timing.minimal),
    ]
    width = max(len(label) for label, _seconds in lines)
    out(f"  median of {timing.runs} runs (after one warm-up run):")
    for label, seconds in lines:
        out(f"    {label.ljust(width)} {ms(seconds)}")
    out(f"  ratio report / bare GROUP BY:    {timing.ratio:5.2f}")
    out(f"  ratio report / minimal GROUP BY: {timing.ratio_minimal:5.2f}")


def run(
    budgets: int, runs: int = 5, *, fast: bool = False, out: Callable[[str], None] = print
) -> Timing:
    out("Statistics benchmark (R38), SQLite")
    generate(budgets, fast=fast, out=out)
    query = default_query()
    out(
        "  report: persons per budget category and province, every kind, made available in "
        f"{query.date_from.year}"
    )
    timing = measure(query, runs)
    print_timing(timing, out)
    return timing
