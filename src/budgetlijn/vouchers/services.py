"""Filing a provider's monthly voucher invoice (R11): ``file_voucher_invoice``, the one path
for the admin, the command and (later) the API.

The invoice is judged as a whole, like a cost statement:

1. every field of every line is checked first (``_clean``); an invoice with a field error is
   not filed, and every error is reported with its line number (nothing half-saved);
2. an invoice filed before with the same idempotency key (or, without a key, the same content)
   is answered with that invoice, booking nothing twice; a key reused for other content is
   refused;
3. in one transaction: the budgets of the invoice are locked in one statement in primary key
   order (``ledger.locks``), their contracts, voucher part used and budget lines are read with
   grouped queries, every line is decided in memory with the pure rule
   (``rules.payments.r11_vouchers.judge_invoice``: each bad line with its Dutch reasons), the
   accepted parts are booked as COMMITMENTs through the ledger's batch path (key
   ``voucher-line:{invoice}:{line}``), and the invoice, its lines and one audit event are
   written.

The payment run (payments app) pays each open commitment to the provider's account as a
VOUCHER_PAYMENT. A dry run goes the same path and rolls back.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext, gettext_noop

from budgetlijn.assistance.models import Organisation
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.dossiers.constants import NOT_STARTED_STATES, BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.batch import BookingRequest, book_batch
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budgets
from budgetlijn.ledger.selectors import line_figures
from budgetlijn.rules import budget_year
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.money import (
    MONEY_DIGITS,
    MONEY_PLACES,
    ZERO,
    format_eur,
    round_cents,
    to_decimal,
)
from budgetlijn.rules.payments import r11_vouchers as r11
from budgetlijn.rules.violations import Violation
from budgetlijn.vouchers.constants import (
    IDEMPOTENCY_KEY_LENGTH,
    LINE_KEY_PREFIX,
    ErrorCode,
    Outcome,
)
from budgetlijn.vouchers.models import VoucherInvoice, VoucherInvoiceLine

APP_RULE = "R11"
MAX_LINES = 5_000
NOT_USABLE = NOT_STARTED_STATES | {BudgetStatus.LAPSED, BudgetStatus.CONVERTED}
MAX_AMOUNT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)


class Status(StrEnum):
    FILED = "filed"
    EXISTS = "exists"
    INVALID = "invalid"
    CHECKED = "checked"  # a dry run: decided, nothing kept


@dataclass(frozen=True)
class FieldError:
    line_no: int  # 0: the invoice itself
    field: str
    code: str
    message: str
    params: dict = field(default_factory=dict)

    def text(self) -> str:
        return gettext(self.message) % self.params if self.params else gettext(self.message)


@dataclass(frozen=True)
class LineResult:
    line_no: int
    budget_id: int
    outcome: str
    accepted: Decimal
    violations: tuple[Violation, ...] = ()


@dataclass
class InvoiceResult:
    status: Status
    invoice: VoucherInvoice | None = None
    lines: list[LineResult] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def accepted(self) -> Decimal:
        return sum((line.accepted for line in self.lines), ZERO)


@dataclass(frozen=True)
class _Line:
    line_no: int
    budget_id: int
    contract_id: int | None
    period_from: date
    period_to: date
    amount: Decimal
    description: str


class _DryRun(Exception):
    pass


def line_key(invoice_id: int, line_no: int) -> str:
    return f"{LINE_KEY_PREFIX}{invoice_id}:{line_no}"


# --- checking the fields ------------------------------------------------------------------------


def _missing(line_no: int, name: str) -> FieldError:
    return FieldError(
        line_no,
        name,
        ErrorCode.VOUCHER_FIELD_MISSING,
        gettext_noop("Lijn %(line)s: vul '%(field)s' in."),
        {"line": line_no, "field": name},
    )


def _invalid(line_no: int, name: str, raw: Any, hint: str) -> FieldError:
    return FieldError(
        line_no,
        name,
        ErrorCode.VOUCHER_FIELD_INVALID,
        gettext_noop(
            "Lijn %(line)s: '%(value)s' is geen geldige waarde voor '%(field)s'. %(hint)s"
        ),
        {"line": line_no, "field": name, "value": str(raw)[:40], "hint": hint},
    )


def _day(raw: Any) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        return None


def _whole(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw > 0 else None
    try:
        value = int(str(raw).strip())
    except ValueError:
        return None
    return value if value > 0 else None


def _amount(raw: Any) -> Decimal | None:
    try:
        value = to_decimal(raw)
    except (ValueError, InvalidOperation):
        return None
    if not value.is_finite() or round_cents(value) != value or abs(value) >= MAX_AMOUNT:
        return None
    return value


def _clean(provider: Organisation, raw_lines: Sequence[Mapping[str, Any]], key: Any):
    errors: list[FieldError] = []
    if not provider.active:
        errors.append(
            FieldError(
                0,
                "provider",
                ErrorCode.VOUCHER_PROVIDER_INACTIVE,
                gettext_noop("%(provider)s is niet actief bij het agentschap."),
                {"provider": provider.name},
            )
        )
    if key is not None and (
        not isinstance(key, str) or not key.strip() or len(key) > IDEMPOTENCY_KEY_LENGTH
    ):
        errors.append(
            FieldError(
                0,
                "idempotency_key",
                ErrorCode.VOUCHER_KEY_INVALID,
                gettext_noop("De idempotentiesleutel is leeg of langer dan %(max)s tekens."),
                {"max": IDEMPOTENCY_KEY_LENGTH},
            )
        )
    if not raw_lines:
        errors.append(
            FieldError(
                0,
                "lines",
                ErrorCode.VOUCHER_INVOICE_EMPTY,
                gettext_noop("De factuur heeft geen lijnen."),
            )
        )
    if len(raw_lines) > MAX_LINES:
        errors.append(
            FieldError(
                0,
                "lines",
                ErrorCode.VOUCHER_INVOICE_TOO_MANY_LINES,
                gettext_noop("Een factuur heeft hoogstens %(max)s lijnen. Splits ze."),
                {"max": MAX_LINES},
            )
        )
        return [], errors
    lines: list[_Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        found: list[FieldError] = []
        values: dict[str, Any] = {}
        for name in ("budget_id", "period_from", "period_to", "amount"):
            if raw.get(name) in (None, ""):
                found.append(_missing(number, name))
        budget_id = _whole(raw.get("budget_id")) if raw.get("budget_id") not in (None, "") else None
        if raw.get("budget_id") not in (None, "") and budget_id is None:
            found.append(
                _invalid(
                    number,
                    "budget_id",
                    raw.get("budget_id"),
                    gettext_noop("Geef het budgetnummer."),
                )
            )
        contract_raw = raw.get("contract_id")
        contract_id = None
        if contract_raw not in (None, ""):
            contract_id = _whole(contract_raw)
            if contract_id is None:
                found.append(
                    _invalid(
                        number,
                        "contract_id",
                        contract_raw,
                        gettext_noop("Geef het nummer van de overeenkomst."),
                    )
                )
        for name in ("period_from", "period_to"):
            if raw.get(name) not in (None, ""):
                values[name] = _day(raw.get(name))
                if values[name] is None:
                    found.append(
                        _invalid(number, name, raw.get(name), gettext_noop("Schrijf JJJJ-MM-DD."))
                    )
        amount = None
        if raw.get("amount") not in (None, ""):
            if isinstance(raw.get("amount"), float):
                raise TypeError("money is never a float")
            amount = _amount(raw.get("amount"))
            if amount is None:
                found.append(
                    _invalid(
                        number,
                        "amount",
                        raw.get("amount"),
                        gettext_noop("Geef een bedrag in euro, zoals 125.50."),
                    )
                )
        if found:
            errors.extend(found)
            continue
        lines.append(
            _Line(
                line_no=number,
                budget_id=budget_id,
                contract_id=contract_id,
                period_from=values["period_from"],
                period_to=values["period_to"],
                amount=amount,
                description=str(raw.get("description") or "")[:200],
            )
        )
    known = set(
        Budget.objects.filter(pk__in={line.budget_id for line in lines}).values_list(
            "pk", flat=True
        )
    )
    for line in lines:
        if line.budget_id not in known:
            errors.append(
                FieldError(
                    line.line_no,
                    "budget_id",
                    ErrorCode.VOUCHER_BUDGET_UNKNOWN,
                    gettext_noop("Lijn %(line)s: er is geen budget met nummer %(budget)s."),
                    {"line": line.line_no, "budget": line.budget_id},
                )
            )
    return lines, errors


def _request_hash(
    provider: Organisation, month: date, invoice_number: str, lines: list[_Line]
) -> str:
    payload = [
        provider.pk,
        month.isoformat(),
        invoice_number,
        [
            [
                line.budget_id,
                line.contract_id,
                line.period_from.isoformat(),
                line.period_to.isoformat(),
                str(line.amount),
                line.description,
            ]
            for line in lines
        ],
    ]
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


def _replay(key: str, request_hash: str) -> InvoiceResult | None:
    existing = VoucherInvoice.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != request_hash:
        return InvoiceResult(
            Status.INVALID,
            errors=[
                FieldError(
                    0,
                    "idempotency_key",
                    ErrorCode.VOUCHER_KEY_REUSED,
                    gettext_noop(
                        "Deze idempotentiesleutel hoort al bij een andere factuur (#%(invoice)s). "
                        "Gebruik een nieuwe sleutel voor een nieuwe factuur."
                    ),
                    {"invoice": existing.pk},
                )
            ],
        )
    lines = [
        LineResult(line.line_no, line.budget_id, line.outcome, line.accepted_amount)
        for line in existing.lines.order_by("line_no")
    ]
    return InvoiceResult(Status.EXISTS, existing, lines)


# --- deciding -----------------------------------------------------------------------------------


def _rooms(budgets: dict[int, Budget], year: int) -> dict[int, r11.VoucherRoom]:
    figures = line_figures(budgets, year)
    used = defaultdict(lambda: ZERO)
    for row in (
        VoucherInvoiceLine.objects.filter(budget_id__in=list(budgets), year=year)
        .values("budget_id")
        .order_by()
        .annotate(total=Sum("accepted_amount"))
    ):
        used[row["budget_id"]] = round_cents(Decimal(str(row["total"] or 0)))
    rooms = {}
    for pk, budget in budgets.items():
        facts = budget.facts()
        cash = budget_year.pro_rata(
            budget.estimated_cash_amount or ZERO,
            year,
            budget_rules.in_force_from(facts),
            budget_rules.in_force_until(facts),
        )
        part = r11.voucher_part_of_year(budget.payment_mode, figures[pk].entitlement, cash)
        rooms[pk] = r11.VoucherRoom(voucher_left=part - used[pk], line_left=figures[pk].line)
    return rooms


def _facts(
    provider: Organisation, month: date, lines: list[_Line], budgets: dict[int, Budget]
) -> tuple[list[r11.VoucherLineFacts], set[int]]:
    """The rule's facts of every line (grouped queries) and the ids of the contracts found."""
    contracts = {
        c.pk: r11.VoucherContractFacts(
            budget_id=c.budget_id,
            approved=c.status == ContractStatus.APPROVED,
            payment_mode=c.payment_mode,
            provider_enterprise_number=c.counterparty_enterprise_number,
            start=c.start_date,
            end=c.end_date,
        )
        for c in Contract.objects.filter(
            pk__in={line.contract_id for line in lines if line.contract_id}
        )
    }
    invoiced = set(
        VoucherInvoiceLine.objects.filter(
            invoice__provider=provider,
            invoice__month=month,
            budget_id__in=list(budgets),
            accepted_amount__gt=0,
        ).values_list("budget_id", "contract_id")
    )
    facts = [
        r11.VoucherLineFacts(
            budget_id=line.budget_id,
            budget_kind=budgets[line.budget_id].kind,
            budget_payment_mode=budgets[line.budget_id].payment_mode,
            provider_enterprise_number=provider.enterprise_number,
            provider_licensed_from=provider.licensed_from,
            provider_licensed_until=provider.licensed_until,
            month=month,
            period_from=line.period_from,
            period_to=line.period_to,
            amount=line.amount,
            contract=contracts.get(line.contract_id),
            contract_id=line.contract_id,
            already_invoiced=(line.budget_id, line.contract_id) in invoiced,
            budget_usable=budgets[line.budget_id].status not in NOT_USABLE,
            budget_from=budget_rules.in_force_from(budgets[line.budget_id].facts()),
            budget_until=budget_rules.in_force_until(budgets[line.budget_id].facts()),
        )
        for line in lines
    ]
    return facts, set(contracts)


