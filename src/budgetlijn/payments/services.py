"""Payment runs: draft, approve (four eyes), export (SEPA pain.001), mark paid, return, cancel;
and deductions (*inhoudingen*). docs/decisions/0021-payment-runs.md.

What is due is an open ledger COMMITMENT whose source (``sources.py``) is payable on the run
day. ``draft_run`` pays them in chunks of budgets, one transaction per chunk: it locks the
chunk's budgets, reads what is open with one query per source, skips with a Dutch reason what
cannot be paid (it stays due for the next run and blocks nothing else), applies open
deductions to the budget account's transfer, books every payout through the ledger's batch
path (``book_batch``: the payout releases its commitment in the same insert; the release is a
OneToOne reversal, so the database itself refuses paying a commitment twice) and writes the
run, its transfers, items and deduction uses. A chunk is all or nothing; a crash leaves every
chunk either wholly booked or untouched, and the next run pays the rest.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, record_rows, user_or_none
from budgetlijn.dossiers.constants import StopReason
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.fast_insert import cyclic_gc_paused, insert_rows, plain_in
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.batch import BookingRequest, book_batch
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget_values, lock_budgets
from budgetlijn.ledger.models import BudgetYearBalance, Entry
from budgetlijn.payments.constants import (
    CANCELLABLE_RUN_STATES,
    PAYMENT_RULE,
    BeneficiaryKind,
    DeductionKind,
    ErrorCode,
    ItemStatus,
    RunStatus,
    SourceKind,
    TransferStatus,
)
from budgetlijn.payments.models import (
    Deduction,
    DeductionUse,
    PaymentItem,
    PaymentRun,
    Transfer,
)
from budgetlijn.payments.sources import PayableSource, source_for, sources
from budgetlijn.rules import parameters
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import RuleViolations, Violation
from budgetlijn.settlements import services as settlements
from budgetlijn.settlements.constants import ReclaimKind
from budgetlijn.settlements.models import Reclaim

logger = logging.getLogger(__name__)

# Budgets per chunk (one transaction each); every item of one beneficiary stays in one chunk.
CHUNK_BUDGETS = 2_000
REIMBURSEMENT_DAYS = "payments.reimbursement_days"
CENT = Decimal("0.01")


def _crash_point(name: str) -> None:
    """A named step of the services. Does nothing; the crash test patches it to raise, to
    stop a run at that step as a crash would (docs/decisions/0021)."""


def _violation(code: ErrorCode, message: str, **params) -> Violation:
    return Violation(PAYMENT_RULE, code, message, params=params)


def _refuse(code: ErrorCode, message: str, **params) -> None:
    raise RuleViolations([_violation(code, message, **params)])


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedItem:
    """A commitment the run did not pay, and why (Dutch); it stays due."""

    source_kind: str
    source_id: int
    budget_id: int
    amount: Decimal
    code: str
    message: str


@dataclass(frozen=True)
class LateItem:
    """A commitment paid (or due) more than the R30 days after it was accepted."""

    source_kind: str
    source_id: int
    budget_id: int
    accepted_on: date
    days: int


@dataclass(frozen=True)
class HandedOver:
    """A reclaim of the settlements app taken over as a deduction (or why not: ``message``)."""

    reclaim_id: int
    budget_id: int
    kind: str
    amount: Decimal
    deduction_id: int | None = None
    message: str = ""


@dataclass
class RunReport:
    run_on: date
    dry_run: bool
    run_id: int | None = None
    items: int = 0
    transfers: int = 0
    gross: Decimal = ZERO
    deducted: Decimal = ZERO
    transferred: Decimal = ZERO
    skipped: list[SkippedItem] = field(default_factory=list)
    late: list[LateItem] = field(default_factory=list)
    failed_chunks: list[str] = field(default_factory=list)
    handed_over: list[HandedOver] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed_chunks

    def lines(self) -> list[str]:
        """What the run did, in Dutch, for the command and the admin."""
        head = gettext("Proefrun (niets bewaard)") if self.dry_run else gettext("Betaalrun")
        out = [
            gettext(
                "%(head)s op %(day)s: %(items)s vastleggingen betaald in %(transfers)s "
                "overschrijvingen; verschuldigd %(gross)s, ingehouden %(deducted)s, "
                "overgeschreven %(transferred)s."
            )
            % {
                "head": head,
                "day": self.run_on.isoformat(),
                "items": self.items,
                "transfers": self.transfers,
                "gross": format_eur(self.gross),
                "deducted": format_eur(self.deducted),
                "transferred": format_eur(self.transferred),
            }
        ]
        if self.run_id is not None:
            out.append(gettext("Betaalrun #%(run)s wacht op goedkeuring.") % {"run": self.run_id})
        for handed in self.handed_over:
            if handed.deduction_id is None:
                out.append(
                    gettext(
                        "Terugvordering #%(reclaim)s (budget %(budget)s, %(amount)s) niet "
                        "overgenomen: %(why)s"
                    )
                    % {
                        "reclaim": handed.reclaim_id,
                        "budget": handed.budget_id,
                        "amount": format_eur(handed.amount),
                        "why": handed.message,
                    }
                )
            else:
                out.append(
                    gettext(
                        "Terugvordering #%(reclaim)s (budget %(budget)s, %(amount)s) "
                        "overgenomen als inhouding (%(kind)s)."
                    )
                    % {
                        "reclaim": handed.reclaim_id,
                        "budget": handed.budget_id,
                        "amount": format_eur(handed.amount),
                        "kind": DeductionKind(handed.kind).label,
                    }
                )
        for item in self.skipped:
            out.append(
                gettext("Niet betaald: %(kind)s #%(id)s (budget %(budget)s, %(amount)s): %(why)s")
                % {
                    "kind": SourceKind(item.source_kind).label,
                    "id": item.source_id,
                    "budget": item.budget_id,
                    "amount": format_eur(item.amount),
                    "why": item.message,
                }
            )
        for item in self.late:
            out.append(
                gettext(
                    "Laattijdig (R30): %(kind)s #%(id)s (budget %(budget)s) aanvaard op "
                    "%(accepted)s, %(days)s dagen geleden."
                )
                % {
                    "kind": SourceKind(item.source_kind).label,
                    "id": item.source_id,
                    "budget": item.budget_id,
                    "accepted": item.accepted_on.isoformat(),
                    "days": item.days,
                }
            )
        out.extend(self.failed_chunks)
        return out


# --- what is open ------------------------------------------------------------------------------


@dataclass
class _Open:
    """One open commitment, payable on the run day."""

    source: PayableSource
    source_id: int
    commitment_id: int
    budget_id: int
    year: int
    amount: Decimal
    accepted_on: date
    provider: tuple[str, str, str] | None = None  # (name, iban, bic) for PROVIDER sources


def _as_date(value) -> date:
    if hasattr(value, "tzinfo"):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _open_commitments(on: date, budget_ids: list[int] | None) -> list[_Open]:
    """Every open commitment payable on ``on`` (of ``budget_ids``, or all): one query per
    source and one for what is due again (a returned or cancelled payout's new commitment).
    They start from the ledger's queue of open commitments (``ledger.OpenCommitment``, kept by
    the database), so their cost grows with what is due, not with all commitments ever."""
    found: list[_Open] = []
    days: dict[object, date] = {}  # a statement's lines share its filing moment: convert once
    base = Entry.objects.filter(open_commitment__isnull=False)  # the queue, not history
    if budget_ids is not None:
        base = base.filter(plain_in("budget_id", budget_ids, int))
    for source in sources():
        fields = ["pk", "budget_id", "year", "amount", f"{source.relation}__pk", source.accepted_on]
        if source.provider:
            fields += [
                f"{source.provider}__name",
                f"{source.provider}__iban",
                f"{source.provider}__bic",
            ]
        rows = base.filter(source.payable(on)).order_by().values_list(*fields)
        for row in rows:
            provider = (row[6] or "", row[7] or "", row[8] or "") if source.provider else None
            day = days.get(row[5])
            if day is None:
                day = days[row[5]] = _as_date(row[5])
            found.append(_Open(source, row[4], row[0], row[1], row[2], row[3], day, provider))
    # Due again: an open commitment a payment item booked (a returned or cancelled payout).
    again = (
        base.filter(recommitted_item__isnull=False, effective_date__lte=on)
        .order_by()
        .values_list(
            "pk",
            "budget_id",
            "year",
            "amount",  # less than the item's when a waiver left only part due
            "recommitted_item__source_kind",
            "recommitted_item__source_id",
            "recommitted_item__accepted_on",
        )
    )
    for pk, budget_id, year, amount, kind, source_id, accepted_on in again:
        found.append(_Open(source_for(kind), source_id, pk, budget_id, year, amount, accepted_on))
    _providers_of_due_again(found)
    return found


def _providers_of_due_again(found: list[_Open]) -> None:
    """A PROVIDER item due again is paid to its provider as it is now (one query per kind)."""
    wanting: dict[PayableSource, list[_Open]] = defaultdict(list)
    for item in found:
        if item.source.provider and item.provider is None:
            wanting[item.source].append(item)
    for source, items in wanting.items():
        relation, _sep, provider = source.provider.partition("__")
        model = Entry._meta.get_field(relation).related_model
        rows = {
            pk: (name or "", iban or "", bic or "")
            for pk, name, iban, bic in model.objects.filter(
                pk__in={item.source_id for item in items}
            ).values_list("pk", f"{provider}__name", f"{provider}__iban", f"{provider}__bic")
        }
        for item in items:
            item.provider = rows.get(item.source_id, ("", "", ""))


# --- beneficiaries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Beneficiary:
    kind: str
    name: str
    iban: str
    bic: str


class _Iban(NamedTuple):
    compact: str
    parsed: IBAN

    def bic(self, given: str) -> str:
        """The BIC given with the account, else the one of the bank's code (looked up only
        then: the lookup costs twice the parsing)."""
        if given:
            return given
        bic = self.parsed.bic
        return str(bic) if bic else ""


def _clean_iban(value: str) -> _Iban | None:
    """A valid IBAN of the SEPA zone, else None."""
    try:
        iban = IBAN(value)
    except (SchwiftyException, ValueError, TypeError):
        return None
    if not iban.in_sepa_zone:
        return None
    return _Iban(iban.compact, iban)


class _Decider:
    """Who gets what, for one chunk: the beneficiary of each open commitment, or why not."""

    def __init__(
        self, budgets: dict[int, tuple[int, str]], accounts: dict[int, tuple[str, str, str]]
    ):
        self.budgets = budgets
        self.accounts = accounts
        self._ibans: dict[str, tuple[str, str] | None] = {}
        # The answer depends on the budget, the kind of beneficiary and the provider only: a
        # budget's many lines are decided once.
        self._decided: dict[tuple, tuple[_Beneficiary | None, Violation | None]] = {}

    def _iban(self, value: str):
        if value not in self._ibans:
            self._ibans[value] = _clean_iban(value)
        return self._ibans[value]

    def beneficiary(self, item: _Open) -> tuple[_Beneficiary | None, Violation | None]:
        key = (item.budget_id, item.source.beneficiary, item.provider)
        decided = self._decided.get(key)
        if decided is None:
            decided = self._decided[key] = self._beneficiary(item)
        return decided

    def _beneficiary(self, item: _Open) -> tuple[_Beneficiary | None, Violation | None]:
        budget = self.budgets.get(item.budget_id)  # (person, stop reason)
        if budget is not None and budget[1] == StopReason.FRAUD:
            return None, _violation(
                ErrorCode.BUDGET_STOPPED_FOR_FRAUD,
                gettext_noop(
                    "Het budget werd stopgezet wegens fraude: het agentschap betaalt niets uit "
                    "zonder beslissing van een dossierbehandelaar."
                ),
            )
        if item.source.beneficiary == BeneficiaryKind.PROVIDER:
            name, iban, bic = item.provider or ("", "", "")
            clean = self._iban(iban) if iban else None
            if clean is None:
                return None, _violation(
                    ErrorCode.PROVIDER_WITHOUT_IBAN,
                    gettext_noop(
                        "De zorgaanbieder %(provider)s heeft geen geldig rekeningnummer (IBAN): "
                        "vul het aan; de betaling volgt in de volgende betaalrun."
                    ),
                    provider=name,
                )
            return _Beneficiary(BeneficiaryKind.PROVIDER, name, clean.compact, clean.bic(bic)), None
        account = self.accounts.get(item.budget_id)
        if account is None:
            return None, _violation(
                ErrorCode.NO_BUDGET_ACCOUNT,
                gettext_noop(
                    "Het budget heeft geen budgetrekening (R10): voeg ze toe; de betaling volgt "
                    "in de volgende betaalrun."
                ),
            )
        name, iban, bic = account
        clean = self._iban(iban)
        if clean is None or not name.strip():
            return None, _violation(
                ErrorCode.BUDGET_ACCOUNT_INVALID,
                gettext_noop(
                    "De budgetrekening %(iban)s is geen geldige SEPA-rekening met een naam: "
                    "verbeter ze; de betaling volgt in de volgende betaalrun."
                ),
                iban=iban,
            )
        return (
            _Beneficiary(BeneficiaryKind.BUDGET_ACCOUNT, name, clean.compact, clean.bic(bic)),
            None,
        )


# --- draft_run ---------------------------------------------------------------------------------


def _check_run_day(on: date) -> int:
    """The R30 days in force on ``on``; refuses a day in the future or without parameters."""
    if on > timezone.localdate():
        _refuse(
            ErrorCode.RUN_DAY_IN_FUTURE,
            gettext_noop(
                "Een betaalrun voor %(day)s kan nog niet: die dag ligt in de toekomst. Kies "
                "vandaag of een vroegere dag."
            ),
            day=on.isoformat(),
        )
    try:
        return int(parameters.value(REIMBURSEMENT_DAYS, on))
    except parameters.ParameterMissing:
        _refuse(
            ErrorCode.RUN_DAY_WITHOUT_PARAMETERS,
            gettext_noop(
                "Voor %(day)s is geen termijn van terugbetaling (R30) gekend: kies een dag "
                "waarop de parameters gelden."
            ),
            day=on.isoformat(),
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _open_budgets(on: date, budget_ids: list[int] | None) -> set[tuple[int, str]]:
    """(budget, beneficiary IBAN) of every open commitment payable on ``on``: the same
    filters as ``_open_commitments``, reading two columns (one query per source, one for what
    is due again)."""
    pairs: set[tuple[int, str]] = set()
    base = Entry.objects.filter(open_commitment__isnull=False)  # the queue, not history
    if budget_ids is not None:
        base = base.filter(plain_in("budget_id", budget_ids, int))
    for source in sources():
        iban = (
            f"{source.provider}__iban"
            if source.beneficiary == BeneficiaryKind.PROVIDER
            else "budget__account__iban"
        )
        pairs.update(
            base.filter(source.payable(on)).order_by().values_list("budget_id", iban).distinct()
        )
    again = base.filter(recommitted_item__isnull=False, effective_date__lte=on)
    # a provider's item due again joins its budget's chunk (its provider is read per chunk)
    pairs.update(again.order_by().values_list("budget_id", "budget__account__iban").distinct())
    return pairs


def _chunks(on: date, budget_ids: list[int] | None, size: int) -> list[list[int]]:
    """The budgets with something open, in chunks of about ``size``; budgets that pay into the
    same account (a shared IBAN, one provider) are kept in one chunk (one transfer per IBAN
    per run). Two columns per source, and what is due again."""
    pairs = _open_budgets(on, budget_ids)
    budgets = sorted({budget for budget, _iban in pairs})
    if not budgets:
        return []
    parent = {budget: budget for budget in budgets}

    def root(budget: int) -> int:
        while parent[budget] != budget:
            parent[budget] = parent[parent[budget]]
            budget = parent[budget]
        return budget

    first_by_iban: dict[str, int] = {}
    for budget, iban in pairs:
        key = (iban or "").replace(" ", "").upper()
        if not key:
            continue
        other = first_by_iban.setdefault(key, budget)
        a, b = root(other), root(budget)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for budget in budgets:
        groups[root(budget)].append(budget)
    chunks: list[list[int]] = []
    current: list[int] = []
    for group in sorted(groups.values()):
        if current and len(current) + len(group) > size:
            chunks.append(current)
            current = []
        current.extend(group)
    if current:
        chunks.append(current)
    return chunks


@dataclass
class _RunState:
    """What the chunks of one call share: the run (made by the first chunk that pays) and the
    transfer counter for the end-to-end ids."""

    on: date
    by: object
    days: int
    run: PaymentRun | None = None
    transfers: int = 0
    persons: dict = field(default_factory=dict)  # budget id -> person id, of the locked budgets


@cyclic_gc_paused()
def draft_run(
    *,
    on: date,
    by=None,
    dry_run: bool = False,
    budget_ids=None,
    chunk: int = CHUNK_BUDGETS,
) -> RunReport:
    """Draft a payment run for ``on``: pay every open commitment payable that day.

    Refuses (``RuleViolations``) a day in the future or a day without parameter values.
    ``dry_run`` goes through the real path in a transaction that is rolled back.
    ``budget_ids`` limits the run to those budgets. Never raises for one budget's problem:
    what cannot be paid is in ``report.skipped`` with a Dutch reason, a chunk that failed in
    the database in ``report.failed_chunks`` (its budgets stay due, the others are paid)."""
    days = _check_run_day(on)
    report = RunReport(run_on=on, dry_run=dry_run)
    ids = None if budget_ids is None else sorted({int(pk) for pk in budget_ids})
    state = _RunState(on=on, by=by, days=days)
    with transaction.atomic() if dry_run else _nullcontext():
        hand_over_reclaims(by=by, budget_ids=ids, report=report)
        for budgets in _chunks(on, ids, chunk):
            try:
                with transaction.atomic():
                    _pay_chunk(budgets, state, report)
            except DatabaseError as error:
                logger.exception("payment run chunk failed")
                if (
                    state.run is not None
                    and not PaymentRun.objects.filter(pk=state.run.pk).exists()
                ):
                    state.run = None  # it was made by the chunk that was rolled back
                report.failed_chunks.append(
                    gettext(
                        "Budgetten %(first)s tot %(last)s werden niet betaald: de databank "
                        "weigerde (%(error)s). Ze blijven verschuldigd; start de betaalrun "
                        "opnieuw."
                    )
                    % {"first": budgets[0], "last": budgets[-1], "error": error}
                )
        report.run_id = state.run.pk if state.run is not None else None
        if dry_run:
            transaction.set_rollback(True)
            report.run_id = None
    return report


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _reasons(on: date) -> Callable[[_Open], str]:
    """The payout's reason per item, translated once per chunk (not once per item)."""
    template = gettext("Betaalrun %(day)s: %(kind)s #%(id)s")
    labels = {kind: str(label) for kind, label in SourceKind.choices}
    day = on.isoformat()
    return lambda item: (
        template
        % {
            "day": day,
            "kind": labels[item.source.kind],
            "id": item.source_id,
        }
    )


