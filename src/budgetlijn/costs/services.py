"""Filing cost statements and deciding their lines: the one path for every way in.

``file_statements`` takes statements as plain mappings (a form, a file's rows grouped per budget
and year, an API request) and, per chunk of statements, in one transaction:

1. checks every field (``inputs``) and that each contract belongs to the statement's budget; a
   statement with a field error is not filed (every error is reported, nothing half-saved);
2. answers a statement filed before with the same idempotency key (or, without a key, the same
   content) with that statement, booking nothing twice; a key reused for other content is
   refused;
3. locks the chunk's budgets in one statement in primary-key order, reads their budget lines
   and counters with grouped queries (``deciding.Decider.load``), decides every line in memory
   with the pure rules, inserts statements and lines in bulk, books the accepted parts through
   the ledger's batch path (one group per statement: all or nothing) and writes one audit event
   per statement in bulk.

A dry run goes through the same path and stops before writing, so a file is judged exactly as it would be
booked. Lines waiting for a contract's approval are decided when the contract is approved or
refused (``decide_waiting_on_contracts``); late lines wait for the agency (``review_line``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.costs import selectors
from budgetlijn.costs.constants import (
    ErrorCode,
    FiledByRole,
    Outcome,
    ReviewDecision,
    Source,
    WaitReason,
)
from budgetlijn.costs.deciding import Decider, Decision, LineToDecide, known_cost_kinds
from budgetlijn.costs.inputs import FieldError, StatementInput, clean_statement
from budgetlijn.costs.models import CostImport, CostLine, CostStatement
from budgetlijn.dossiers.models import Budget
from budgetlijn.fast_insert import cyclic_gc_paused, insert_objects, insert_rows
from budgetlijn.ledger.batch import BatchStatus, BookingRequest, book_batch
from budgetlijn.ledger.locks import lock_budget_rows, lock_budgets
from budgetlijn.rules import costs as cost_rules
from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import RuleViolations, Violation

CHUNK = 500  # statements per transaction in a bulk run
# How many times a chunk is filed again when a concurrent transaction took one of its
# statements' idempotency keys between the read and the insert (as ledger.batch does).
KEY_RACE_RETRIES = 3


class Status:
    FILED = "FILED"
    EXISTS = "EXISTS"
    INVALID = "INVALID"


@dataclass
class StatementResult:
    """What happened to one statement of a request, in the request's order."""

    index: int
    status: str
    statement: CostStatement | None = None
    errors: list[FieldError] = field(default_factory=list)
    lines: list[CostLine] = field(default_factory=list)
    # The statement as checked (its good lines, with ``partial``), unless its fields were bad.
    clean: StatementInput | None = None


# What a filer gives of a line, what a decision sets on it (``_apply``) and the agency's review:
# one list each, so inserting a filed line and deciding a waiting one again write the same fields.
INPUT_COLUMNS = (
    "statement_id",
    "line_no",
    "budget_id",
    "year",
    "contract_id",
    "cost_kind",
    "booking_type",
    "period_from",
    "period_to",
    "assistant",
    "quantity",
    "amount",
    "description",
    "late_reason",
)
DECISION_FIELDS = (
    "via4_eligible",
    "year_end_premium",
    "outcome",
    "wait_reason",
    "allowed_amount",
    "accepted_amount",
    "own_amount",
    "credit_used",
    "via_used",
    "premium_added",
    "violations",
    "accepted_quantity",
    "short_term_counter",
    "other_costs",
    "decided_at",
)
REVIEW_FIELDS = ("review_decision", "review_reason", "reviewed_at", "reviewed_by")
# The columns a filed line is inserted with (fast_insert: no model instance per line).
LINE_COLUMNS = (
    *INPUT_COLUMNS,
    *DECISION_FIELDS,
    "commitment_id",
    "review_decision",
    "review_reason",
    "reviewed_at",
    "reviewed_by_id",
)


_LINE_VALUES = operator.attrgetter(*LINE_COLUMNS)


