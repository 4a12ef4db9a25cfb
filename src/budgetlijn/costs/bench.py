"""Benchmark of the cost pipeline (``make bench``, ``make bench-postgres``: bench/bench_costs.py).

``generate_world(budgets, year=...)`` fills an empty, throwaway database in bulk with started
PVB and PAB budgets, their persons, approved contracts (employment, service vouchers, short-term
support; a few registered and not yet approved) and the allocation entries of two budget years
in the ledger (the running balances follow through the ledger's trigger), so every budget has
its budget line. Nothing goes through the per-budget services there: that would take minutes
for a few thousand budgets, and the services are not what is measured.

``cost_rows(world, lines, ...)`` draws a cost file of ``lines`` rows in the documented column
layout (docs/cost-file-format.md): wages, social secretariat invoices, meal vouchers, premiums,
gifts (some above the limit), service vouchers, short-term days, credit notes, late lines of the
year before (with a reason: they wait for the agency), lines on a contract that waits for
approval and never-payable kinds, with about ``invalid_share`` bad rows (a malformed amount or
date, an unknown kind, a contract of another budget). ``to_csv``/``to_xlsx`` write the file.

``run_pipeline(data, filename)`` times what a filer does: ``imports.check_file`` then
``imports.book_file(only_valid_rows=True)``, and where the time goes (parsing, the dry runs of
the check, deciding and inserting, the ledger's batch path). ``bare_insert(...)`` is the
baseline measured in the same run: one ``executemany`` of as many rows into ``costs_costline``
with the same columns, in one transaction (then deleted again). No timing is ever asserted in
the test suite; ``costs/tests/test_bench.py`` runs the generator and the pipeline on a few
hundred lines and checks that the counts add up.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, PaymentMode, PvbScheme
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import budget_year
from budgetlijn.rules.money import ZERO, round_cents

CENT = Decimal("0.01")
PAB_TENTHS = 3  # three budgets in ten are PAB's, the rest PVB's
PVB_CATEGORIES = [str(c) for c in range(1, 25)]
PAB_CATEGORIES = [("I", 1), ("I", 2), ("II", 1), ("II", 2), ("II", 3), ("III", 1), ("III", 2)]
PAB_CATEGORIES += [("IV", 1), ("IV", 2), ("IV", 3), ("V", 1), ("V", 2)]
SERVICE_VOUCHER_PRICE = Decimal("9.00")
SHORT_TERM_DAY_PRICE = Decimal("95.00")
LATE_REASON = "HOSPITAL_STAY_IN_MARCH"
NEVER_PAYABLE_KIND = "THERAPY"
ORGANISATION = "Bijstandsorganisatie Benchmark vzw"
PROVIDER = "Benchmark bv"  # the other party of every contract with an enterprise

# Share of the lines per kind of line (the rest of the mix is wages).
MIX = (
    ("wage", 0.42),
    ("secretariat", 0.08),
    ("meal_vouchers", 0.08),
    ("other_premium", 0.04),
    ("year_end_premium", 0.02),
    ("gift", 0.04),
    ("service_vouchers", 0.12),
    ("short_term", 0.07),
    ("credit_note", 0.03),
    ("late", 0.04),
    ("waiting_contract", 0.03),
    ("never_payable", 0.01),
    ("late_without_reason", 0.02),
)
# The kinds of bad rows, drawn in turn: (what, file column it spoils).
INVALID_KINDS = ("amount_precision", "amount_negative", "date", "kind", "other_contract")

# Cost file columns (docs/cost-file-format.md), imported lazily: fileformat is the import's.
COLUMN_NAMES = (
    "budget",
    "year",
    "contract",
    "kind",
    "booking_type",
    "from",
    "to",
    "assistant",
    "quantity",
    "amount",
    "description",
    "late_reason",
)


def _columns() -> dict[str, str]:
    from budgetlijn.costs import fileformat

    return {
        "budget": fileformat.COL_BUDGET,
        "year": fileformat.COL_YEAR,
        "contract": fileformat.COL_CONTRACT,
        "kind": fileformat.COL_COST_KIND,
        "booking_type": fileformat.COL_BOOKING_TYPE,
        "from": fileformat.COL_FROM,
        "to": fileformat.COL_TO,
        "assistant": fileformat.COL_ASSISTANT,
        "quantity": fileformat.COL_QUANTITY,
        "amount": fileformat.COL_AMOUNT,
        "description": fileformat.COL_DESCRIPTION,
        "late_reason": fileformat.COL_LATE_REASON,
    }


# --- the world: budgets, contracts, allocations ---------------------------------------------


@dataclass
class BenchBudget:
    pk: int
    kind: str
    yearly: Decimal
    assistant: str
    employment: int  # contract ids
    hourly: Decimal
    weekly_hours: Decimal
    vouchers: int | None = None
    short_term: int | None = None
    pending: int | None = None  # registered, not approved


@dataclass
class World:
    year: int
    budgets: list[BenchBudget]
    seconds: float = 0.0

    @property
    def contracts(self) -> int:
        return sum(
            1 + (b.vouchers is not None) + (b.short_term is not None) + (b.pending is not None)
            for b in self.budgets
        )


@functools.cache
def _yearly(kind: str, category: str, band: int | None, year: int) -> Decimal:
    scheme = PvbScheme.NEW.value if kind == BudgetKind.PVB else None
    return budget_year.yearly_amount(kind, scheme, category, band, year, None)


def _contract(budget_id: int, type_code: str, *, status: str, start: date, **fields) -> Contract:
    values = {
        "payment_mode": "CASH",
        "counterparty_kind": "ENTERPRISE",
        "counterparty_name": PROVIDER,
        "counterparty_enterprise_number": "0403170701",
        "notice_terms": "Een maand",
        "task_description": "Ondersteuning thuis",
        "payment_terms": "Maandelijks",
        "weekly_hours": Decimal("10.00"),
        "hourly_cost": Decimal("0.00"),
        "holder_signed_on": start - timedelta(days=10),
        "counterparty_signed_on": start - timedelta(days=10),
        "registered_by_role": "HOLDER",
    }
    values.update(fields)
    return Contract(
        budget_id=budget_id,
        type_code=type_code,
        status=status,
        start_date=start,
        end_date=None,
        indefinite_duration=True,
        registered_on=start - timedelta(days=5),
        decided_on=start - timedelta(days=2) if status == ContractStatus.APPROVED else None,
        **values,
    )


def generate_world(
    budgets: int, *, year: int, seed: int = 2023, out: Callable[[str], None] | None = None
) -> World:
    """``budgets`` started PVB's and PAB's with contracts and the allocations of ``year - 1``
    and ``year``, in bulk, in one transaction. The database must hold no budget yet."""
    if Budget.objects.exists():
        raise RuntimeError("the cost benchmark needs a database without budgets (a throwaway one)")
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not a secret
    started = time.perf_counter()
    first = date(year - 1, 1, 1)
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            [
                Person(
                    first_name="Voornaam",
                    last_name=f"Kost{n}",
                    national_number=f"9{n:010d}",
                    birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                    province="ANT",
                    municipality="Antwerpen",
                    postal_code="2000",
                )
                for n in range(budgets)
            ],
            batch_size=2000,
        )
        plans = []
        for n, person in enumerate(persons):
            if n % 10 < PAB_TENTHS:
                kind, (category, band), scheme = BudgetKind.PAB, rng.choice(PAB_CATEGORIES), ""
            else:
                kind, category, band = BudgetKind.PVB, rng.choice(PVB_CATEGORIES), None
                scheme = PvbScheme.NEW
            plans.append(
                Budget(
                    person=person,
                    kind=kind,
                    scheme=scheme,
                    category=category,
                    band=band,
                    status=BudgetStatus.STARTED,
                    applied_on=first - timedelta(days=200 + n % 100),
                    allocated_on=first - timedelta(days=100),
                    letter_received_on=first - timedelta(days=97),
                    started_on=first - timedelta(days=30),
                    payment_mode=PaymentMode.CASH,
                )
            )
        created = Budget.objects.bulk_create(plans, batch_size=2000)
        contracts: list[Contract] = []
        world: list[BenchBudget] = []
        roles_of: list[list[str]] = []
        entries: list[Entry] = []
        for index, budget in enumerate(created):
            yearly = {
                y: _yearly(budget.kind, budget.category, budget.band, y) for y in (year - 1, year)
            }
            for y, amount in yearly.items():
                entries.append(
                    Entry(
                        budget_id=budget.pk,
                        year=y,
                        kind=EntryKind.ALLOCATION,
                        bucket="ENTITLEMENT",
                        amount=amount,
                        effective_date=date(y, 1, 1),
                        reason=f"Jaarbudget {y}: 12/12",
                        idempotency_key=f"allocation:{budget.pk}:{y}",
                    )
                )
            pab = budget.kind == BudgetKind.PAB
            # Wages spend between 55 % and 105 % of the yearly amount: some budgets run over.
            monthly = yearly[year] * Decimal(str(rng.uniform(0.55, 1.05))) / 12
            hourly = Decimal(rng.randint(1750, 2400)) / 100
            hours = min(Decimal(38), round_cents(monthly / hourly / Decimal("4.33")))
            hours = max(hours, Decimal(4))
            assistant = f"Assistent {budget.pk}"
            own = [
                _contract(
                    budget.pk,
                    "PAB_EMPLOYMENT" if pab else "PVB_EMPLOYMENT",
                    status=ContractStatus.APPROVED,
                    start=first,
                    counterparty_kind="PERSON",
                    counterparty_name=assistant,
                    counterparty_enterprise_number="",
                    counterparty_national_number=f"8{budget.pk:010d}",
                    weekly_hours=hours,
                    hourly_cost=hourly,
                )
            ]
            roles = ["employment"]
            # Which budget has which other contract: by its position, so every world has each.
            if index % 2 == 0:
                own.append(
                    _contract(
                        budget.pk,
                        "PAB_SERVICE_VOUCHERS" if pab else "PVB_SERVICE_VOUCHERS",
                        status=ContractStatus.APPROVED,
                        start=first,
                        provider_kind="SERVICE_VOUCHER_COMPANY",
                        hourly_cost=SERVICE_VOUCHER_PRICE,
                    )
                )
                roles.append("vouchers")
            if pab and index % 10 < 2:
                own.append(
                    _contract(
                        budget.pk,
                        "PAB_LICENSED_SHORT_TERM",
                        status=ContractStatus.APPROVED,
                        start=first,
                        provider_kind="LICENSED",
                        weekly_hours=Decimal("0.00"),
                    )
                )
                roles.append("short_term")
            if index % 10 in (2, 3):
                own.append(
                    _contract(
                        budget.pk,
                        "PAB_TEMP_AGENCY" if pab else "PVB_TEMP_AGENCY",
                        status=ContractStatus.REGISTERED,
                        start=date(year, 1, 1),
                        provider_kind="TEMP_AGENCY",
                        hourly_cost=Decimal("32.00"),
                    )
                )
                roles.append("pending")
            contracts.extend(own)
            world.append(
                BenchBudget(
                    pk=budget.pk,
                    kind=budget.kind,
                    yearly=yearly[year],
                    assistant=assistant,
                    employment=0,
                    hourly=hourly,
                    weekly_hours=hours,
                )
            )
            roles_of.append(roles)
        Contract.objects.bulk_create(contracts, batch_size=2000)
        position = 0
        for item, roles in zip(world, roles_of, strict=True):
            for role in roles:
                setattr(item, role, contracts[position].pk)
                position += 1
        Entry.objects.bulk_create(entries, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = World(year=year, budgets=world, seconds=time.perf_counter() - started)
    if out:
        out(
            f"  generated {len(world)} budgets ({sum(b.kind == 'PAB' for b in world)} PAB), "
            f"{result.contracts} contracts, {len(entries)} allocations in {result.seconds:.1f} s"
        )
    return result


# --- the cost file ---------------------------------------------------------------------------


@dataclass
class Drawn:
    rows: list[dict[str, str]]  # COLUMN_NAMES -> cell text
    invalid: int  # rows drawn bad on purpose
    mix: Counter = field(default_factory=Counter)


def _money(value: Decimal) -> str:
    return f"{round_cents(value):.2f}".replace(".", ",")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _month(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return start, end


def _weights() -> tuple[list[str], list[float]]:
    """The mix's names and cumulative weights (for ``random.choices``)."""
    return [name for name, _w in MIX], list(itertools.accumulate(w for _n, w in MIX))