def _pay_chunk(budget_ids: list[int], state: _RunState, report: RunReport) -> None:
    on = state.on
    _crash_point("chunk_start")
    # (person, stop reason) per budget, as tuples: the same lock as ``lock_budgets``
    locked = lock_budget_values(budget_ids, "person_id", "stop_reason")
    state.persons.update({pk: row[0] for pk, row in locked.items()})
    # Read after the lock: a commitment another run paid meanwhile is no longer open.
    found = _open_commitments(on, budget_ids)
    if not found:
        return
    accounts = {
        budget_id: (name, iban, bic)
        for budget_id, name, iban, bic in BudgetAccount.objects.filter(
            plain_in("budget_id", budget_ids, int)
        ).values_list("budget_id", "holder_name", "iban", "bic")
    }
    decider = _Decider(locked, accounts)
    payable: list[tuple[_Open, _Beneficiary]] = []
    skipped: list[SkippedItem] = []
    for item in found:
        beneficiary, why = decider.beneficiary(item)
        if beneficiary is None:
            skipped.append(
                SkippedItem(
                    item.source.kind,
                    item.source_id,
                    item.budget_id,
                    item.amount,
                    why.code,
                    why.text(),
                )
            )
        else:
            payable.append((item, beneficiary))
    _crash_point("decided")

    # Deductions: per budget, from what it is paid on its own account in this run.
    own_gross: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item, beneficiary in payable:
        if beneficiary.kind == BeneficiaryKind.BUDGET_ACCOUNT:
            own_gross[item.budget_id] += item.amount
    uses = _plan_deductions(own_gross)

    requests: list[BookingRequest] = []
    reason = _reasons(on)
    for item, _beneficiary in payable:
        requests.append(
            BookingRequest(
                budget_id=item.budget_id,
                year=item.year,
                kind=item.source.payout_kind,
                amount=item.amount,
                reason=reason(item),
                effective_date=on,
                idempotency_key=f"payout:{item.commitment_id}",
                releases_entry_id=item.commitment_id,
            )
        )
    # A use that the ledger books: an advance repaid (R13, in the run's year). Same batch, same
    # locks, same transaction. (A SAMPLE_REFUSED use books nothing: its line was booked back
    # when it was refused, R31; the deduction only collects what the holder owes.)
    use_index: dict[int, int] = {}
    advance_reason = gettext("Voorschot ingehouden op de betaalrun van %(day)s (R13)") % {
        "day": on.isoformat()
    }
    for index, (deduction, amount) in enumerate(uses):
        if deduction.kind != DeductionKind.ADVANCE_RECLAIM:
            continue
        use_index[index] = len(requests)
        requests.append(
            BookingRequest(
                budget_id=deduction.budget_id,
                year=on.year,
                kind=EntryKind.ADVANCE_REPAID,
                amount=amount,
                reason=advance_reason,
                effective_date=on,
            )
        )
    results = _book_per_budget(requests, state.by) if requests else []
    _crash_point("booked")

    failed: dict[int, str] = {}
    for request, result in zip(requests, results, strict=True):
        if not result.ok and request.budget_id not in failed:
            failed[request.budget_id] = "; ".join(v.text() for v in result.violations)
    paid: list[tuple[_Open, _Beneficiary, int]] = []
    for (item, beneficiary), result in zip(payable, results, strict=False):
        if item.budget_id in failed:
            why = _violation(
                ErrorCode.BOOKING_REFUSED,
                gettext_noop("Het grootboek weigerde de betaling van dit budget: %(why)s"),
                why=failed[item.budget_id] or "-",
            )
            skipped.append(
                SkippedItem(
                    item.source.kind,
                    item.source_id,
                    item.budget_id,
                    item.amount,
                    why.code,
                    why.text(),
                )
            )
        else:
            paid.append((item, beneficiary, result.entry_id))
    uses = [
        (deduction, amount, results[use_index[i]].entry_id if i in use_index else None)
        for i, (deduction, amount) in enumerate(uses)
        if deduction.budget_id not in failed
    ]
    report.skipped.extend(skipped)
    if not paid:
        return
    if state.run is None:
        state.run = PaymentRun.objects.create(run_on=on, created_by=user_or_none(state.by))
        record(
            action=AuditEvent.Action.CREATE,
            obj=state.run,
            summary=gettext("Betaalrun #%(run)s voor %(day)s opgemaakt")
            % {"run": state.run.pk, "day": on.isoformat()},
            actor=state.by,
        )
    _write(state, paid, uses, report)
    _crash_point("written")