class FiledLine:
    """A line as filed and decided in a bulk run: the values of its row (``LINE_COLUMNS``)
    and, once inserted, its ``pk``; read like a ``CostLine`` (``CostLine.objects`` has it)."""

    # Defaults of the columns a new line does not set.
    pk = None
    commitment_id = None
    decided_at = None
    reviewed_at = None
    reviewed_by_id = None
    review_decision = ""
    review_reason = ""

    def __init__(self, **values):
        self.__dict__.update(values)

    def row(self) -> tuple:
        return _LINE_VALUES(self)


class BookingFailed(RuntimeError):
    """The ledger refused what the decisions (made under the same locks) allowed: a bug."""


def cost_kind_codes() -> frozenset[str]:
    return known_cost_kinds()


def late_reason_codes() -> frozenset[str]:
    return frozenset(cost_rules.LATE_REASONS)


def _statement_key(clean: StatementInput, filed_on: date) -> str:
    """The caller's key, or the content's hash and the filing day: the same statement sent
    twice on a day is filed once, while the same cost filed again on a later day (after a
    credit note cancelled it) is a new statement."""
    return clean.idempotency_key or f"sha256:{clean.request_hash}:{filed_on.isoformat()}"


def _reuse_error(key: str) -> FieldError:
    return FieldError(
        0,
        "idempotency_key",
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        gettext_noop(
            "Deze idempotentiesleutel hoort al bij een andere kostenstaat. Gebruik een nieuwe "
            "sleutel voor nieuwe kosten."
        ),
        {"key": key},
    )


def _contract_error(line_no: int) -> FieldError:
    return FieldError(
        line_no,
        "contract_id",
        ErrorCode.CONTRACT_OTHER_BUDGET,
        gettext_noop(
            "Deze overeenkomst bestaat niet bij dit budget. Kies een overeenkomst van het budget "
            "waarvoor je de kosten indient."
        ),
    )


def _budget_error() -> FieldError:
    return FieldError(
        0,
        "budget_id",
        ErrorCode.BUDGET_UNKNOWN,
        gettext_noop("Dit budget bestaat niet. Kies het budget waarvoor je kosten indient."),
    )


def _year_error(year: int) -> FieldError:
    return FieldError(
        0,
        "year",
        ErrorCode.YEAR_NOT_OPENED,
        gettext_noop(
            "Er is voor dit budget geen jaarbudget %(year)s toegekend: het budgetjaar is nog "
            "niet geopend of het budget liep dat jaar niet. Kies het juiste budgetjaar, of dien "
            "de kosten in zodra het jaar geopend is."
        ),
        {"year": year},
    )


def file_statement(raw: Mapping[str, Any], **kwargs) -> StatementResult:
    """File one statement (a form, one API request); see ``file_statements``."""
    return file_statements([raw], **kwargs)[0]


@cyclic_gc_paused()  # a bulk run: see fast_insert
def file_statements(
    raws: Sequence[Mapping[str, Any] | StatementInput],
    *,
    by: Any = None,
    role: str = FiledByRole.HOLDER,
    organisation: str = "",
    source: str = Source.MANUAL,
    filed_on: date | None = None,
    cost_import: CostImport | None = None,
    dry_run: bool = False,
    partial: bool = False,
    decide: bool = True,
    chunk: int = CHUNK,
) -> list[StatementResult]:
    """File cost statements and decide every line; one result per statement, same order.

    A statement is a plain mapping (``inputs.clean_statement`` checks its fields), or a
    ``StatementInput`` an earlier call checked (a file's check hands its good statements on
    to booking, so the fields of a file are checked once).

    ``partial`` (a dry run only: a file's check) decides the good lines of a statement that
    has bad lines too, and reports the bad ones in the same result, so one pass tells every
    bad row and what each good row would get when the good rows are booked. ``decide=False``
    (a dry run only) stops once every field, budget, contract and budget year is checked:
    the results say what is wrong, and the lines are not decided."""
    if not (dry_run or (decide and not partial)):
        raise ValueError("partial or undecided statements are only checked in a dry run")
    filed_on = filed_on or timezone.localdate()
    kinds, reasons = cost_kind_codes(), late_reason_codes()
    results: list[StatementResult] = []
    cleaned: list[tuple[int, StatementInput]] = []
    for index, raw in enumerate(raws):
        if isinstance(raw, StatementInput):  # checked by this module before (a file's check)
            clean, errors = raw, []
        else:
            clean, errors = clean_statement(
                raw, cost_kinds=kinds, late_reasons=reasons, partial=partial
            )
        if clean is None:
            results.append(StatementResult(index, Status.INVALID, errors=errors))
        else:
            results.append(StatementResult(index, Status.FILED, errors=errors, clean=clean))
            cleaned.append((index, clean))
    # A dry run holds its chunks in one transaction that is rolled back: nothing is written.
    with transaction.atomic() if dry_run else contextlib.nullcontext():
        _file_chunks(
            cleaned,
            results,
            by,
            role,
            organisation,
            source,
            filed_on,
            None if dry_run else cost_import,
            chunk,
            write=not dry_run,
            params={},  # parameter snapshots, shared by the chunks of this run
            partial=partial,
            decide=decide,
        )
        if dry_run:
            transaction.set_rollback(True)
    return results


