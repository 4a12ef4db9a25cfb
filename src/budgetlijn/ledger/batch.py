"""The ledger's batch path: many bookings, one transaction, a fixed number of queries
(docs/decisions/0014).

``book_batch(requests, by=None)`` books a sequence of ``BookingRequest`` and returns one
``BookingResult`` per request, in the same order, with the same guarantees as ``services.book``
/ ``pay`` one by one: the budget line (R26-R28) and the outstanding advance (R13) never go
below zero, a year is booked on only once it has its allocation, an idempotency key books
once. What it does, whatever the number of requests:

1. validate every request with the single path's pure validators (no query);
2. lock every budget of the batch in one statement, in primary key order (``lock_budget_rows``:
   the order every writer follows, so two batches never deadlock);
3. read, with one query each (per 10 000 values: ``IN_LIST_SIZE``): the entries already stored under the batch's idempotency keys,
   the commitments the batch releases (with their reversal, if any), and the running balances
   (``BudgetYearBalance``) of every budget of the batch: its lines, its allocations and its
   advance, without summing any history;
4. decide every request in memory, in request order, against those balances as the earlier
   requests of the batch leave them (integer cents);
5. insert the entries with one ``bulk_create`` and one audit event per entry with another (on
   SQLite Django splits a bulk insert into statements of at most 999 parameters: about 90
   entries or 120 audit rows each); the database trigger updates the running balances.

Everything runs in one ``transaction.atomic`` block: inside a caller's transaction it is a
savepoint, so the caller may chunk a large run and book each chunk (or everything) at once.

Groups: requests with the same ``group`` succeed or fail together. A group is decided at the
position of its first request, all its requests one after the other in their order (for the
lines of one statement, which come together, that is just request order). When one fails,
none of the group is booked: the failing request keeps its own status (the first one that
failed, in group order; an INVALID request always shows INVALID, and an EXISTS one, booked
earlier, EXISTS), every other request of the group gets LINKED_FAILED, and the balances are as
before the group.

Idempotency: a key already stored with the same (budget, year, kind, amount) answers EXISTS
with the stored entry's id (nothing booked: a resend is harmless); with other values
EXISTS_DIFFERENT. A key is unique within a batch too: a second request with a key used
earlier in the same batch is INVALID. A request refused for a state-dependent reason (no
allocation, over the line) stores nothing, so its key may be sent again later.

Status precedence (TigerBeetle's ``create_transfers`` style: the first that applies wins):

1. INVALID: the request itself is wrong (kind, year, amount, sign, reason, key, unknown
   budget, a release that is no open commitment of the same budget year, a key repeated
   in the batch); state-independent, so decided before anything is read;
2. EXISTS / EXISTS_DIFFERENT: its key is already stored (same values / other values);
3. NO_ALLOCATION: the year has no allocation yet;
4. EXCEEDS_BUDGET_LINE: it would take the budget line below zero (R26; also an entitlement
   decrease: code BUDGET_LINE_NEGATIVE) or EXCEEDS_ADVANCE: repay more advance than is
   outstanding (R13);
5. LINKED_FAILED: another request of its group failed;
6. CREATED.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record_rows, user_or_none
from budgetlijn.fast_insert import insert_rows, plain_in
from budgetlijn.ledger import services
from budgetlijn.ledger.constants import (
    ENTITLEMENT_BUCKETS,
    IDEMPOTENCY_KEY_LENGTH,
    KIND_RULES,
    LEDGER_RULE,
    MAX_YEAR,
    MIN_YEAR,
    NEEDS_ALLOCATION_KINDS,
    SPENDING_BUCKETS,
    Bucket,
    EntryKind,
    ErrorCode,
    SignRule,
)
from budgetlijn.ledger.locks import lock_budget_rows
from budgetlijn.ledger.models import BudgetYearBalance, Entry
from budgetlijn.ledger.selectors import from_cents
from budgetlijn.rules.money import format_eur, round_cents
from budgetlijn.rules.violations import Violation

# How many times the batch is decided again when a concurrent transaction stored one of its
# idempotency keys (for another budget) between the read and the insert.
KEY_RACE_RETRIES = 3
# The most values one IN (...) list takes (SQLite allows 32 766 parameters a statement): a
# batch of more keys, releases or budgets reads them with one query per this many.
IN_LIST_SIZE = 10_000


class BatchStatus(StrEnum):
    """What became of one request of a batch (precedence in the module docstring)."""

    CREATED = "created"
    EXISTS = "exists"
    EXISTS_DIFFERENT = "exists_different"
    INVALID = "invalid"
    NO_ALLOCATION = "no_allocation"
    EXCEEDS_BUDGET_LINE = "exceeds_budget_line"
    EXCEEDS_ADVANCE = "exceeds_advance"
    LINKED_FAILED = "linked_failed"


SUCCESS = frozenset({BatchStatus.CREATED, BatchStatus.EXISTS})


class BookingRequest(NamedTuple):
    """One booking as the caller means it: ``amount`` positive for every kind except an
    ADJUSTMENT (either sign), as for ``services.book``. A named tuple: as immutable as a frozen
    dataclass and made in half the time (a cost file makes one per line)."""

    budget_id: int
    year: int
    kind: str
    amount: Decimal
    reason: str
    effective_date: date | None = None
    idempotency_key: str | None = None
    group: Hashable | None = None
    releases_entry_id: int | None = None


@dataclass(frozen=True)
class BookingResult:
    status: BatchStatus
    entry_id: int | None = None
    violations: list[Violation] = field(default_factory=list)
    release_entry_id: int | None = None  # the reversal of the released commitment

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS


@dataclass(slots=True)  # one per request of a batch
class _Checked:
    """A request after validation: what would be stored."""

    index: int
    request: BookingRequest
    violations: list[Violation]
    stored: Decimal | None = None
    cents: int = 0
    bucket: str | None = None
    reason: str = ""
    key: str | None = None


# Kinds whose positive amount is stored as given (SignRule.POSITIVE): the common case.
_STORED_AS_GIVEN = frozenset(
    kind for kind, (_bucket, rule) in KIND_RULES.items() if rule is SignRule.POSITIVE
)


def _validate(index: int, request: BookingRequest) -> _Checked:
    """``_validate_fully``, with the common case (a positive amount in cents of a kind stored
    as given, a year in range, a reason and a key) checked in one pass: the same result, half
    the time (a test compares the two on every kind of input)."""
    amount, kind, year = request.amount, request.kind, request.year
    if (
        type(amount) is Decimal
        and kind in _STORED_AS_GIVEN
        and type(year) is int
        and MIN_YEAR <= year <= MAX_YEAR
        and amount.is_finite()
        and 0 < amount < services.MAX_AMOUNT
        and type(request.reason) is str
        and type(request.idempotency_key) is str
    ):
        cents = round_cents(amount)
        reason = request.reason.strip()
        key = request.idempotency_key.strip()
        if cents == amount and reason and key and len(key) <= IDEMPOTENCY_KEY_LENGTH:
            checked = _Checked(index, request, [], cents, int(cents.scaleb(2)), None, reason, key)
            checked.bucket = KIND_RULES[kind][0]
            return checked
    return _validate_fully(index, request)


def _validate_fully(index: int, request: BookingRequest) -> _Checked:
    violations = services._kind_violations(request.kind)
    kind_ok = not violations
    violations += services._year_violations(request.year)
    cents, more = services._amount_violations(request.amount)
    violations += more
    stored = None
    if cents is not None and kind_ok:
        stored, more = services._signed_amount(request.kind, cents)
        violations += more
    reason, more = services._clean_reason(request.reason)
    violations += more
    key, more = services._clean_key(request.idempotency_key)
    violations += more
    checked = _Checked(index, request, violations, reason=reason, key=key)
    if not violations:
        checked.stored = stored
        checked.cents = int(stored.scaleb(2))
        checked.bucket = KIND_RULES[request.kind][0]
    return checked


def _violation(code: ErrorCode, message: str, field_name: str = "", **params) -> Violation:
    return Violation(LEDGER_RULE, code, message, field=field_name, params=params)


def _duplicate_key(key: str) -> Violation:
    return _violation(
        ErrorCode.IDEMPOTENCY_KEY_DUPLICATE_IN_BATCH,
        gettext_noop(
            "De idempotentiesleutel '%(key)s' komt al eerder in deze reeks boekingen voor. "
            "Geef elke boeking een eigen sleutel."
        ),
        "idempotency_key",
        key=key,
    )


def _unknown_budget(budget_id) -> Violation:
    return _violation(
        ErrorCode.BUDGET_UNKNOWN,
        gettext_noop("Budget %(budget)s bestaat niet. Controleer het budgetnummer."),
        "budget",
        budget=budget_id,
    )


def _key_reused(entry_id: int) -> Violation:
    return _violation(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        gettext_noop(
            "Deze idempotentiesleutel hoort al bij een andere boeking (#%(entry)s). Gebruik een "
            "nieuwe sleutel voor een nieuwe boeking."
        ),
        "idempotency_key",
        entry=entry_id,
    )


def _linked_failed(index: int) -> Violation:
    return _violation(
        ErrorCode.LINKED_REQUEST_FAILED,
        gettext_noop(
            "Deze boeking hoort bij een groep die alleen samen geboekt wordt, en boeking "
            "%(request)s van die groep werd geweigerd. Er werd niets van de groep geboekt."
        ),
        request=index + 1,
    )


def _release_violations(commitment: dict | None, release_id, request, released: set):
    """A release must name an open COMMITMENT of the request's budget and year."""
    if commitment is None or commitment["kind"] != EntryKind.COMMITMENT:
        return [
            _violation(
                ErrorCode.NOT_A_COMMITMENT,
                gettext_noop("Boeking #%(entry)s is geen vastlegging."),
                "releases_entry_id",
                entry=release_id,
            )
        ]
    if commitment["budget_id"] != request.budget_id or commitment["year"] != request.year:
        return [
            _violation(
                ErrorCode.COMMITMENT_OTHER_BUDGET_YEAR,
                gettext_noop(
                    "Vastlegging #%(entry)s hoort bij een ander budget of budgetjaar. Kies de "
                    "vastlegging van dit budget en jaar."
                ),
                "releases_entry_id",
                entry=release_id,
            )
        ]
    if commitment["reversed_by"] is not None or release_id in released:
        return [
            _violation(
                ErrorCode.ALREADY_REVERSED,
                gettext_noop(
                    "Boeking #%(entry)s is al tegengeboekt. Een boeking wordt maar één keer "
                    "tegengeboekt."
                ),
                "releases_entry_id",
                entry=release_id,
            )
        ]
    return []