def cost_rows(
    world: World,
    lines: int,
    *,
    seed: int = 2023,
    invalid_share: float = 0.03,
    last_month: int | None = None,
) -> Drawn:
    """``lines`` cost lines over the world's budgets, in the file's column layout (text cells,
    as a filer's CSV or Excel holds them). Deterministic for a seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not a secret
    year = world.year
    last_month = last_month or 12
    names, weights = _weights()
    drawn = Drawn(rows=[], invalid=0)
    budgets = world.budgets
    position = {b.pk: i for i, b in enumerate(budgets)}
    every_invalid = round(1 / invalid_share) if invalid_share > 0 else 0
    for n in range(lines):
        b = budgets[n % len(budgets)] if n < len(budgets) else rng.choice(budgets)
        what = rng.choices(names, cum_weights=weights)[0]
        # Fall back to a wage where the budget has no contract of that sort.
        if what == "service_vouchers" and b.vouchers is None:
            what = "wage"
        if what == "short_term" and b.short_term is None:
            what = "wage"
        if what == "waiting_contract" and b.pending is None:
            what = "wage"
        month = rng.randint(1, last_month)
        start, end = _month(year, month)
        row = {
            "budget": str(b.pk),
            "year": str(year),
            "contract": str(b.employment),
            "kind": "WAGE",
            "booking_type": "kost",
            "from": _day(start),
            "to": _day(end),
            "assistant": b.assistant,
            "quantity": "",
            "amount": "",
            "description": "",
            "late_reason": "",
        }
        monthly = b.hourly * b.weekly_hours * Decimal("4.33")
        if what == "wage":
            row["amount"] = _money(monthly * Decimal(str(rng.uniform(0.8, 1.05))))
            row["quantity"] = _money(b.weekly_hours * Decimal("4.33"))
            row["description"] = f"Loon {month:02d}/{year}"
        elif what == "secretariat":
            row["kind"] = "SOCIAL_SECRETARIAT_INVOICE"
            row["amount"] = _money(Decimal(rng.randint(2500, 6500)) / 100)
        elif what == "meal_vouchers":
            row["kind"] = "MEAL_VOUCHERS"
            days = rng.randint(8, 21)
            row["quantity"] = str(days)
            row["amount"] = _money(Decimal(days) * Decimal("6.91"))
        elif what == "other_premium":
            row["kind"] = "OTHER_PREMIUMS"
            row["amount"] = _money(Decimal(rng.randint(5000, 25000)) / 100)
        elif what == "year_end_premium":
            row["kind"] = "YEAR_END_PREMIUM"
            row["from"], row["to"] = _day(date(year, 1, 1)), _day(_month(year, last_month)[1])
            row["amount"] = _money(monthly * Decimal("0.6"))
        elif what == "gift":
            row["kind"] = "GIFT"
            row["from"] = row["to"]
            row["amount"] = _money(Decimal(rng.choice((25, 30, 35, 40, 45, 50))))
            row["description"] = "Geschenkbon"
        elif what == "service_vouchers":
            row["contract"] = str(b.vouchers)
            row["kind"] = "SERVICE_VOUCHERS"
            row["assistant"] = PROVIDER
            count = rng.randint(4, 30)
            row["quantity"] = str(count)
            row["amount"] = _money(Decimal(count) * SERVICE_VOUCHER_PRICE)
        elif what == "short_term":
            row["contract"] = str(b.short_term)
            row["kind"] = "PROVIDER_INVOICE"
            row["assistant"] = PROVIDER
            days = rng.randint(1, 4)
            row["quantity"] = str(days)
            row["amount"] = _money(Decimal(days) * SHORT_TERM_DAY_PRICE)
        elif what == "credit_note":
            row["booking_type"] = "creditnota"
            row["amount"] = _money(Decimal(rng.randint(2000, 25000)) / 100)
            row["description"] = "Correctie loon"
        elif what in ("late", "late_without_reason"):
            # The year before, filed after its deadline: with a reason it waits for the agency.
            start, end = _month(year - 1, rng.randint(9, 12))
            row["year"] = str(year - 1)
            row["from"], row["to"] = _day(start), _day(end)
            row["amount"] = _money(monthly)
            row["late_reason"] = LATE_REASON if what == "late" else ""
        elif what == "waiting_contract":
            row["contract"] = str(b.pending)
            row["kind"] = "TEMP_AGENCY_INVOICE"
            row["assistant"] = PROVIDER
            row["amount"] = _money(Decimal(rng.randint(20000, 90000)) / 100)
        elif what == "never_payable":
            row["kind"] = NEVER_PAYABLE_KIND
            row["amount"] = _money(Decimal(rng.randint(3000, 9000)) / 100)
        drawn.mix[what] += 1
        if every_invalid and n % every_invalid == every_invalid // 2:
            spoil = INVALID_KINDS[drawn.invalid % len(INVALID_KINDS)]
            if spoil == "amount_precision":
                row["amount"] = row["amount"] + "5"  # three decimals
            elif spoil == "amount_negative":
                row["amount"] = "-" + row["amount"]
            elif spoil == "date":
                row["to"] = f"31/02/{row['year']}"
            elif spoil == "kind":
                row["kind"] = "ONBEKENDE_SOORT"
            else:
                other = budgets[(position[b.pk] + 1) % len(budgets)] if len(budgets) > 1 else b
                row["contract"] = str(other.employment)
            drawn.invalid += 1
            drawn.mix["invalid:" + spoil] += 1
        drawn.rows.append(row)
    return drawn


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """A CSV file as Excel writes it in Belgium (UTF-8, semicolons, decimal commas)."""
    columns = _columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([columns[name] for name in COLUMN_NAMES])
    for row in rows:
        writer.writerow([row[name] for name in COLUMN_NAMES])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    """An Excel file with the same text cells (a write-only workbook)."""
    from openpyxl import Workbook

    from budgetlijn.costs import fileformat

    columns = _columns()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(fileformat.COSTS_SHEET)
    sheet.append([columns[name] for name in COLUMN_NAMES])
    for row in rows:
        sheet.append([row[name] for name in COLUMN_NAMES])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- timing the pipeline ---------------------------------------------------------------------


class Stopwatch:
    """Cumulative seconds per label, gathered by wrapping module attributes for one run."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()

    def wrap(self, owner, name: str, label: str | Callable[..., str]):
        original = getattr(owner, name)
        if not callable(label):  # the lean wrapper (decide runs once per line)
            seconds, calls, clock = self.seconds, self.calls, time.perf_counter

            def timed_fixed(*args, **kwargs):
                began = clock()
                try:
                    return original(*args, **kwargs)
                finally:
                    seconds[label] += clock() - began
                    calls[label] += 1

            return owner, name, original, timed_fixed

        def timed(*args, **kwargs):
            key = label(*args, **kwargs) if callable(label) else label
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - began
                self.calls[key] += 1

        return owner, name, original, timed

    @contextmanager
    def watching(self) -> Iterator[Stopwatch]:
        from budgetlijn.costs import fileformat, imports, services

        patches = [
            self.wrap(fileformat, "parse_cost_file", "parse"),
            self.wrap(
                imports,
                "file_statements",
                lambda *a, **k: "check (dry runs)" if k.get("dry_run") else "file",
            ),
            self.wrap(services, "book_batch", "ledger"),
            self.wrap(services.Decider, "decide", "decide"),
            self.wrap(services.Decider, "decide_filed", "decide"),
            self.wrap(services.Decider, "load", "load state"),
            self.wrap(services, "clean_statement", "clean fields"),
            self.wrap(services.selectors.ContractIndex, "__init__", "contracts"),
            self.wrap(services, "insert_rows", "insert lines"),
            self.wrap(services, "lock_budget_rows", "lock budgets"),
        ]
        for owner, name, _original, timed in patches:
            setattr(owner, name, timed)
        try:
            yield self
        finally:
            for owner, name, original, _timed in patches:
                setattr(owner, name, original)