def _file_chunks(
    cleaned,
    results,
    by,
    role,
    organisation,
    source,
    filed_on,
    cost_import,
    size,
    write=True,
    params=None,
    partial=False,
    decide=True,
):
    for part in _by_budget_chunks(cleaned, size):
        for attempt in range(KEY_RACE_RETRIES):
            try:
                with transaction.atomic():
                    _file_chunk(
                        part,
                        results,
                        by=by,
                        role=role,
                        organisation=organisation,
                        source=source,
                        filed_on=filed_on,
                        cost_import=cost_import,
                        write=write,
                        params=params,
                        partial=partial,
                        decide=decide,
                    )
                break
            except IntegrityError:
                # A concurrent transaction filed a statement under one of this chunk's keys
                # for a budget this chunk does not lock, after the keys were read (the unique
                # key made the insert wait for it, then refused it). Decide the chunk again:
                # the key is now read as taken (EXISTS, or reused for other content).
                if attempt == KEY_RACE_RETRIES - 1:
                    raise
                for i, _clean in part:
                    results[i] = StatementResult(i, Status.FILED)


def _by_budget_chunks(cleaned, size: int):
    """Chunks of about ``size`` statements that keep all statements of a budget together, in
    the order they came: a chunk decides a budget's lines with the state it read under its
    lock, and never reads back what an earlier chunk of the same run filed for that budget.
    (Results keep the request's order: each statement carries its index.)"""
    ordered = sorted(cleaned, key=lambda item: item[1].budget_id)  # stable: filing order kept
    part: list = []
    for item in ordered:
        if len(part) >= size and item[1].budget_id != part[-1][1].budget_id:
            yield part
            part = []
        part.append(item)
    if part:
        yield part