# What ``_State`` reads of a budget year's running balance (tuples: no model instances).
_STATE_COLUMNS = (
    "budget_id",
    "year",
    "entitlement",
    "premium",
    "via",
    "paid",
    "committed",
    "allocations",
    "advance",
)


class _State:
    """The running balances of the batch's budgets, in cents, as the decided requests leave
    them: line per (budget, year), allocation per (budget, year), advance per budget."""

    def __init__(self, rows):
        self.line: dict[tuple[int, int], int] = defaultdict(int)
        self.allocated: set[tuple[int, int]] = set()
        self.advance: dict[int, int] = defaultdict(int)
        for (
            budget_id,
            year,
            entitlement,
            premium,
            via,
            paid,
            committed,
            allocations,
            advance,
        ) in rows:
            key = (budget_id, year)
            self.line[key] = entitlement + premium + via - paid - committed
            if allocations:
                self.allocated.add(key)
            self.advance[budget_id] += advance

    def snapshot(self):
        return dict(self.line), set(self.allocated), dict(self.advance)

    def restore(self, snapshot) -> None:
        line, allocated, advance = snapshot
        self.line = defaultdict(int, line)
        self.allocated = allocated
        self.advance = defaultdict(int, advance)

    def decide(self, checked: _Checked, release_cents: int) -> tuple[BatchStatus, list]:
        """Check ``checked`` against the balances and apply it when it passes."""
        request = checked.request
        key = (request.budget_id, request.year)
        if request.kind in NEEDS_ALLOCATION_KINDS and key not in self.allocated:
            return BatchStatus.NO_ALLOCATION, [services.no_allocation_violation(request.year)]
        if checked.bucket == Bucket.ADVANCE:
            outstanding = self.advance[request.budget_id]
            if checked.cents < 0 and outstanding + checked.cents < 0:
                return BatchStatus.EXCEEDS_ADVANCE, services.advance_violations(
                    from_cents(outstanding), checked.stored
                )
            self.advance[request.budget_id] = outstanding + checked.cents
            return BatchStatus.CREATED, []
        line = self.line[key] + release_cents
        change = 0
        if checked.bucket in ENTITLEMENT_BUCKETS:
            change = checked.cents
        elif checked.bucket in SPENDING_BUCKETS:
            change = -checked.cents
        if change < 0 and line + change < 0:
            violations = services.line_violations(
                from_cents(line), request.year, checked.bucket, checked.stored
            )
            return BatchStatus.EXCEEDS_BUDGET_LINE, violations
        self.line[key] = line + change
        if request.kind == EntryKind.ALLOCATION:
            self.allocated.add(key)
        return BatchStatus.CREATED, []


