"""Cost files (Excel or CSV): checked as a whole first, booked when the filer chooses.

``check_file`` stores the file, reads every row (``fileformat``), groups the rows into one
statement per budget and budget year, and runs them through the one filing path as a dry run:
every bad row comes back with its row number, column and Dutch reason, and every good row with
the decision it would get. Nothing is booked.

``book_file`` then books, tied to the stored file (its SHA-256): all rows when the file has no
bad row, or only the good rows when the filer chooses so. Each statement's idempotency key is
derived from the file's hash, budget and year, so booking twice, or uploading the same file
again (by the same filer or another), books nothing twice.

A file is one filer's (``uploaded_by``): another filer uploading the same bytes (a holder and
their assistance organisation, two organisations) gets a file of their own, checked with their
reach, and is not told at upload that the other file exists. Booking it files nothing that the
same bytes filed already: those statements are counted in ``already_filed``.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.costs import fileformat
from budgetlijn.costs.constants import ErrorCode, FiledByRole, ImportStatus, Outcome, Source
from budgetlijn.costs.deciding import cost_kind_labels
from budgetlijn.costs.inputs import StatementInput, content_hash
from budgetlijn.costs.models import CostImport
from budgetlijn.costs.services import Status, file_statements
from budgetlijn.costs.services import _budget_error as unknown_budget_error
from budgetlijn.fast_insert import cyclic_gc_paused
from budgetlijn.rules import costs as cost_rules
from budgetlijn.rules.money import ZERO
from budgetlijn.rules.violations import RuleViolations, Violation

LINE_FIELDS = (
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


# A field of a statement or line -> the file's column it came from.
FIELD_COLUMNS = {
    "budget_id": fileformat.COL_BUDGET,
    "year": fileformat.COL_YEAR,
    "contract_id": fileformat.COL_CONTRACT,
    "cost_kind": fileformat.COL_COST_KIND,
    "booking_type": fileformat.COL_BOOKING_TYPE,
    "period_from": fileformat.COL_FROM,
    "period_to": fileformat.COL_TO,
    "assistant": fileformat.COL_ASSISTANT,
    "quantity": fileformat.COL_QUANTITY,
    "amount": fileformat.COL_AMOUNT,
    "description": fileformat.COL_DESCRIPTION,
    "late_reason": fileformat.COL_LATE_REASON,
}


@dataclass
class ImportReport:
    cost_import: CostImport
    already_booked: bool = False
    # The same filer had uploaded this file before (the stored one is checked again, or, when
    # booked, returned as it is).
    again: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Statements the same bytes had filed already (another filer's copy): not booked again.
    already_filed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    accepted: Decimal = ZERO
    own: Decimal = ZERO
    statements: int = 0
    previewed: bool = False  # the good rows were decided as a trial (check_file preview=True)
    # The good statements as the check typed them, with each line's file row: booking in the
    # same process (the import command) hands them on instead of reading the file again.
    good: list[tuple[StatementInput, list[int]]] | None = field(default=None, repr=False)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    return cost_kind_labels(), dict(cost_rules.LATE_REASONS)


def _parse(data: bytes, filename: str):
    kinds, reasons = _labels()
    with cyclic_gc_paused():  # a row object per row: see fast_insert.cyclic_gc_paused
        return fileformat.parse_cost_file(data, filename, late_reasons=reasons, cost_kinds=kinds)


def _group(rows) -> tuple[list[dict], list[list[int]]]:
    """Rows into statements (one per budget and year, in the file's order) and, per statement,
    the file row of each line."""
    groups: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        groups[(row.budget_id, row.year)].append(row)
    statements, row_numbers = [], []
    values = operator.attrgetter(*LINE_FIELDS)
    for (budget_id, year), members in groups.items():
        statements.append(
            {
                "budget_id": budget_id,
                "year": year,
                "lines": [dict(zip(LINE_FIELDS, values(r), strict=True)) for r in members],
            }
        )
        row_numbers.append([r.row for r in members])
    return statements, row_numbers


def _row_error(row: int, column: str | None, code: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "code": str(code), "message": message}


def _field_errors(results, row_numbers) -> list[dict[str, Any]]:
    errors = []
    for result, rows in zip(results, row_numbers, strict=True):
        for error in result.errors:
            column = FIELD_COLUMNS.get(error.field or "")
            targets = rows if error.line == 0 else [rows[error.line - 1]]
            errors.extend(_row_error(r, column, error.code, error.text()) for r in targets)
    return errors


def _summary(report: ImportReport, results) -> None:
    outcomes = dict.fromkeys(Outcome.values, 0)
    for result in results:
        if result.status == Status.INVALID:
            continue
        if result.status == Status.EXISTS:
            report.already_filed += 1
            continue
        report.statements += 1
        for line in result.lines:
            outcomes[line.outcome] += 1
            report.accepted += line.accepted_amount
            report.own += line.own_amount
    report.outcomes = outcomes


def _file_errors(parsed) -> list[dict[str, Any]]:
    return [_row_error(e.row, e.column, e.code, e.message) for e in parsed.errors]


def _allowed(budgets: Any, ids: set[int]) -> set[int]:
    """Which of ``ids`` are among ``budgets`` (a queryset of budgets, or ids)."""
    if hasattr(budgets, "filter"):
        return set(budgets.filter(pk__in=ids).values_list("pk", flat=True))
    return ids & set(budgets)


def _within(statements, row_numbers, budgets):
    """(statements and rows for ``budgets``, the errors of every row for another budget: the
    error of a budget that does not exist, so a filer cannot tell the two apart)."""
    if budgets is None:
        return statements, row_numbers, []
    allowed = _allowed(budgets, {s["budget_id"] for s in statements})
    error = unknown_budget_error()
    kept, kept_rows, errors = [], [], []
    for statement, rows in zip(statements, row_numbers, strict=True):
        if statement["budget_id"] in allowed:
            kept.append(statement)
            kept_rows.append(rows)
        else:
            errors.extend(
                _row_error(r, fileformat.COL_BUDGET, error.code, error.text()) for r in rows
            )
    return kept, kept_rows, errors


@cyclic_gc_paused()  # a bulk run: see fast_insert.cyclic_gc_paused
def check_file(
    data: bytes,
    filename: str,
    *,
    by: Any = None,
    role: str = FiledByRole.HOLDER,
    organisation: str = "",
    filed_on: date | None = None,
    preview: bool = False,
    budgets: Any = None,
) -> ImportReport:
    """Store and check a cost file; book nothing. The same file again returns the stored one.

    The check finds every bad row: fields, budgets, contracts of another budget, budget years
    without their allocation. The good rows are decided when they are booked, under the
    budgets' locks and with the state of that moment. ``preview`` also decides them now as a
    trial run (the same path, rolled back), so the filer sees what booking would give; it
    takes as long again, and what is booked later may differ if the budget changed meanwhile
    (docs/decisions/0016-cost-statements-pipeline.md).

    ``budgets`` (a queryset of budgets or their ids; None: any): the budgets the filer may file
    costs for (the API passes ``access.queries.budgets_for(user, action=FILE_COSTS)``). Every
    row for another budget is a bad row, with the error of a budget that does not exist."""
    sha = fileformat.file_sha256(data)
    filer = user_or_none(by)
    existing = _of_filer(filer, sha).first()
    if existing is not None and existing.status == ImportStatus.BOOKED:
        return ImportReport(existing, already_booked=True, again=True, errors=existing.errors)
    filed_on = filed_on or timezone.localdate()
    parsed = _parse(data, filename)
    statements, row_numbers = _group(parsed.rows)
    statements, row_numbers, unreachable = _within(statements, row_numbers, budgets)
    results = file_statements(
        statements,
        by=by,
        role=role,
        organisation=organisation,
        source=Source.FILE,
        filed_on=filed_on,
        dry_run=True,
        partial=True,  # the good rows of a statement decided as booking them would
        decide=preview,
    )
    errors = sorted(
        _file_errors(parsed) + unreachable + _field_errors(results, row_numbers),
        key=lambda e: (e["row"], e["column"] or ""),
    )
    bad_rows = {e["row"] for e in errors}
    rows = len(parsed.rows) + len({e.row for e in parsed.errors if e.row})
    values = {
        "filename": filename[:255],
        "content": data,
        "uploaded_by": filer,
        "filed_by_role": role,
        "organisation": organisation,
        "filed_on": filed_on,
        "row_count": rows,
        "valid_row_count": len([r for r in parsed.rows if r.row not in bad_rows]),
        "errors": errors,
    }
    if existing is None:
        try:
            with transaction.atomic():
                cost_import = CostImport.objects.create(sha256=sha, **values)
        except IntegrityError:  # the same filer uploaded the same file at the same moment
            cost_import = _of_filer(filer, sha).get()
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        cost_import = existing
    record(
        action=AuditEvent.Action.CREATE,
        obj=cost_import,
        summary=gettext("Kostenbestand %(name)s nagekeken: %(rows)s rijen, %(bad)s met fouten")
        % {"name": filename[:100], "rows": rows, "bad": len(bad_rows)},
        actor=by,
        details={"sha256": sha, "errors": len(errors)},
    )
    report = ImportReport(cost_import, errors=errors, previewed=preview, again=existing is not None)
    report.good = [
        (result.clean, [rows[line.line_no - 1] for line in result.clean.lines])
        for result, rows in zip(results, row_numbers, strict=True)
        if result.status != Status.INVALID and result.clean is not None
    ]
    if preview:
        _summary(report, results)
    return report


def _of_filer(filer: Any, sha: str):
    """The stored files of ``filer`` (a user, or None: no filer) with this hash: one at most
    (the constraints of ``CostImport``)."""
    if filer is None:
        return CostImport.objects.filter(uploaded_by__isnull=True, sha256=sha)
    return CostImport.objects.filter(uploaded_by=filer, sha256=sha)


def _checked_statements(report: ImportReport | None, cost_import: CostImport):
    """The good statements of ``report`` numbered as booking numbers them (1, 2, ... in the
    order of their rows), with their rows; None when the report is not this import's check
    as stored (then the file is read again)."""
    if (
        report is None
        or report.good is None
        or report.already_booked
        or report.cost_import.pk != cost_import.pk
        or report.cost_import.sha256 != cost_import.sha256
        or report.errors != cost_import.errors
    ):
        return None
    statements, row_numbers = [], []
    for clean, rows in report.good:
        lines = clean.lines
        if any(line.line_no != n for n, line in enumerate(lines, start=1)):  # a row was bad
            lines = tuple(line._replace(line_no=n) for n, line in enumerate(lines, start=1))
        statements.append(
            StatementInput(
                budget_id=clean.budget_id,
                year=clean.year,
                lines=lines,
                idempotency_key=_import_key(cost_import, clean.budget_id, clean.year),
                request_hash=content_hash(clean.budget_id, clean.year, lines),
            )
        )
        row_numbers.append(rows)
    return statements, row_numbers


def _file_errors_violation(count: int) -> RuleViolations:
    return RuleViolations(
        [
            Violation(
                "INPUT",
                ErrorCode.FILE_HAS_ERRORS,
                gettext_noop(
                    "Het bestand heeft %(count)s fouten. Verbeter het bestand en laad het "
                    "opnieuw op, of kies om alleen de goede rijen te boeken."
                ),
                None,
                {"count": count},
            )
        ]
    )


def already_filed_text(count: int) -> str:
    """What a filer is told of statements that the same bytes had filed already."""
    return ngettext(
        "%(count)s kostenstaat van dit bestand was al ingediend (hetzelfde bestand, ook door een "
        "andere indiener) en werd niet opnieuw geboekt.",
        "%(count)s kostenstaten van dit bestand waren al ingediend (hetzelfde bestand, ook door "
        "een andere indiener) en werden niet opnieuw geboekt.",
        count,
    ) % {"count": count}


def _import_key(cost_import: CostImport, budget_id: int, year: int) -> str:
    """The idempotency key of a file's statement: the file's hash, budget and year, whoever
    filed it. Each filer has a file of their own, but the same bytes book the same statements
    once: a holder's file that their assistance organisation sends in again is answered
    ``EXISTS`` for every statement already filed (``report.already_filed``), never paid twice.
    The second filer can file costs for those budgets, so they may know they are filed."""
    return f"import:{cost_import.sha256[:40]}:{budget_id}:{year}"


@cyclic_gc_paused()  # a bulk run: see fast_insert.cyclic_gc_paused
def book_file(
    cost_import: CostImport,
    *,
    by: Any = None,
    only_valid_rows: bool = False,
    checked: ImportReport | None = None,
    budgets: Any = None,
):
    """Book a checked file: all rows, or with ``only_valid_rows`` the good ones only.

    ``checked``: the report ``check_file`` gave in this process (the import command): its
    typed good statements are booked without reading the file again. Every check that asks
    the database (budget, contract, budget year, idempotency) is made again at booking.

    ``budgets`` (as for ``check_file``): a statement for another budget refuses the booking
    as a whole (the filer's reach may have changed since the check)."""
    with transaction.atomic():
        cost_import = CostImport.objects.select_for_update().defer("content").get(pk=cost_import.pk)
        if cost_import.status == ImportStatus.BOOKED:
            return ImportReport(cost_import, already_booked=True, errors=cost_import.errors)
        # The rows check_file found bad: the parse is the same (the same bytes) and what the
        # database said of the others (budget, contract of that budget) cannot change since.
        errors = list(cost_import.errors)
        if errors and not only_valid_rows:
            raise RuleViolations(
                [
                    Violation(
                        "INPUT",
                        ErrorCode.FILE_HAS_ERRORS,
                        gettext_noop(
                            "Het bestand heeft %(count)s fouten. Verbeter het bestand en laad het "
                            "opnieuw op, of kies om alleen de goede rijen te boeken."
                        ),
                        None,
                        {"count": len(errors)},
                    )
                ]
            )
        bad_rows = {e["row"] for e in errors}
        reused = _checked_statements(checked, cost_import)
        if reused is not None:
            statements, row_numbers = reused
        else:
            data = bytes(cost_import.content)
            if fileformat.file_sha256(data) != cost_import.sha256:  # pragma: no cover
                raise RuntimeError(f"cost import {cost_import.pk}: content does not match hash")
            parsed = _parse(data, cost_import.filename)
            statements, row_numbers = _group([r for r in parsed.rows if r.row not in bad_rows])
            for statement in statements:
                statement["idempotency_key"] = _import_key(
                    cost_import, statement["budget_id"], statement["year"]
                )
        if budgets is not None:
            wanted = {s["budget_id"] if isinstance(s, dict) else s.budget_id for s in statements}
            outside = wanted - _allowed(budgets, wanted)
            if outside:
                raise _file_errors_violation(
                    sum(
                        len(rows)
                        for s, rows in zip(statements, row_numbers, strict=True)
                        if (s["budget_id"] if isinstance(s, dict) else s.budget_id) in outside
                    )
                )
        results = file_statements(
            statements,
            by=by,
            role=cost_import.filed_by_role,
            organisation=cost_import.organisation,
            source=Source.FILE,
            filed_on=cost_import.filed_on,
            cost_import=cost_import,
        )
        late = _field_errors(results, row_numbers)
        if late:  # a statement refused as a whole now (e.g. a budget gone meanwhile)
            raise RuleViolations(
                [
                    Violation(
                        "INPUT",
                        ErrorCode.FILE_HAS_ERRORS,
                        gettext_noop(
                            "Het bestand heeft %(count)s fouten. Verbeter het bestand en laad het "
                            "opnieuw op, of kies om alleen de goede rijen te boeken."
                        ),
                        None,
                        {"count": len(late)},
                    )
                ]
            )
        cost_import.status = ImportStatus.BOOKED
        cost_import.booked_at = timezone.now()
        cost_import.booked_by = user_or_none(by)
        cost_import.errors = errors
        cost_import.save()
        report = ImportReport(cost_import, errors=errors)
        _summary(report, results)
        record(
            action=AuditEvent.Action.BOOK,
            obj=cost_import,
            summary=gettext(
                "Kostenbestand %(name)s geboekt: %(statements)s kostenstaten, %(skipped)s rijen "
                "met fouten niet geboekt"
            )
            % {
                "name": cost_import.filename[:100],
                "statements": report.statements,
                "skipped": len(bad_rows),
            },
            actor=by,
            details={"sha256": cost_import.sha256, "outcomes": report.outcomes},
        )
        return report