def _file_chunk(
    chunk,
    results,
    *,
    by,
    role,
    organisation,
    source,
    filed_on,
    cost_import,
    write=True,
    params=None,
    partial=False,
    decide=True,
):
    """File one chunk in the caller's transaction; ``write=False`` (a dry run) decides every
    line exactly as filing would, under the same locks and with the same state, and stops
    before writing anything (with ``decide=False``, before deciding)."""
    budget_ids = {clean.budget_id for _i, clean in chunk}
    budgets = lock_budget_rows(budget_ids)  # pk -> LockedBudget (pk, kind, person_id)
    index = selectors.ContractIndex(budgets)
    existing = selectors.statements_by_key(_statement_key(c, filed_on) for _i, c in chunk)
    todo: list[tuple[int, StatementInput]] = []
    seen: dict[str, tuple[int, str]] = {}
    duplicates: list[tuple[int, int]] = []
    for i, clean in chunk:
        result = results[i]
        key = _statement_key(clean, filed_on)
        if clean.budget_id not in budgets:
            result.status, result.errors = Status.INVALID, [_budget_error(), *result.errors]
            continue
        bad = [
            _contract_error(line.line_no)
            for line in clean.lines
            if not index.belongs_to(line.contract_id, clean.budget_id)
        ]
        if bad and partial:
            good = tuple(
                line for line in clean.lines if index.belongs_to(line.contract_id, clean.budget_id)
            )
            result.errors = sorted([*result.errors, *bad], key=lambda error: error.line)
            if not good:
                result.status = Status.INVALID
                continue
            clean = result.clean = dataclasses.replace(clean, lines=good)
        elif bad:
            result.status, result.errors = Status.INVALID, bad
            continue
        earlier = existing.get(key)
        if earlier is not None:
            if earlier.request_hash == clean.request_hash:
                result.status, result.statement = Status.EXISTS, earlier
            else:
                result.status, result.errors = Status.INVALID, [_reuse_error(key)]
            continue
        if key in seen:
            first, first_hash = seen[key]
            if first_hash == clean.request_hash:
                result.status = Status.EXISTS
                duplicates.append((i, first))
            else:
                result.status, result.errors = Status.INVALID, [_reuse_error(key)]
            continue
        seen[key] = (i, clean.request_hash)
        todo.append((i, clean))
    if not todo:
        return
    decider = Decider(params)
    decider.load([budgets[c.budget_id] for _i, c in todo], {c.year for _i, c in todo}, state=decide)
    # A budget year without its allocation (not opened yet, or outside the budget's life)
    # takes no costs: the ledger would refuse their bookings, and "the budget is spent"
    # would be the wrong reason. Nothing is filed; the same statement may come again later.
    closed = [(i, c) for i, c in todo if (c.budget_id, c.year) not in decider.allocated]
    if closed:
        for i, clean in closed:
            results[i].status = Status.INVALID
            results[i].errors = [_year_error(clean.year), *results[i].errors]
        todo = [(i, c) for i, c in todo if (c.budget_id, c.year) in decider.allocated]
        for i, first in list(duplicates):
            if results[first].status == Status.INVALID:
                results[i].status, results[i].errors = Status.INVALID, results[first].errors
                duplicates.remove((i, first))
        if not todo:
            return
    if not decide:
        for i, first in duplicates:
            results[i].statement = results[first].statement
        return
    user = user_or_none(by)
    user_id = user.pk if user is not None else None
    import_id = cost_import.pk if cost_import is not None else None
    statements: list[CostStatement] = []
    lines: list[FiledLine] = []
    decisions: list[Decision] = []
    now = timezone.now()
    decide = decider.decide_filed
    # (contract id, from, to) -> the version the line falls under, and that version's id
    versions: dict[tuple, tuple[Any, int]] = {}
    for i, clean in todo:
        budget = budgets[clean.budget_id]
        # By id: setting the related objects through their descriptors cost more than the rest
        # of the statement.
        statement = CostStatement(
            budget_id=budget.pk,
            year=clean.year,
            filed_on=filed_on,
            filed_by_id=user_id,
            filed_by_role=role,
            organisation=organisation,
            source=source,
            cost_import_id=import_id,
            idempotency_key=_statement_key(clean, filed_on),
            request_hash=clean.request_hash,
        )
        statements.append(statement)
        results[i].statement = statement
        budget_id, budget_kind, year = budget.pk, budget.kind, clean.year
        own_lines = results[i].lines
        for item in clean.lines:
            # The version a line falls under depends on its contract and period only, and a
            # file repeats both (a month per line): asked of the index once per combination.
            covering = (item.contract_id, item.period_from, item.period_to)
            version = versions.get(covering)
            if version is None:
                contract = index.version_for(*covering)
                version = versions[covering] = (contract, contract.pk)
            contract, contract_id = version
            decision = decide(budget_id, budget_kind, year, contract, item, filed_on)
            line = FiledLine.__new__(FiledLine)  # its values in one dict
            line.__dict__ = {
                "statement": statement,
                "line_no": item.line_no,
                "budget_id": budget_id,
                "year": year,
                "contract_id": contract_id,
                "cost_kind": item.cost_kind,
                "booking_type": item.booking_type,
                "period_from": item.period_from,
                "period_to": item.period_to,
                "assistant": item.assistant,
                "quantity": item.quantity,
                "amount": item.amount,
                "description": item.description,
                "late_reason": item.late_reason,
                **_decision_values(decision, now),
            }
            lines.append(line)
            decisions.append(decision)
            own_lines.append(line)
    if not write:
        for i, first in duplicates:
            results[i].statement = results[first].statement
        return
    _insert_statements(statements, now)
    for line in lines:
        line.statement_id = line.statement.pk
    # Booked before the lines are inserted, so each line is inserted with its commitment.
    # One audit event per statement names its ledger entries (no event per entry).
    entries: dict = {}
    _book(
        lines,
        decisions,
        by=by,
        group_of=lambda line: ("statement", line.statement_id),
        key_of=lambda line: f"cost:{line.statement_id}:{line.line_no}",
        entries=entries,
    )
    ids = insert_rows(CostLine, LINE_COLUMNS, (line.row() for line in lines))
    for line, pk in zip(lines, ids, strict=True):
        line.pk = pk
    for i, first in duplicates:
        results[i].statement = results[first].statement
    by_statement: dict[int, list[FiledLine]] = {s.pk: [] for s in statements}
    for line in lines:
        by_statement[line.statement_id].append(line)
    insert_objects(
        [
            _statement_event(
                s,
                by_statement[s.pk],
                by,
                entries.get(("statement", s.pk), []),
                person_id=budgets[s.budget_id].person_id,
            )
            for s in statements
        ]
    )