def book_batch(
    requests: Sequence[BookingRequest], *, by=None, audit: bool = True
) -> list[BookingResult]:
    """Book ``requests``; one result per request, in the same order (see the module
    docstring for what is checked, the groups, the idempotency keys and the statuses).

    ``audit=False``: the caller records, in the same transaction, one audit event per group
    of its own that names every entry of the group (the cost pipeline: one event per cost
    statement with its entries, decision 0014); no event per entry is written here then."""
    requests = list(requests)
    if not requests:
        return []
    for attempt in range(KEY_RACE_RETRIES):
        try:
            with transaction.atomic():
                return _book(requests, by, audit)
        except IntegrityError:
            # A concurrent transaction stored one of the keys (for a budget this batch does
            # not lock) after it was read: decide again, it is now read as stored.
            if attempt == KEY_RACE_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _chunks(values: list, size: int = IN_LIST_SIZE):
    """``values`` in slices an ``IN (...)`` list of one query can hold on every backend."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _book(requests: list[BookingRequest], by, audit: bool = True) -> list[BookingResult]:
    checked = [_validate(i, request) for i, request in enumerate(requests)]
    results: list[BookingResult | None] = [None] * len(requests)

    seen_keys: set[str] = set()
    for item in checked:
        if item.key is None:
            continue
        if item.key in seen_keys:
            item.violations.append(_duplicate_key(item.key))
        seen_keys.add(item.key)

    locked = lock_budget_rows(
        {item.request.budget_id for item in checked if isinstance(item.request.budget_id, int)}
    )
    for item in checked:
        if item.request.budget_id not in locked:
            item.violations.append(_unknown_budget(item.request.budget_id))

    keys = [item.key for item in checked if item.key is not None and not item.violations]
    stored_by_key = {}
    if keys:
        stored_by_key = {
            row["idempotency_key"]: row
            for chunk in _chunks(keys)
            for row in Entry.objects.filter(plain_in("idempotency_key", chunk, str)).values(
                "pk", "idempotency_key", "budget_id", "year", "kind", "amount"
            )
        }
    release_ids = {
        item.request.releases_entry_id
        for item in checked
        if item.request.releases_entry_id is not None and not item.violations
    }
    commitments = {}
    if release_ids:
        commitments = {
            row["pk"]: row
            for chunk in _chunks(list(release_ids))
            for row in Entry.objects.filter(plain_in("pk", chunk, int)).values(
                "pk", "budget_id", "year", "kind", "amount", "reversed_by"
            )
        }
    state = _State(
        row
        for chunk in _chunks(list(locked))
        for row in BudgetYearBalance.objects.filter(plain_in("budget_id", chunk, int)).values_list(
            *_STATE_COLUMNS
        )
    )

    # Decide, in request order; a group at the position of its first request.
    members: dict[Hashable, list[_Checked]] = defaultdict(list)
    for item in checked:
        if item.request.group is not None:
            members[item.request.group].append(item)
    released: set[int] = set()
    accepted: list[_Checked] = []  # in decision order: booked in this order
    releases: dict[int, dict] = {}  # request index -> the commitment it releases
    done_groups: set = set()
    for item in checked:
        group = item.request.group
        if group is None:
            unit = [item]
        elif group in done_groups:
            continue
        else:
            done_groups.add(group)
            unit = members[group]
        snapshot = state.snapshot() if len(unit) > 1 else None
        unit_results: dict[int, BookingResult] = {}
        unit_accepted: list[_Checked] = []
        unit_released: list[int] = []
        failed_at: int | None = None
        for member in unit:
            result = _decide(member, state, stored_by_key, commitments, released)
            unit_results[member.index] = result
            if result.status == BatchStatus.CREATED:
                unit_accepted.append(member)
                if member.request.releases_entry_id is not None:
                    releases[member.index] = commitments[member.request.releases_entry_id]
                    released.add(member.request.releases_entry_id)
                    unit_released.append(member.request.releases_entry_id)
            elif not result.ok and failed_at is None:
                failed_at = member.index
        if failed_at is not None and len(unit) > 1:
            state.restore(snapshot)
            released.difference_update(unit_released)
            for member in unit:
                releases.pop(member.index, None)
                own = unit_results[member.index]
                # an invalid request says what is wrong with it, and a stored one stays stored
                keep = (BatchStatus.INVALID, BatchStatus.EXISTS)
                if member.index != failed_at and own.status not in keep:
                    unit_results[member.index] = BookingResult(
                        BatchStatus.LINKED_FAILED, violations=[_linked_failed(failed_at)]
                    )
            unit_accepted = []
        for index, result in unit_results.items():
            results[index] = result
        accepted.extend(unit_accepted)

    if accepted:
        _insert(accepted, releases, locked, by, results, audit)
    return results  # type: ignore[return-value]


def _decide(item: _Checked, state: _State, stored_by_key, commitments, released) -> BookingResult:
    request = item.request
    if not item.violations and request.releases_entry_id is not None:
        item.violations += _release_violations(
            commitments.get(request.releases_entry_id),
            request.releases_entry_id,
            request,
            released,
        )
    if item.violations:
        return BookingResult(BatchStatus.INVALID, violations=list(item.violations))
    stored = stored_by_key.get(item.key) if item.key is not None else None
    if stored is not None:
        same = (stored["budget_id"], stored["year"], stored["kind"], stored["amount"]) == (
            request.budget_id,
            request.year,
            request.kind,
            item.stored,
        )
        if same:
            return BookingResult(BatchStatus.EXISTS, entry_id=stored["pk"])
        return BookingResult(
            BatchStatus.EXISTS_DIFFERENT,
            entry_id=stored["pk"],
            violations=[_key_reused(stored["pk"])],
        )
    release_cents = 0
    if request.releases_entry_id is not None:
        release_cents = int(commitments[request.releases_entry_id]["amount"].scaleb(2))
    # a released commitment's amount is back on the line once the request passes
    status, violations = state.decide(item, release_cents)
    if status is BatchStatus.CREATED and not violations:
        # Not the caller's result: ``_insert`` gives every created request its own, with its
        # entry, and a group that fails turns it into LINKED_FAILED; one shared placeholder
        # spares making a frozen result per request that is then replaced.
        return _CREATED_PENDING
    return BookingResult(status, violations=violations)


_CREATED_PENDING = BookingResult(BatchStatus.CREATED)


class _Booked(NamedTuple):
    """An inserted entry, as far as the results and the audit rows need it."""

    pk: int
    budget_id: int
    year: int
    kind: str
    bucket: str
    amount: Decimal
    reverses_id: int | None


ENTRY_TYPE = Entry._meta.label  # the audit rows' object type, as record() writes it

ENTRY_COLUMNS = (
    "budget_id",
    "year",
    "kind",
    "bucket",
    "amount",
    "effective_date",
    "booked_at",
    "created_by_id",
    "reason",
    "reverses_id",
    "idempotency_key",
)


def _insert(accepted, releases, locked, by, results, audit=True) -> None:
    """Insert the accepted entries (and the reversals of released commitments) and one audit
    row per entry, each with one multi-row statement per few thousand rows (fast_insert)."""
    user = user_or_none(by)
    user_id = user.pk if user is not None else None
    today = timezone.localdate()
    now = timezone.now()
    rows: list[tuple] = []
    owners: list[tuple[int, str]] = []  # (request index, "entry" | "release")
    for item in accepted:
        request = item.request
        commitment = releases.get(item.index)
        if commitment is not None:
            rows.append(
                (
                    commitment["budget_id"],
                    commitment["year"],
                    EntryKind.REVERSAL,
                    Bucket.COMMITTED,
                    -commitment["amount"],
                    today,
                    now,
                    user_id,
                    item.reason,
                    commitment["pk"],
                    None,
                )
            )
            owners.append((item.index, "release"))
        rows.append(
            (
                request.budget_id,
                request.year,
                request.kind,
                item.bucket,
                item.stored,
                request.effective_date or today,
                now,
                user_id,
                item.reason,
                None,
                item.key,
            )
        )
        owners.append((item.index, "entry"))
    ids = insert_rows(Entry, ENTRY_COLUMNS, rows)
    if not audit:
        # The results only: a request's release row comes right before its own entry's.
        release_id = None
        for pk, (index, role) in zip(ids, owners, strict=True):
            if role == "release":
                release_id = pk
                continue
            results[index] = BookingResult(
                BatchStatus.CREATED, entry_id=pk, release_entry_id=release_id
            )
            release_id = None
        return

    by_index: dict[int, dict[str, _Booked]] = defaultdict(dict)
    for pk, row, (index, role) in zip(ids, rows, owners, strict=True):
        by_index[index][role] = _Booked(pk, row[0], row[1], row[2], row[3], row[4], row[9])
    # translated once per batch, not once per entry
    template = gettext("%(kind)s %(year)s: %(amount)s (boeking #%(entry)s)")
    labels = {kind: str(label) for kind, label in EntryKind.choices}
    events = []
    for item in accepted:
        booked = by_index[item.index]
        entry, release = booked["entry"], booked.get("release")
        results[item.index] = BookingResult(
            BatchStatus.CREATED,
            entry_id=entry.pk,
            release_entry_id=release.pk if release is not None else None,
        )
        if not audit:
            continue
        budget = locked[entry.budget_id]
        details = {
            "entry": entry.pk,
            "budget": budget.pk,
            "year": entry.year,
            "kind": entry.kind,
            "bucket": entry.bucket,
            "amount": str(entry.amount),
            "reason": item.reason,
            "batch": True,
        }
        summary = template % {
            "kind": labels[entry.kind],
            "year": entry.year,
            "amount": format_eur(entry.amount),
            "entry": entry.pk,
        }
        if release is not None:
            details.update(released_commitment=release.reverses_id, release_entry=release.pk)
            summary = gettext("%(summary)s, vastlegging #%(commitment)s vrijgegeven") % {
                "summary": summary,
                "commitment": release.reverses_id,
            }
        events.append((ENTRY_TYPE, str(entry.pk), summary, budget.person_id, details))
    if events:
        record_rows(action=AuditEvent.Action.BOOK, events=events, actor=by)