class _Regroup(Exception):
    """A request of the fast path failed: book again, all or nothing per budget."""


def _book_per_budget(requests: list[BookingRequest], by) -> list:
    """Book the chunk's requests, all or nothing per budget. Under the chunk's lock every
    payout releases an open commitment of its own amount and every advance repaid is within
    the outstanding advance, so all pass: booked without groups (a group costs the batch a copy
    of its balances). Should one fail anyway, that booking is rolled back and the requests are
    booked again with one group per budget, so a budget's refusal leaves only it unpaid."""
    try:
        with transaction.atomic():
            results = book_batch(requests, by=by, audit=False)
            if not all(result.ok for result in results):
                raise _Regroup
            return results
    except _Regroup:
        grouped = [request._replace(group=request.budget_id) for request in requests]
        return book_batch(grouped, by=by, audit=False)


def _plan_deductions(own_gross: dict[int, Decimal]) -> list[tuple[Deduction, Decimal]]:
    """What to withhold of each open deduction of these budgets, oldest first, from what the
    budget is paid on its own account (never below zero; an advance only as far as it is
    outstanding, R13). Two queries (the open deductions, the advances)."""
    budgets = [budget for budget, gross in own_gross.items() if gross > 0]
    if not budgets:
        return []
    open_deductions = list(
        Deduction.objects.filter(budget_id__in=budgets, remaining__gt=0).order_by(
            "budget_id", "created_at", "id"
        )
    )
    if not open_deductions:
        return []
    advance_budgets = {
        d.budget_id for d in open_deductions if d.kind == DeductionKind.ADVANCE_RECLAIM
    }
    advance: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if advance_budgets:
        for budget_id, cents in (
            BudgetYearBalance.objects.filter(budget_id__in=advance_budgets)
            .values("budget_id")
            .annotate(cents=Sum("advance"))
            .values_list("budget_id", "cents")
        ):
            advance[budget_id] = Decimal(cents or 0).scaleb(-2)
    left = dict(own_gross)
    plan: list[tuple[Deduction, Decimal]] = []
    for deduction in open_deductions:
        room = left[deduction.budget_id]
        if deduction.kind == DeductionKind.ADVANCE_RECLAIM:
            room = min(room, advance[deduction.budget_id])
        amount = min(room, deduction.remaining)
        if amount <= 0:
            continue
        left[deduction.budget_id] -= amount
        if deduction.kind == DeductionKind.ADVANCE_RECLAIM:
            advance[deduction.budget_id] -= amount
        plan.append((deduction, amount))
    return plan