STATEMENT_COLUMNS = (
    "budget_id",
    "year",
    "filed_on",
    "filed_at",
    "filed_by_id",
    "filed_by_role",
    "organisation",
    "source",
    "cost_import_id",
    "idempotency_key",
    "request_hash",
)
_STATEMENT_VALUES = operator.attrgetter(*STATEMENT_COLUMNS)


def _insert_statements(statements: list[CostStatement], now) -> None:
    """Insert new statements in multi-row statements (fast_insert) and mark the instances as
    saved, as ``bulk_create`` does (which compiles every value through the field machinery)."""
    for statement in statements:
        statement.filed_at = now  # auto_now_add: fast_insert fills every column itself
    ids = insert_rows(CostStatement, STATEMENT_COLUMNS, map(_STATEMENT_VALUES, statements))
    for statement, pk in zip(statements, ids, strict=True):
        statement.pk = pk
        statement._state.adding = False
        statement._state.db = "default"


def _decision_values(decision: Decision, now) -> dict:
    """What a decision sets on a line (``DECISION_FIELDS``), by field name."""
    return {
        "outcome": decision.outcome,
        "wait_reason": decision.wait_reason,
        "allowed_amount": decision.allowed,
        "accepted_amount": decision.accepted,
        "own_amount": decision.own,
        "credit_used": decision.credit_used,
        "via_used": decision.via_used,
        "premium_added": decision.premium_added,
        "via4_eligible": decision.via4_eligible,
        "year_end_premium": decision.year_end_premium,
        "violations": decision.violations,
        "accepted_quantity": decision.accepted_quantity,
        "short_term_counter": decision.short_term_counter,
        "other_costs": decision.other_costs,
        "decided_at": None if decision.outcome == Outcome.WAITING else now,
    }


def _apply(line, decision: Decision, now=None) -> None:
    for name, value in _decision_values(decision, now or timezone.now()).items():
        setattr(line, name, value)


KEY_SUFFIX = {"COMMITMENT": "commit", "VIA_SUPPLEMENT": "via", "YEAR_END_PREMIUM": "premium"}