@dataclass
class PipelineResult:
    lines: int  # rows of the file
    valid: int  # rows booked
    invalid_rows: int  # rows the check reported bad
    outcomes: dict[str, int]
    wait_reasons: dict[str, int]
    accepted: Decimal
    committed: Decimal
    check_seconds: float
    book_seconds: float
    split: dict[str, float]
    cpu_seconds: float = 0.0  # this process's CPU time over check and book (SQLite runs in it)

    @property
    def seconds(self) -> float:
        return self.check_seconds + self.book_seconds


def committed_total() -> Decimal:
    """What the ledger holds committed over all budgets (the sum of the entries)."""
    total = Entry.objects.filter(kind=EntryKind.COMMITMENT).aggregate(s=Sum("amount"))["s"]
    return round_cents(total or ZERO)


def run_pipeline(data: bytes, filename: str, *, by=None) -> PipelineResult:
    """Check and book a cost file the way a filer does, timed; the counts to check after."""
    from budgetlijn.costs import imports
    from budgetlijn.costs.constants import FiledByRole

    watch = Stopwatch()
    with watch.watching():
        cpu_began = time.process_time()
        began = time.perf_counter()
        report = imports.check_file(
            data,
            filename,
            by=by,
            role=FiledByRole.ASSISTANCE_ORGANISATION,
            organisation=ORGANISATION,
        )
        checked = time.perf_counter()
        # as the import command books: in the same process, with what the check typed
        booked = imports.book_file(report.cost_import, by=by, only_valid_rows=True, checked=report)
        done = time.perf_counter()
        cpu = time.process_time() - cpu_began
    outcomes = dict(Counter(CostLine.objects.values_list("outcome", flat=True)))
    waits = dict(
        Counter(
            CostLine.objects.filter(outcome=Outcome.WAITING).values_list("wait_reason", flat=True)
        )
    )
    accepted = CostLine.objects.aggregate(s=Sum("accepted_amount"))["s"] or ZERO
    split = dict(watch.seconds)
    split["file"] = split.get("file", 0.0) - split.get("ledger", 0.0)
    # The dry runs decide too: ``decide`` and ``load state`` are inside the two phases.
    return PipelineResult(
        lines=report.cost_import.row_count,
        valid=sum(booked.outcomes.values()),
        invalid_rows=len({e["row"] for e in report.errors}),
        outcomes=outcomes,
        wait_reasons=waits,
        accepted=round_cents(accepted),
        committed=committed_total(),
        check_seconds=checked - began,
        book_seconds=done - checked,
        split=split,
        cpu_seconds=cpu,
    )