TRANSFER_COLUMNS = (
    "run_id",
    "beneficiary_kind",
    "budget_id",
    "name",
    "iban",
    "bic",
    "gross",
    "deducted",
    "amount",
    "end_to_end_id",
    "status",
    "return_reason",
)
ITEM_COLUMNS = (
    "run_id",
    "transfer_id",
    "source_kind",
    "source_id",
    "budget_id",
    "year",
    "amount",
    "accepted_on",
    "commitment_id",
    "payout_id",
    "status",
)
USE_COLUMNS = (
    "deduction_id",
    "run_id",
    "transfer_id",
    "amount",
    "advance_entry_id",
    "created_at",
)


def _write(state: _RunState, paid, uses, report: RunReport) -> None:
    """Transfers (one per IBAN), items, deduction uses and one audit event per transfer."""
    run = state.run
    on = state.on
    by_iban: dict[str, list[tuple[_Open, _Beneficiary, int]]] = defaultdict(list)
    for row in paid:
        by_iban[row[1].iban].append(row)
    deducted_by_budget: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for deduction, amount, _entry in uses:
        deducted_by_budget[deduction.budget_id] += amount
    transfer_rows = []
    ibans = []
    budget_iban: dict[int, str] = {}
    for iban, rows in by_iban.items():
        item, beneficiary, _entry = rows[0]
        gross = sum((row[0].amount for row in rows), ZERO)
        deducted = ZERO
        if beneficiary.kind == BeneficiaryKind.BUDGET_ACCOUNT:
            for budget_id in {row[0].budget_id for row in rows}:
                deducted += deducted_by_budget[budget_id]
                budget_iban[budget_id] = iban
        state.transfers += 1
        transfer_rows.append(
            (
                run.pk,
                beneficiary.kind,
                item.budget_id if beneficiary.kind == BeneficiaryKind.BUDGET_ACCOUNT else None,
                beneficiary.name[:140],
                iban,
                beneficiary.bic,
                gross,
                deducted,
                gross - deducted,
                f"BL{run.pk}-{state.transfers}",
                TransferStatus.PENDING,
                "",
            )
        )
        ibans.append(iban)
    transfer_ids = dict(
        zip(ibans, insert_rows(Transfer, TRANSFER_COLUMNS, transfer_rows), strict=True)
    )
    _crash_point("transfers")
    insert_rows(
        PaymentItem,
        ITEM_COLUMNS,
        (
            (
                run.pk,
                transfer_ids[beneficiary.iban],
                item.source.kind,
                item.source_id,
                item.budget_id,
                item.year,
                item.amount,
                item.accepted_on,
                item.commitment_id,
                entry_id,
                ItemStatus.BOOKED,
            )
            for item, beneficiary, entry_id in paid
        ),
        returning=False,
    )
    _crash_point("items")
    if uses:
        now = timezone.now()
        insert_rows(
            DeductionUse,
            USE_COLUMNS,
            (
                (
                    deduction.pk,
                    run.pk,
                    transfer_ids[budget_iban[deduction.budget_id]],
                    amount,
                    entry if deduction.kind == DeductionKind.ADVANCE_RECLAIM else None,
                    now,
                )
                for deduction, amount, entry in uses
            ),
            returning=False,
        )
        for deduction, amount, _entry in uses:
            deduction.remaining -= amount
        Deduction.objects.bulk_update([d for d, _a, _e in uses], ["remaining"])
    _crash_point("deductions")

    template = gettext(
        "Betaalrun #%(run)s: %(amount)s naar %(iban)s (%(items)s vastleggingen, ingehouden "
        "%(deducted)s)"
    )
    events = []
    late_after = state.days
    for row, iban in zip(transfer_rows, ibans, strict=True):
        rows = by_iban[iban]
        budget_id = rows[0][0].budget_id
        events.append(
            (
                Transfer._meta.label,
                str(transfer_ids[iban]),
                template
                % {
                    "run": run.pk,
                    "amount": format_eur(row[8]),
                    "iban": iban,
                    "items": len(rows),
                    "deducted": format_eur(row[7]),
                },
                # a provider's transfer pays for several holders: it names none of them
                state.persons.get(budget_id) if row[1] == BeneficiaryKind.BUDGET_ACCOUNT else None,
                {
                    "run": run.pk,
                    "payouts": [entry for _i, _b, entry in rows],
                    "commitments": [item.commitment_id for item, _b, _e in rows],
                },
            )
        )
        report.transfers += 1
        report.gross += row[6]
        report.deducted += row[7]
        report.transferred += row[8]
    record_rows(action=AuditEvent.Action.BOOK, events=events, actor=state.by)
    for item, _beneficiary, _entry in paid:
        report.items += 1
        days = (on - item.accepted_on).days
        if days > late_after:
            report.late.append(
                LateItem(item.source.kind, item.source_id, item.budget_id, item.accepted_on, days)
            )