def _violations_json(violations) -> list[dict]:
    return [
        {"rule": v.rule_id, "code": str(v.code), "message": v.text(), "field": v.field}
        for v in violations
    ]


def file_voucher_invoice(
    *,
    provider: Organisation,
    month: date,
    lines: Sequence[Mapping[str, Any]],
    filed_on: date,
    by=None,
    idempotency_key: str | None = None,
    invoice_number: str = "",
    dry_run: bool = False,
) -> InvoiceResult:
    """File (or, with ``dry_run``, only decide) a provider's invoice of ``month`` (see the
    module docstring). ``lines``: mappings with ``budget_id``, ``contract_id``,
    ``period_from``, ``period_to`` (dates or JJJJ-MM-DD), ``amount`` (str or Decimal, never a
    float) and an optional ``description``. Never raises for what a filer can correct: the
    answer's ``status`` and ``errors`` say what happened."""
    month = month.replace(day=1)
    cleaned, errors = _clean(provider, list(lines), idempotency_key)
    if errors:
        return InvoiceResult(Status.INVALID, errors=errors)
    request_hash = _request_hash(provider, month, invoice_number, cleaned)
    key = idempotency_key.strip() if idempotency_key else f"sha256:{request_hash}"
    replay = _replay(key, request_hash)
    if replay is not None:
        return replay
    outcome: InvoiceResult | None = None
    try:
        with transaction.atomic():
            outcome = _file(
                provider, month, cleaned, filed_on, by, key, request_hash, invoice_number
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        if outcome.status == Status.FILED:  # an invoice filed meanwhile stays EXISTS
            outcome.status = Status.CHECKED
            outcome.invoice = None
    except IntegrityError:
        # The same key was stored meanwhile by an invoice of other budgets (no shared lock).
        replay = _replay(key, request_hash)
        if replay is None:
            raise
        return replay
    return outcome


def _file(provider, month, lines, filed_on, by, key, request_hash, invoice_number) -> InvoiceResult:
    year = month.year
    locked = {b.pk: b for b in lock_budgets({line.budget_id for line in lines})}
    replay = _replay(key, request_hash)  # a concurrent filing with the key got in first
    if replay is not None:
        return replay
    facts, contract_ids = _facts(provider, month, lines, locked)
    decisions, _rooms_after = r11.judge_invoice(facts, _rooms(locked, year))
    invoice = VoucherInvoice.objects.create(
        provider=provider,
        month=month,
        invoice_number=invoice_number,
        filed_on=filed_on,
        filed_by=user_or_none(by),
        outcome=Outcome.REFUSED,
        amount=sum((line.amount for line in lines), ZERO),
        idempotency_key=key,
        request_hash=request_hash,
    )
    booked = [
        (line, decision)
        for line, decision in zip(lines, decisions, strict=True)
        if decision.accepted > 0
    ]
    requests = [
        BookingRequest(
            budget_id=line.budget_id,
            year=year,
            kind=EntryKind.COMMITMENT,
            amount=decision.accepted,
            reason=gettext("Voucher %(provider)s %(month)s, factuur #%(invoice)s lijn %(line)s")
            % {
                "provider": provider.name,
                "month": month.strftime("%m/%Y"),
                "invoice": invoice.pk,
                "line": line.line_no,
            },
            effective_date=filed_on,
            idempotency_key=line_key(invoice.pk, line.line_no),
        )
        for line, decision in booked
    ]
    commitments: dict[int, int] = {}
    ledger_refusals: dict[int, tuple[Violation, ...]] = {}
    for (line, _decision), result in zip(booked, book_batch(requests, by=by), strict=True):
        if result.ok:
            commitments[line.line_no] = result.entry_id
        else:
            ledger_refusals[line.line_no] = tuple(result.violations)
    rows, results = [], []
    for line, decision in zip(lines, decisions, strict=True):
        outcome, accepted, violations = decision.outcome, decision.accepted, decision.violations
        if line.line_no in ledger_refusals:
            outcome, accepted, violations = r11.REFUSED, ZERO, ledger_refusals[line.line_no]
        results.append(
            LineResult(line.line_no, line.budget_id, outcome, accepted, tuple(violations))
        )
        rows.append(
            VoucherInvoiceLine(
                invoice=invoice,
                line_no=line.line_no,
                budget_id=line.budget_id,
                year=year,
                contract_id=line.contract_id if line.contract_id in contract_ids else None,
                period_from=line.period_from,
                period_to=line.period_to,
                amount=line.amount,
                description=line.description,
                outcome=outcome,
                accepted_amount=accepted,
                violations=_violations_json(violations),
                commitment_id=commitments.get(line.line_no),
            )
        )
    VoucherInvoiceLine.objects.bulk_create(rows)
    accepted_total = sum((r.accepted for r in results), ZERO)
    invoice.accepted_amount = accepted_total
    if accepted_total == 0:
        invoice.outcome = Outcome.REFUSED
    elif all(r.outcome == Outcome.ACCEPTED for r in results):
        invoice.outcome = Outcome.ACCEPTED
    else:
        invoice.outcome = Outcome.PARTLY
    invoice.save(update_fields=["accepted_amount", "outcome"])
    record(
        action=AuditEvent.Action.CREATE,
        obj=invoice,
        summary=gettext(
            "Voucherfactuur %(provider)s %(month)s: %(amount)s gefactureerd, %(accepted)s aanvaard"
        )
        % {
            "provider": provider.name,
            "month": month.strftime("%m/%Y"),
            "amount": format_eur(invoice.amount),
            "accepted": format_eur(accepted_total),
        },
        actor=by,
        details={
            "provider": provider.pk,
            "month": month.isoformat(),
            "lines": len(rows),
            "accepted": str(accepted_total),
            "commitments": sorted(commitments.values()),
        },
    )
    return InvoiceResult(Status.FILED, invoice, results)