def _book(
    lines: list[CostLine],
    decisions: list[Decision],
    *,
    by,
    group_of,
    key_of,
    entries: dict | None = None,
) -> list:
    """Book every decision's entries in one batch (the ledger's batch path); set each line's
    commitment. Returns the lines whose commitment was set.

    ``entries``: the caller records one audit event per group naming its entries (a filed
    statement: ``_statement_event``); each group's ``[entry id, kind, amount]`` are added to
    it and the ledger writes no event per entry. Without it, the ledger audits each entry."""
    requests: list[BookingRequest] = []
    owners: list[CostLine] = []
    today = timezone.localdate()
    reason = gettext("Kostenlijn %(line)s, kostenstaat #%(statement)s")  # once, not per line
    for line, decision in zip(lines, decisions, strict=True):
        if not decision.bookings:  # waiting, refused, a credit note: nothing to book
            continue
        text = reason % {"line": line.line_no, "statement": line.statement_id}
        key, group = key_of(line), group_of(line)
        for kind, amount in decision.bookings:
            # positional, in BookingRequest's order (a named tuple is made faster that way)
            requests.append(
                BookingRequest(
                    line.budget_id,
                    line.year,
                    kind,
                    amount,
                    text,
                    today,
                    f"{key}:{KEY_SUFFIX[kind]}",
                    group,
                )
            )
            owners.append(line)
    if not requests:
        return []
    answers = book_batch(requests, by=by, audit=entries is None)
    changed = []
    for request, answer, line in zip(requests, answers, owners, strict=True):
        if answer.status not in (BatchStatus.CREATED, BatchStatus.EXISTS):
            raise BookingFailed(
                f"cost line {line.statement_id}.{line.line_no}: {request.kind} {request.amount} "
                f"-> {answer.status} {answer.violations}"
            )
        if entries is not None:
            entries.setdefault(request.group, []).append(
                [answer.entry_id, request.kind, str(request.amount)]
            )
        if request.kind == "COMMITMENT":
            line.commitment_id = answer.entry_id
            changed.append(line)
    return changed


def _statement_event(
    statement: CostStatement, lines: list[CostLine], by, entries: list, *, person_id: int
) -> AuditEvent:
    """The statement's audit event: who filed it, how its lines were decided, and the ledger
    entries it booked (``[entry id, kind, amount]``: the ledger writes no event of its own)."""
    accepted = own = ZERO
    outcomes = dict.fromkeys(Outcome.values, 0)
    for line in lines:  # one pass over the statement's lines
        accepted += line.accepted_amount
        own += line.own_amount
        outcomes[line.outcome] += 1
    summary = gettext(
        "Kostenstaat #%(statement)s %(year)s: %(lines)s lijnen, %(accepted)s aanvaard, "
        "%(own)s eigen kosten"
    ) % {
        "statement": statement.pk,
        "year": statement.year,
        "lines": len(lines),
        "accepted": format_eur(accepted),
        "own": format_eur(own),
    }
    user = user_or_none(by)
    return AuditEvent(
        actor=user,
        actor_label=(str(by) if by is not None else "systeem")[:150],
        action=AuditEvent.Action.CREATE,
        person_id=person_id,
        object_type=CostStatement._meta.label,
        object_id=str(statement.pk),
        summary=summary[:255],
        details={
            "budget": statement.budget_id,
            "year": statement.year,
            "role": statement.filed_by_role,
            "organisation": statement.organisation,
            "source": statement.source,
            "outcomes": outcomes,
            "entries": entries,
        },
    )


# --- later decisions: a contract decided, a late line reviewed ----------------------------------


def _redecide(lines: list[CostLine], *, by, late_accepted: set[int] = frozenset()) -> None:
    """Decide waiting lines again with the state of today (the caller holds a transaction)."""
    if not lines:
        return
    budgets = lock_budget_rows({line.budget_id for line in lines})
    decider = Decider()
    decider.load(budgets.values(), {line.year for line in lines})
    decisions = []
    for line in lines:
        budget = budgets[line.budget_id]
        decision = decider.decide(
            LineToDecide(
                budget_id=budget.pk,
                budget_kind=budget.kind,
                person_id=budget.person_id,
                year=line.year,
                contract=line.contract,
                cost_kind=line.cost_kind,
                booking_type=line.booking_type,
                period_from=line.period_from,
                period_to=line.period_to,
                assistant=line.assistant,
                quantity=line.quantity,
                amount=line.amount,
                filed_on=line.statement.filed_on,
                late_reason=line.late_reason,
                late_accepted=line.pk in late_accepted,
            )
        )
        _apply(line, decision)
        decisions.append(decision)
    # Booked first (the lines exist: their keys use the line's id), then one update per line.
    _book(
        lines,
        decisions,
        by=by,
        group_of=lambda line: ("line", line.pk),
        key_of=lambda line: f"cost-line:{line.pk}:{line.review_decision or 'decided'}",
    )
    CostLine.objects.bulk_update(lines, [*DECISION_FIELDS, *REVIEW_FIELDS, "commitment"])