# --- the baseline: a bare executemany into costs_costline ------------------------------------


def _bare_values(world: World, rows: list[dict[str, str]], statements: dict[int, int]):
    """Per row, a value for every column of costs_costline but the id, as the pipeline fills
    them (an accepted line), each prepared for the database by its own field: what Django would
    bind. The columns come from the model, so the baseline follows the table."""
    fields = [f for f in CostLine._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    numbers: Counter = Counter()
    prepared = []
    for row in rows:
        budget = int(row["budget"])
        numbers[budget] += 1
        day, month, year = (int(p) for p in row["from"].split("/"))
        start = date(year, month, day)
        amount = Decimal(row["amount"].lstrip("-").replace(",", ".")).quantize(CENT)
        quantity = Decimal(row["quantity"].replace(",", ".")) if row["quantity"] else None
        known = {
            "statement": statements[budget],
            "line_no": numbers[budget],
            "budget": budget,
            "year": int(row["year"]),
            "contract": int(row["contract"]),
            "cost_kind": row["kind"],
            "booking_type": "CREDIT_NOTE" if row["booking_type"] == "creditnota" else "COST",
            "period_from": start,
            "period_to": start + timedelta(days=27),
            "assistant": row["assistant"],
            "quantity": quantity,
            "accepted_quantity": quantity,
            "amount": amount,
            "description": row["description"],
            "late_reason": row["late_reason"],
            "outcome": Outcome.ACCEPTED,
            "allowed_amount": amount,
            "accepted_amount": amount,
            "violations": [],
            "decided_at": now,
        }
        prepared.append(
            tuple(
                f.get_db_prep_save(
                    known[f.name] if f.name in known else f.get_default(), connection
                )
                for f in fields
            )
        )
    return [f.column for f in fields], prepared


# The CPU time of the last baseline (the median of its runs; this process's: on SQLite the
# whole insert runs in it).
BARE_CPU_SECONDS = [0.0]
BARE_RUNS = 3  # the baseline is the median of this many bare inserts (the pipeline books once)


def _bare_insert_once(world: World, rows: list[dict[str, str]]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``executemany`` of these rows into costs_costline
    (one transaction, committed), measured on the empty table; the rows and their statements
    are deleted again afterwards. One statement per budget is made first (not timed): the lines
    need one."""
    table = CostLine._meta.db_table
    budget_ids = sorted({int(row["budget"]) for row in rows})
    with transaction.atomic():
        made = CostStatement.objects.bulk_create(
            [
                CostStatement(
                    budget_id=pk,
                    year=world.year,
                    filed_on=date(world.year, 12, 1),
                    filed_by_role="AGENCY",
                    source="FILE",
                    idempotency_key=f"bench-bare:{pk}",
                    request_hash="0" * 64,
                )
                for pk in budget_ids
            ],
            batch_size=2000,
        )
    if any(s.pk is None for s in made):  # pragma: no cover - every supported backend returns ids
        made = list(CostStatement.objects.filter(idempotency_key__startswith="bench-bare:"))
    statements = {s.budget_id: s.pk for s in made}
    columns, values = _bare_values(world, rows, statements)
    mark = "?" if connection.vendor == "sqlite" else "%s"
    marks = ", ".join([mark] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    # The driver's own cursor: no Django wrapper, no query log, nothing but the insert.
    cpu_began = time.process_time()
    began = time.perf_counter()
    with transaction.atomic():
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(sql, values)
        finally:
            cursor.close()
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    with transaction.atomic():
        CostLine.objects.filter(statement__idempotency_key__startswith="bench-bare:").delete()
        CostStatement.objects.filter(idempotency_key__startswith="bench-bare:").delete()
    return seconds, cpu


def bare_insert(world: World, rows: list[dict[str, str]], runs: int = BARE_RUNS) -> float:
    """The baseline: the median wall seconds of ``runs`` bare inserts of these rows, each into
    the emptied table (``_bare_insert_once``); ``BARE_CPU_SECONDS`` holds the median of their CPU
    times. A median, not the best: one run slowed down by the machine's other work does not move
    it, and neither does one lucky run. The tables are left as they were."""
    walls, cpus = [], []
    for _run in range(max(1, runs)):
        wall, cpu = _bare_insert_once(world, rows)
        walls.append(wall)
        cpus.append(cpu)
    BARE_CPU_SECONDS[0] = statistics.median(cpus)
    return statistics.median(walls)


# --- the whole run ---------------------------------------------------------------------------


def throwaway_settings() -> None:
    """On the throwaway SQLite file: no syncing to disk and a cache that holds the tables, as
    the statistics bench does and as the throwaway PostgreSQL cluster runs (fsync off). The
    pipeline and the bare insert share the connection, so both run with these settings."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")


def bench_year(today: date | None = None) -> int:
    """The budget year the bench files costs for: this year, filed today (on time)."""
    return (today or timezone.localdate()).year


def run(
    lines: int,
    budgets: int | None = None,
    *,
    fmt: str = "csv",
    seed: int = 2023,
    invalid_share: float = 0.03,
    out: Callable[[str], None] = print,
    profile: str | None = None,
) -> PipelineResult:
    """Generate, time the pipeline and the bare insert, print the figures and the costs: line."""
    budgets = budgets or max(10, lines // 33)
    today = timezone.localdate()
    throwaway_settings()
    world = generate_world(budgets, year=bench_year(today), seed=seed, out=out)
    began = time.perf_counter()
    drawn = cost_rows(
        world, lines, seed=seed, invalid_share=invalid_share, last_month=max(1, today.month - 1)
    )
    data = to_xlsx(drawn.rows) if fmt == "xlsx" else to_csv(drawn.rows)
    out(
        f"  drew {lines} cost lines ({drawn.invalid} bad on purpose) as a {len(data) // 1024} KiB "
        f"{fmt.upper()} file in {time.perf_counter() - began:.1f} s"
    )
    bare = bare_insert(world, drawn.rows)
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(run_pipeline, data, f"kosten.{fmt}")
        profiler.dump_stats(profile)
    else:
        result = run_pipeline(data, f"kosten.{fmt}")
    report(result, bare, connection.vendor, out)
    return result


def report(result: PipelineResult, bare: float, vendor: str, out: Callable[[str], None]) -> None:
    n = result.lines
    pipeline_rate = n / result.seconds if result.seconds else float("inf")
    bare_rate = n / bare if bare else float("inf")
    out(
        f"  check {result.check_seconds:.1f} s, book {result.book_seconds:.1f} s; "
        f"{result.valid} lines booked, {result.invalid_rows} bad rows reported"
    )
    out(
        "  outcomes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(result.outcomes.items()))
        + "; waiting: "
        + ", ".join(f"{k} {v}" for k, v in sorted(result.wait_reasons.items()))
    )
    out(f"  accepted {result.accepted} = committed in the ledger {result.committed}")
    cpu_ratio = None
    if vendor == "sqlite" and result.cpu_seconds and BARE_CPU_SECONDS[0]:
        # On a busy machine the wall times above wander; the CPU times of this process do not
        # (SQLite runs inside it), so their ratio is the figure to compare between runs.
        cpu_ratio = BARE_CPU_SECONDS[0] / result.cpu_seconds
        out(
            f"  CPU time of this process: pipeline {result.cpu_seconds:.2f} s, bare "
            f"{BARE_CPU_SECONDS[0]:.2f} s, ratio {cpu_ratio:.3f}"
        )
    total = result.seconds
    parts = sorted(result.split.items(), key=lambda item: -item[1])
    out(
        "  where the time goes (share of the pipeline; decide and load state are inside check "
        "and file): "
        + ", ".join(
            f"{label} {seconds:.1f} s ({100 * seconds / total:.0f} %)" for label, seconds in parts
        )
    )
    other = total - sum(
        s for k, s in result.split.items() if k in ("parse", "check (dry runs)", "file", "ledger")
    )
    out(f"  other (storing the file, grouping rows, audit, queries after): {other:.1f} s")
    ratio = pipeline_rate / bare_rate if bare_rate else 0.0
    out(
        f"  database: {vendor}; baseline = the median of {BARE_RUNS} bare executemany runs of the "
        "same rows into the emptied costs_costline, in this run; the pipeline runs once; "
        "ratio = pipeline lines/s / bare lines/s (higher is better)"
    )
    cpu = f", CPU ratio {cpu_ratio:.3f}" if cpu_ratio is not None else ""
    out(
        f"costs: {n} lines in {result.seconds:.1f} s ({pipeline_rate:.0f} lines/s), bare "
        f"executemany {bare:.2f} s (median of {BARE_RUNS}), ratio {ratio:.3f}{cpu}"
    )