# --- the life of a run -------------------------------------------------------------------------


def _lock_run(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=run.pk)


def _require_state(run: PaymentRun, allowed, action: str) -> None:
    if run.status not in allowed:
        _refuse(
            ErrorCode.RUN_NOT_IN_STATE,
            gettext_noop("Betaalrun #%(run)s is %(status)s: %(action)s kan niet."),
            run=run.pk,
            status=run.get_status_display(),
            action=action,
        )


def _require_permission(by, codename: str, action: str) -> None:
    user = user_or_none(by)
    if user is None or not user.has_perm(f"payments.{codename}"):
        _refuse(
            ErrorCode.NOT_ALLOWED,
            gettext_noop(
                "U mag betaalruns niet %(action)s: vraag een medewerker met die bevoegdheid."
            ),
            action=action,
        )


def approve_run(run: PaymentRun, *, by) -> PaymentRun:
    """Approve a drafted run: a second agency user (four eyes) with permission
    ``payments.approve_paymentrun``; who drafted the run never approves it."""
    with transaction.atomic():
        run = _lock_run(run)
        _require_permission(by, "approve_paymentrun", gettext_noop("goedkeuren"))
        _require_state(run, {RunStatus.DRAFT}, gettext_noop("goedkeuren"))
        if run.created_by_id is not None and run.created_by_id == by.pk:
            _refuse(
                ErrorCode.FOUR_EYES,
                gettext_noop(
                    "U maakte betaalrun #%(run)s zelf op: een tweede medewerker keurt ze goed "
                    "(vier ogen)."
                ),
                run=run.pk,
            )
        run.status = RunStatus.APPROVED
        run.approved_by = by
        run.approved_at = timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
        record(
            action=AuditEvent.Action.TRANSITION,
            obj=run,
            summary=gettext("Betaalrun #%(run)s goedgekeurd") % {"run": run.pk},
            actor=by,
        )
    return run


def _debtor() -> dict:
    name = settings.PAYMENT_DEBTOR_NAME
    iban = _clean_iban(settings.PAYMENT_DEBTOR_IBAN or "")
    if iban is None or not (name or "").strip():
        _refuse(
            ErrorCode.DEBTOR_ACCOUNT_INVALID,
            gettext_noop(
                "De rekening van het agentschap (PAYMENT_DEBTOR_IBAN, PAYMENT_DEBTOR_NAME) is "
                "niet ingesteld of ongeldig: zie docs/configuration.md."
            ),
        )
    config = {"name": name, "IBAN": iban.compact, "batch": True, "currency": "EUR"}
    bic = iban.bic(settings.PAYMENT_DEBTOR_BIC or "")
    if bic:
        config["BIC"] = bic
    return config


@functools.cache
def _pain_001_schema():
    """The pain.001.001.03 schema sepaxml ships, read once per process (reading it costs more
    than building a file)."""
    # imported here, as sepaxml does: xmlschema changes ElementTree when it is imported
    import sepaxml
    import xmlschema

    return xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd")


def sepa_document(run: PaymentRun) -> tuple[bytes, str, Decimal]:
    """The pain.001.001.03 file of ``run``'s transfers (those with an amount), its message id
    and control sum. Built once, at export; the stored bytes are what is downloaded after."""
    import xmlschema
    from sepaxml import SepaTransfer

    sepa = SepaTransfer(_debtor(), schema="pain.001.001.03", clean=True)
    execution = max(run.run_on, timezone.localdate())
    total = ZERO
    for transfer in run.transfers.filter(amount__gt=0).order_by("id"):
        payment = {
            "name": transfer.name,
            "IBAN": transfer.iban,
            "amount": int(transfer.amount.scaleb(2)),
            "execution_date": execution,
            "description": gettext("VAPH betaalrun %(run)s %(ref)s")
            % {"run": run.pk, "ref": transfer.end_to_end_id},
            "endtoend_id": transfer.end_to_end_id,
        }
        if transfer.bic:
            payment["BIC"] = transfer.bic
        sepa.add_payment(payment)
        total += transfer.amount
    content = sepa.export(validate=False)
    try:
        _pain_001_schema().validate(content.decode("utf-8"))
    except xmlschema.XMLSchemaValidationError as error:
        raise RuleViolations(
            [
                _violation(
                    ErrorCode.SEPA_FILE_INVALID,
                    gettext_noop(
                        "Het SEPA-bestand van betaalrun #%(run)s voldoet niet aan het schema "
                        "pain.001.001.03 (%(error)s): verbeter de naam of het rekeningnummer "
                        "van de begunstigde."
                    ),
                    run=run.pk,
                    error=error.reason or "",
                )
            ]
        ) from error
    return content, sepa.msg_id, total