def decide_waiting_on_contracts(contract_ids, *, by=None) -> int:
    """Decide the lines that waited for these contracts' approval (approved or refused now).
    Returns how many lines were decided."""
    with transaction.atomic():
        lines = list(
            selectors.waiting_on_contract(contract_ids).select_related(
                "statement", "contract", "budget"
            )
        )
        _redecide(lines, by=by)
        for line in lines:
            record(
                action=AuditEvent.Action.TRANSITION,
                obj=line,
                summary=gettext(
                    "Kostenlijn %(line)s beslist na de beslissing over de overeenkomst: %(outcome)s"
                )
                % {"line": line.pk, "outcome": Outcome(line.outcome).label},
                actor=by,
                person_id=line.budget.person_id,
            )
        return len(lines)


def review_line(line: CostLine, *, accept: bool, reason: str, by=None) -> CostLine:
    """The agency's decision on a late line (R25): accept the late reason (the line is then
    decided by the other rules and the budget line) or refuse it (the holder's own)."""
    text = reason.strip() if isinstance(reason, str) else ""
    problems = []
    if "\x00" in text:
        problems.append(
            Violation(
                "R25",
                ErrorCode.TEXT_INVALID,
                gettext_noop("De motivering bevat geen leesbare tekst. Typ ze opnieuw."),
                "review_reason",
            )
        )
    elif not text:
        problems.append(
            Violation(
                "R25",
                ErrorCode.REVIEW_REASON_REQUIRED,
                gettext_noop("Schrijf waarom je deze laattijdige kost aanvaardt of weigert."),
                "review_reason",
            )
        )
    with transaction.atomic():
        budget_id = CostLine.objects.values_list("budget_id", flat=True).get(pk=line.pk)
        lock_budgets([budget_id])  # the budget first, then its rows (ledger/locks.py)
        line = (
            CostLine.objects.select_for_update(of=("self",))
            .select_related("statement", "contract", "budget")
            .get(pk=line.pk)
        )
        if line.outcome != Outcome.WAITING or line.wait_reason != WaitReason.LATE_REVIEW:
            problems.append(
                Violation(
                    "R25",
                    ErrorCode.NOT_WAITING_FOR_REVIEW,
                    gettext_noop(
                        "Deze kostenlijn wacht niet (meer) op een beoordeling. Vernieuw de lijst."
                    ),
                )
            )
        if problems:
            raise RuleViolations(problems)
        line.review_decision = ReviewDecision.ACCEPT if accept else ReviewDecision.REFUSE
        line.review_reason = text
        line.reviewed_at = timezone.now()
        line.reviewed_by = user_or_none(by)
        if accept:
            _redecide([line], by=by, late_accepted={line.pk})
        else:
            line.outcome = Outcome.REFUSED
            line.wait_reason = ""
            line.own_amount = line.amount if line.booking_type == "COST" else ZERO
            line.decided_at = timezone.now()
            line.violations = line.violations + [
                {
                    "rule": "R25",
                    "code": str(CostCode.LATE_REFUSED_BY_AGENCY),
                    "message": gettext(
                        "Het agentschap aanvaardt de reden voor de laattijdige indiening niet: "
                        "%(reason)s. Deze kost is ten laste van de budgethouder."
                    )
                    % {"reason": text},
                    "field": "late_reason",
                }
            ]
            line.save()
        record(
            action=AuditEvent.Action.TRANSITION,
            obj=line,
            summary=gettext("Laattijdige kostenlijn %(line)s beoordeeld: %(outcome)s")
            % {"line": line.pk, "outcome": Outcome(line.outcome).label},
            actor=by,
            person_id=line.budget.person_id,
            details={"accept": accept, "reason": text},
        )
        return line


__all__ = [
    "Budget",
    "RuleViolations",
    "Status",
    "StatementResult",
    "decide_waiting_on_contracts",
    "file_statement",
    "file_statements",
    "review_line",
]