def export_run(run: PaymentRun, *, by) -> bytes:
    """The SEPA credit-transfer file (pain.001.001.03) of an approved run. The first export
    builds and keeps it; every later one returns the same bytes (never regenerated)."""
    with transaction.atomic():
        run = _lock_run(run)
        _require_permission(by, "process_paymentrun", gettext_noop("exporteren"))
        if run.status in (RunStatus.EXPORTED, RunStatus.CLOSED):
            return run.sepa_xml.encode("utf-8")
        _require_state(run, {RunStatus.APPROVED}, gettext_noop("exporteren"))
        if run.approved_by_id is None:  # the database refuses it too
            _refuse(
                ErrorCode.FOUR_EYES,
                gettext_noop("Betaalrun #%(run)s is niet goedgekeurd door een tweede medewerker."),
                run=run.pk,
            )
        if run.approved_by_id == by.pk:
            # who approved does not also release the file to the bank: a run the system drafted
            # (no drafter) would otherwise go out on one person's word (decision 0021)
            _refuse(
                ErrorCode.FOUR_EYES,
                gettext_noop(
                    "U keurde betaalrun #%(run)s goed: een andere medewerker exporteert ze "
                    "(vier ogen)."
                ),
                run=run.pk,
            )
        if run.transfers.filter(amount__gt=0).exists():
            content, message_id, total = sepa_document(run)
        else:
            content, message_id, total = b"", "", ZERO
        _crash_point("exported")
        run.sepa_xml = content.decode("utf-8")
        run.sepa_sha256 = hashlib.sha256(content).hexdigest()
        run.sepa_message_id = message_id
        run.sepa_control_sum = total
        run.status = RunStatus.EXPORTED
        run.exported_by = user_or_none(by)
        run.exported_at = timezone.now()
        run.save()
        record(
            action=AuditEvent.Action.TRANSITION,
            obj=run,
            summary=gettext("Betaalrun #%(run)s geëxporteerd (SEPA %(total)s)")
            % {"run": run.pk, "total": format_eur(total)},
            actor=by,
            details={"sha256": run.sepa_sha256, "message_id": message_id},
        )
    return content


def mark_paid(run: PaymentRun, *, by, on: date) -> PaymentRun:
    """The bank executed the file: the run is closed, its pending transfers paid on ``on``."""
    with transaction.atomic():
        run = _lock_run(run)
        _require_permission(by, "process_paymentrun", gettext_noop("betaald melden"))
        _require_state(run, {RunStatus.EXPORTED}, gettext_noop("betaald melden"))
        if on > timezone.localdate() or on < run.run_on:
            _refuse(
                ErrorCode.RUN_NOT_IN_STATE,
                gettext_noop(
                    "Betaald op %(day)s kan niet: kies een dag tussen de betaaldag en vandaag."
                ),
                day=on.isoformat(),
            )
        run.transfers.filter(status=TransferStatus.PENDING).update(
            status=TransferStatus.PAID, paid_on=on
        )
        run.status = RunStatus.CLOSED
        run.paid_on = on
        run.save(update_fields=["status", "paid_on"])
        record(
            action=AuditEvent.Action.TRANSITION,
            obj=run,
            summary=gettext("Betaalrun #%(run)s betaald op %(day)s")
            % {"run": run.pk, "day": on.isoformat()},
            actor=by,
        )
    return run


def _due_again(items, *, reason: str, by, status: str) -> None:
    """Reverse the payouts of ``items`` and book a new COMMITMENT for each: due again, paid by
    a next run. The item keeps its history (payout, its reversal, the new commitment).

    A cost line refused by a sample check after it was paid (R31: not proven) is never due
    again: its reclaim was about money the holder now never had, so that reclaim is waived for
    what is still open of it, and only what was already withheld for it from other transfers
    is due again (the holder gets back what they repaid). Call after ``_undo_uses``: what this
    transfer itself withheld is open again first."""
    refused = _not_proven_reclaims(items)
    for item in items:
        payout = Entry.objects.get(pk=item.payout_id)
        reversal = ledger.reverse(payout, reason=reason, by=by)
        _crash_point("reversed")
        owed = item.amount
        reclaim = refused.get(item.source_id) if item.source_kind == SourceKind.COST_LINE else None
        if reclaim is not None:
            owed = item.amount - _waive(reclaim, item.amount, reason=reason, by=by)
        again = None
        if owed > 0:
            again = ledger.pay(
                budget=payout.budget_id,
                year=item.year,
                kind=EntryKind.COMMITMENT,
                amount=owed,
                reason=reason,
                by=by,
                idempotency_key=f"due-again:{item.pk}",
            )
        item.status = status
        item.payout_reversal = reversal
        item.recommitment = again
    PaymentItem.objects.bulk_update(items, ["status", "payout_reversal", "recommitment"])


def cost_line_due_again(line_id: int) -> Entry | None:
    """The open COMMITMENT a cost line is due again by (``_due_again`` booked it when the
    line's payout came back), or None. For the sample checks (R31: a line refused then is
    released, not reclaimed); registered in ``PaymentsConfig.ready``."""
    return Entry.objects.filter(
        open_commitment__isnull=False,
        recommitted_item__source_kind=SourceKind.COST_LINE,
        recommitted_item__source_id=line_id,
    ).first()


def _not_proven_reclaims(items) -> dict[int, Reclaim]:
    """Cost line id -> its NOT_PROVEN reclaim (R31), locked, for the COST_LINE items whose
    line a sample check refused after it was paid. Two queries, whatever the number of items."""
    line_ids = {item.source_id for item in items if item.source_kind == SourceKind.COST_LINE}
    if not line_ids:
        return {}
    by_reclaim = dict(
        Reclaim.objects.filter(
            kind=ReclaimKind.NOT_PROVEN, sampled_line__line_id__in=line_ids
        ).values_list("pk", "sampled_line__line_id")
    )
    if not by_reclaim:
        return {}
    return {
        by_reclaim[reclaim.pk]: reclaim
        for reclaim in Reclaim.objects.select_for_update().filter(pk__in=by_reclaim)
    }


def _waive(reclaim: Reclaim, amount: Decimal, *, reason: str, by) -> Decimal:
    """Waive what is still open of ``reclaim``'s deduction, up to ``amount`` (a payout of the
    refused line that came back). A reclaim not taken over yet is taken over first, so the
    waiver has one place (the deduction) and the runs never withhold it. Returns the amount
    waived; ``amount`` minus it was already withheld and is due to the holder again."""
    if reclaim.deduction_id is None:
        kind, year = _deduction_kind_and_year(reclaim)
        deduction = open_deduction(
            budget=reclaim.budget,
            kind=kind,
            amount=reclaim.amount,
            reason=reclaim.reason,
            by=by,
            source_label=f"Terugvordering #{reclaim.pk} ({reclaim.source})",
            year=year,
            reclaimed_entry=reclaim.reclaimed_entry,
        )
        reclaim = settlements.record_handover(reclaim, deduction_id=deduction.pk)
    deduction = Deduction.objects.select_for_update().get(pk=reclaim.deduction_id)
    waived = min(deduction.remaining, amount)
    if waived <= 0:
        return ZERO
    deduction.remaining -= waived
    deduction.waived += waived
    if deduction.kind == DeductionKind.SAMPLE_REFUSED:
        deduction.reclaimed_entry = _rebook_reclaimed(deduction, reason=reason, by=by)
    deduction.save(update_fields=["remaining", "waived", "reclaimed_entry"])
    record(
        action=AuditEvent.Action.TRANSITION,
        obj=deduction,
        summary=gettext(
            "Inhouding %(deduction)s: %(amount)s kwijtgescholden, want de uitbetaling waarover "
            "ze gaat kwam nooit aan (%(reason)s)"
        )
        % {"deduction": deduction.pk, "amount": format_eur(waived), "reason": reason},
        actor=by,
        person_id=reclaim.budget.person_id,
    )
    return waived


def _rebook_reclaimed(deduction: Deduction, *, reason: str, by) -> Entry | None:
    """R31: book the line back for what is still owed after a waiver (``amount`` - ``waived``)
    instead of the whole reclaim: a new REIMBURSEMENT_RECLAIMED entry first (it frees room),
    then the reversal of the one it replaces; None when all is waived. Called after the
    returned payout of the refused line was reversed, which freed the room the reversal takes
    again, so R26 never refuses it."""
    owed = deduction.amount - deduction.waived
    new = None
    if owed > 0:
        new = ledger.book(
            budget=deduction.budget_id,
            year=deduction.year,
            kind=EntryKind.REIMBURSEMENT_RECLAIMED,
            amount=owed,
            reason=gettext(
                "Inhouding %(deduction)s: teruggevorderd %(amount)s, na kwijtschelding "
                "(%(reason)s) (R31)"
            )
            % {"deduction": deduction.pk, "amount": format_eur(owed), "reason": reason},
            by=by,
        )
    if deduction.reclaimed_entry_id is not None:
        ledger.reverse(Entry.objects.get(pk=deduction.reclaimed_entry_id), reason=reason, by=by)
    return new


def _undo_uses(uses, *, reason: str, by) -> None:
    """Give back what the uses withheld: a new row with the opposite amount each (the
    deduction is open again for that much); an advance repaid by withholding is reversed.
    Nothing else touches the ledger: a SAMPLE_REFUSED deduction's line was booked back when it
    was refused and stays so, whether the holder has repaid yet or not (R31), so a return
    never spends a line's room again (decision 0021, addendum "R31 booked when the line is
    refused")."""
    now = timezone.now()
    deductions = {}
    for use in uses:
        advance = None
        if use.advance_entry_id is not None:
            advance = ledger.reverse(
                Entry.objects.get(pk=use.advance_entry_id), reason=reason, by=by
            )
        DeductionUse.objects.create(
            deduction_id=use.deduction_id,
            run_id=use.run_id,
            transfer_id=use.transfer_id,
            amount=-use.amount,
            undoes=use,
            advance_entry=advance,
            created_at=now,
        )
        deductions.setdefault(use.deduction_id, ZERO)
        deductions[use.deduction_id] += use.amount
    for pk, amount in deductions.items():
        Deduction.objects.filter(pk=pk).update(remaining=F("remaining") + amount)


def _open_uses(transfer_ids):
    return list(
        DeductionUse.objects.filter(
            transfer_id__in=transfer_ids, undoes__isnull=True, undone_by__isnull=True
        ).order_by("id")
    )


def return_transfer(transfer: Transfer, *, reason: str, on: date, by=None) -> Transfer:
    """The bank returned ``transfer`` (a closed or wrong IBAN): its payouts are reversed and
    due again (new commitments, paid by a next run once the account is right), what it
    withheld is open again, and the holder is told (an audit event on the person, Dutch).
    Nothing else is blocked."""
    reason = (reason or "").strip()
    if not reason:
        _refuse(
            ErrorCode.REASON_REQUIRED,
            gettext_noop("Geef de reden van de terugstorting (zoals de bank ze meldt)."),
        )
    with transaction.atomic():
        run = _lock_run(transfer.run)
        _require_state(
            run, {RunStatus.EXPORTED, RunStatus.CLOSED}, gettext_noop("een terugstorting boeken")
        )
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status not in (TransferStatus.PENDING, TransferStatus.PAID):
            _refuse(
                ErrorCode.TRANSFER_NOT_PENDING,
                gettext_noop("Overschrijving %(ref)s is al %(status)s."),
                ref=transfer.end_to_end_id,
                status=transfer.get_status_display(),
            )
        items = list(transfer.items.filter(status=ItemStatus.BOOKED).order_by("id"))
        lock_budgets({item.budget_id for item in items})
        text = gettext("Overschrijving %(ref)s teruggestort door de bank: %(reason)s") % {
            "ref": transfer.end_to_end_id,
            "reason": reason,
        }
        _undo_uses(_open_uses([transfer.pk]), reason=text, by=by)
        _due_again(items, reason=text, by=by, status=ItemStatus.RETURNED)
        transfer.status = TransferStatus.RETURNED
        transfer.returned_on = on
        transfer.return_reason = reason
        transfer.returned_by = user_or_none(by)
        transfer.save(update_fields=["status", "returned_on", "return_reason", "returned_by"])
        _crash_point("returned")
        notice = gettext(
            "De bank stortte de betaling van %(amount)s naar rekening %(iban)s terug (%(reason)s). "
            "Het bedrag blijft verschuldigd: controleer uw budgetrekening; het agentschap betaalt "
            "het opnieuw in een volgende betaalrun."
        ) % {"amount": format_eur(transfer.amount), "iban": transfer.iban, "reason": reason}
        persons = set(
            Entry.objects.filter(pk__in=[item.payout_id for item in items]).values_list(
                "budget__person_id", flat=True
            )
        )
        for person_id in sorted(persons) or [None]:
            record(
                action=AuditEvent.Action.TRANSITION,
                obj=transfer,
                summary=notice,
                actor=by,
                person_id=person_id,
                details={"notice": True, "run": run.pk, "reason": reason},
            )
    return transfer


def cancel_run(run: PaymentRun, *, by, reason: str = "") -> PaymentRun:
    """Cancel a run before it is exported (DRAFT or APPROVED): its payouts are reversed and
    due again (new commitments), what it withheld is open again (new rows, no edits)."""
    with transaction.atomic():
        run = _lock_run(run)
        _require_permission(by, "process_paymentrun", gettext_noop("annuleren"))
        _require_state(run, CANCELLABLE_RUN_STATES, gettext_noop("annuleren"))
        items = list(run.items.filter(status=ItemStatus.BOOKED).order_by("id"))
        lock_budgets({item.budget_id for item in items})
        text = gettext("Betaalrun #%(run)s geannuleerd%(reason)s") % {
            "run": run.pk,
            "reason": f": {reason}" if reason else "",
        }
        _undo_uses(_open_uses(list(run.transfers.values_list("pk", flat=True))), reason=text, by=by)
        _due_again(items, reason=text, by=by, status=ItemStatus.CANCELLED)
        run.transfers.update(status=TransferStatus.CANCELLED)
        run.status = RunStatus.CANCELLED
        run.cancelled_by = user_or_none(by)
        run.cancelled_at = timezone.now()
        run.save(update_fields=["status", "cancelled_by", "cancelled_at"])
        _crash_point("cancelled")
        record(action=AuditEvent.Action.TRANSITION, obj=run, summary=text, actor=by)
    return run


# --- deductions --------------------------------------------------------------------------------

# What a reclaim of the settlements app becomes when the payment runs take it over.
RECLAIM_DEDUCTION_KINDS = {
    ReclaimKind.ADVANCE: DeductionKind.ADVANCE_RECLAIM,  # R13, R33: booked as advance repaid
    ReclaimKind.NOT_PROVEN: DeductionKind.SAMPLE_REFUSED,  # R31: a paid line not proven
}


def _deduction_kind_and_year(reclaim: Reclaim) -> tuple[str, int | None]:
    """The deduction kind a reclaim becomes, and for SAMPLE_REFUSED the year of the refused
    line (R31). A NOT_PROVEN reclaim that names no sampled line (entered by hand) has no line
    year to book the withheld amount in: it is withheld as a plain RECLAIM."""
    kind = RECLAIM_DEDUCTION_KINDS.get(reclaim.kind, DeductionKind.RECLAIM)
    if kind != DeductionKind.SAMPLE_REFUSED:
        return kind, None
    if reclaim.sampled_line_id is None:
        return DeductionKind.RECLAIM, None
    return kind, reclaim.sampled_line.line.year


def hand_over_reclaims(*, by=None, budget_ids=None, report: RunReport | None = None):
    """Take over every reclaim of the settlements app not handed over yet (of ``budget_ids``,
    or all) as a deduction, each exactly once: the deduction and the reclaim's hand-over are
    written in one transaction, under a lock on the reclaim (a crash between them leaves
    neither; a second run, or one at the same time, finds it handed over). Called at the start
    of every ``draft_run`` (inside a dry run's rolled-back transaction: reported, not kept).
    Never raises for one reclaim: what cannot be taken over stays for the next run, with a
    Dutch reason in the report. Returns the list of ``HandedOver``."""
    pending = settlements.reclaims_to_hand_over()
    if budget_ids is not None:
        pending = pending.filter(budget_id__in=budget_ids)
    done: list[HandedOver] = []
    for reclaim in list(pending.select_related("budget", "sampled_line__line")):
        kind, year = _deduction_kind_and_year(reclaim)
        try:
            with transaction.atomic():
                locked = (
                    Reclaim.objects.select_for_update()
                    .filter(pk=reclaim.pk, deduction_id__isnull=True)
                    .first()
                )
                if locked is None:
                    continue  # another run took it over meanwhile
                deduction = open_deduction(
                    budget=reclaim.budget,
                    kind=kind,
                    amount=locked.amount,
                    reason=locked.reason,
                    by=by,
                    source_label=f"Terugvordering #{locked.pk} ({locked.source})",
                    year=year,
                    reclaimed_entry=locked.reclaimed_entry,
                )
                _crash_point("reclaim_deduction")
                settlements.record_handover(locked, deduction_id=deduction.pk)
                _crash_point("reclaim_handed_over")
        except (RuleViolations, ValueError, DatabaseError) as error:
            logger.warning("reclaim %s not handed over: %s", reclaim.pk, error)
            why = (
                "; ".join(v.text() for v in error.violations)
                if isinstance(error, RuleViolations)
                else str(error)
            )
            done.append(
                HandedOver(reclaim.pk, reclaim.budget_id, kind, reclaim.amount, None, why or "-")
            )
            continue
        done.append(HandedOver(reclaim.pk, reclaim.budget_id, kind, locked.amount, deduction.pk))
    if report is not None:
        report.handed_over.extend(done)
    return done


def open_deduction(
    *,
    budget,
    kind: str,
    amount,
    reason: str,
    by=None,
    source_label: str = "",
    year=None,
    reclaimed_entry: Entry | None = None,
) -> Deduction:
    """Record money the holder owes, to be withheld from the budget account's next transfers
    (``remaining`` goes down as runs withhold it; never below zero, never from another
    holder's transfer). An ADVANCE_RECLAIM is booked as advance repaid (R13) when withheld.

    A SAMPLE_REFUSED one (R31) is a paid line not proven: the line is booked back at once, as
    REIMBURSEMENT_RECLAIMED of ``amount`` in ``year``, the budget year of the refused line
    (required for that kind: a year of the budget with an allocation; ignored for every other
    kind), unless ``reclaimed_entry`` is that booking already (a reclaim of the sample check
    taken over: it was booked when the line was refused). Withholding it books nothing more."""
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value != value.quantize(CENT):
        _refuse(
            ErrorCode.DEDUCTION_AMOUNT_INVALID,
            gettext_noop(
                "Een inhouding is een positief bedrag in euro met hoogstens twee cijfers na de komma."
            ),
        )
    if kind not in DeductionKind.values:
        raise ValueError(kind)
    reason = (reason or "").strip()
    if not reason:
        _refuse(ErrorCode.REASON_REQUIRED, gettext_noop("Geef de reden van de inhouding."))
    if kind != DeductionKind.SAMPLE_REFUSED:
        year = None
        reclaimed_entry = None
    elif reclaimed_entry is not None:
        year = reclaimed_entry.year
    elif type(year) is not int:
        _refuse(
            ErrorCode.DEDUCTION_YEAR_REQUIRED,
            gettext_noop(
                "Vermeld het budgetjaar van de kostenlijn die niet bewezen werd bij de steekproef "
                "(R31): de terugbetaling wordt in dat jaar teruggeboekt."
            ),
        )
    with transaction.atomic():
        locked = lock_budgets([budget])
        if not locked:
            raise ValueError(budget)
        if (
            year is not None
            and not BudgetYearBalance.objects.filter(
                budget_id=locked[0].pk, year=year, allocations__gt=0
            ).exists()
        ):
            _refuse(
                ErrorCode.DEDUCTION_YEAR_INVALID,
                gettext_noop(
                    "Budgetjaar %(year)s heeft geen toegekend budget: kies het budgetjaar van de "
                    "kostenlijn die niet bewezen werd (R31)."
                ),
                year=year,
            )
        if kind == DeductionKind.SAMPLE_REFUSED and reclaimed_entry is None:
            reclaimed_entry = ledger.book(
                budget=locked[0],
                year=year,
                kind=EntryKind.REIMBURSEMENT_RECLAIMED,
                amount=value,
                reason=gettext("Kost niet bewezen bij steekproef, teruggevorderd: %(reason)s")
                % {"reason": reason},
                by=by,
            )
        deduction = Deduction.objects.create(
            budget=locked[0],
            kind=kind,
            year=year,
            amount=value,
            remaining=value,
            reason=reason,
            source_label=source_label[:200],
            created_by=user_or_none(by),
            reclaimed_entry=reclaimed_entry,
        )
        record(
            action=AuditEvent.Action.CREATE,
            obj=deduction,
            summary=gettext("Inhouding %(kind)s van %(amount)s: %(reason)s")
            % {"kind": deduction.get_kind_display(), "amount": format_eur(value), "reason": reason},
            actor=by,
            person_id=locked[0].person_id,
        )
    return deduction
