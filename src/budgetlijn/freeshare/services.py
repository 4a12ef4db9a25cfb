"""Asking the free share (vrij besteedbaar deel): ``ask_free_share``, the one path for the
admin, the command and (later) the portal and the API.

In one transaction, with the budget row locked (``ledger.locks``, decision 0006), so two parts
asked at once are decided one after the other: the year's limit (R14 PVB: the category's
amount; R15 PAB: 5 % of the yearly budget before reductions; both pro rata by month in force),
what earlier parts of the year were granted, and what the budget line has left (R26); the pure
rules decide (``rules.payments``); the accepted part is booked as a COMMITMENT (ledger ``pay``,
key ``free-share:{budget}:{year}:{part}``), which the payment run pays as FREE_SHARE_PAYOUT to
the budget account. A refused part is kept too, with its reason, for the holder to read.

Input errors (an unknown role, an amount that is no amount, an idempotency key reused for
another request) raise ``RuleViolations`` and keep nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.assistance.constants import MandateRight
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.costs.constants import BookingType
from budgetlijn.costs.constants import Outcome as CostOutcome
from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.dossiers.services import allocation_history, yearly_amounts_by_month
from budgetlijn.freeshare.constants import IDEMPOTENCY_KEY_LENGTH, AskedByRole, ErrorCode, Outcome
from budgetlijn.freeshare.models import FreeShareCorrection, FreeShareRequest
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR, Bucket, EntryKind
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
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
from budgetlijn.rules.payments import r14_free_share as r14
from budgetlijn.rules.payments import r15_free_share as r15
from budgetlijn.rules.payments.free_share import FreeShareDecision, not_in_force
from budgetlijn.rules.violations import RuleViolations, Violation

APP_RULE = "FREESHARE"
MAX_AMOUNT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)
FREE_SHARE_COST_KIND = "FREE_SHARE"  # rules/contract_types.yaml, cost_kinds
NOT_IN_FORCE = frozenset({BudgetStatus.LAPSED, BudgetStatus.CONVERTED})


def commitment_key(budget_id: int, year: int, part: int) -> str:
    return f"free-share:{budget_id}:{year}:{part}"


def _input_violation(code: ErrorCode, message: str, field: str, **params) -> Violation:
    return Violation(APP_RULE, code, message, field, params)


def _clean(year: Any, amount: Any, role: Any, key: Any) -> tuple[Decimal, str | None]:
    violations: list[Violation] = []
    value = None
    try:
        value = to_decimal(amount)
    except ValueError:
        value = None
    if (
        value is None
        or not value.is_finite()
        or round_cents(value) != value
        or abs(value) >= MAX_AMOUNT
        or value < 0  # zero is a decision (refused, R15); below zero is no amount
    ):
        violations.append(
            _input_violation(
                ErrorCode.FREE_SHARE_AMOUNT_INVALID,
                gettext_noop(
                    "Dit is geen geldig bedrag. Geef een bedrag in euro, niet negatief, met "
                    "hoogstens twee cijfers na de komma, zoals 125,50."
                ),
                "amount",
            )
        )
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        violations.append(
            _input_violation(
                ErrorCode.FREE_SHARE_YEAR_INVALID,
                gettext_noop("Geef een geldig budgetjaar, zoals 2023."),
                "year",
            )
        )
    if role not in AskedByRole.values:
        violations.append(
            _input_violation(
                ErrorCode.FREE_SHARE_ROLE_UNKNOWN,
                gettext_noop(
                    "Kies wie de aanvraag doet: de budgethouder, een bijstandsorganisatie of het agentschap."
                ),
                "role",
            )
        )
    if key is not None and (
        not isinstance(key, str) or not key.strip() or len(key) > IDEMPOTENCY_KEY_LENGTH
    ):
        violations.append(
            _input_violation(
                ErrorCode.FREE_SHARE_KEY_INVALID,
                gettext_noop("De idempotentiesleutel is leeg of langer dan %(max)s tekens."),
                "idempotency_key",
                max=IDEMPOTENCY_KEY_LENGTH,
            )
        )
    if violations:
        raise RuleViolations(violations)
    return value, (key.strip() if key is not None else None)


def _request_hash(
    budget_id: int, year: int, amount: Decimal, asked_on: date, role: str, organisation: str
) -> str:
    payload = json.dumps(
        [budget_id, year, str(amount), asked_on.isoformat(), role, organisation],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _replay(key: str | None, request_hash: str) -> FreeShareRequest | None:
    if key is None:
        return None
    existing = FreeShareRequest.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != request_hash:
        raise RuleViolations(
            [
                _input_violation(
                    ErrorCode.FREE_SHARE_KEY_REUSED,
                    gettext_noop(
                        "Deze idempotentiesleutel hoort al bij een andere aanvraag (#%(request)s). "
                        "Gebruik een nieuwe sleutel voor een nieuwe aanvraag."
                    ),
                    "idempotency_key",
                    request=existing.pk,
                )
            ]
        )
    return existing


def _rule_id(budget: Budget) -> str:
    return r14.RULE if budget.kind == BudgetKind.PVB else r15.RULE


def free_share_limit(budget: Budget, year: int) -> Decimal:
    """The free share of ``year`` (pro rata by month in force, each month at the allocation
    values in force in it): R14 for a PVB, R15 for a PAB, the convenant's rate (0) for a
    convenant. 0 when the budget is not in force in ``year``."""
    history = allocation_history(budget)
    if budget.kind == BudgetKind.PVB:
        by_month = _pvb_categories_by_month(budget, year, history)
        return r14.limit(by_month, year) if by_month else ZERO
    amounts = yearly_amounts_by_month(budget, year, history=history)
    if not amounts:
        return ZERO
    rate = "pab.free_share.rate" if budget.kind == BudgetKind.PAB else "convenant.free_share.rate"
    return r15.limit(amounts, year, rate_name=rate)


def _pvb_categories_by_month(budget: Budget, year: int, history) -> dict[int, tuple[str, str]]:
    facts = budget.facts()
    months = budget_year.month_range(
        year, budget_rules.in_force_from(facts), budget_rules.in_force_until(facts)
    )
    if months is None:
        return {}
    result = {}
    for month in range(months[0], months[1] + 1):
        values = [
            values
            for from_day, values in history
            if from_day is None or (from_day.year, from_day.month) <= (year, month)
        ][-1]
        result[month] = (values["scheme"], values["category"])
    return result


def granted(budget: Budget, year: int) -> Decimal:
    """What was granted of the free share of ``year`` before: the accepted amounts of earlier
    requests, and the accepted cost lines of kind FREE_SHARE (the costs app lets a holder file
    the free share on a cost statement too, seed 002 'via je kostenstaat'): one share, two ways
    in (decision 0022); less what was paid back by a correction (R15: that part is budget for
    care again, and so is the share: the holder may ask it again within the limit)."""
    asked = FreeShareRequest.objects.filter(budget=budget, year=year).aggregate(
        total=Sum("accepted_amount")
    )["total"]
    filed = CostLine.objects.filter(
        budget=budget,
        year=year,
        cost_kind=FREE_SHARE_COST_KIND,
        booking_type=BookingType.COST,
        outcome__in=[CostOutcome.ACCEPTED, CostOutcome.PARTLY_ACCEPTED],
    ).aggregate(total=Sum("accepted_amount"))["total"]
    corrected = FreeShareCorrection.objects.filter(budget=budget, year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return (
        round_cents(
            Decimal(str(asked or 0)) + Decimal(str(filed or 0)) - Decimal(str(corrected or 0))
        )
        + ZERO
    )


def _in_force(budget: Budget, year: int) -> bool:
    facts = budget.facts()
    if budget.status in NOT_IN_FORCE:
        return False
    if budget.kind == BudgetKind.PAB and budget.started_on is None:
        return False
    start = budget_rules.in_force_from(facts)
    return budget_year.months_in_force(year, start, budget_rules.in_force_until(facts)) > 0


def year_opened(budget, year: int) -> bool:
    """Whether the agency opened ``year`` for ``budget`` (its yearly amount is booked, so the
    year has a budget line): the free share of a year not opened cannot be granted. The
    service refuses such a part (kept, with its reason); the command refuses before it asks."""
    return Entry.objects.filter(budget=budget, year=year, kind=EntryKind.ALLOCATION).exists()


def _mandate_allows(mandate, budget: Budget, asked_on: date) -> bool:
    return (
        mandate is not None
        and mandate.person_id == budget.person_id
        and mandate.is_active_on(asked_on)
        and mandate.organisation.active
        and mandate.has_right(MandateRight.ASK_FREE_SHARE)
    )


def _decide(
    budget: Budget, year: int, amount: Decimal, asked_on: date, role: str, mandate
) -> tuple[FreeShareDecision, Decimal]:
    rule_id = _rule_id(budget)
    refused = lambda violation: (FreeShareDecision(Outcome.REFUSED, ZERO, (violation,)), ZERO)  # noqa: E731
    asker = r15.check_asker(role, mandate_with_right=_mandate_allows(mandate, budget, asked_on))
    if asker:
        return refused(asker[0])
    if not _in_force(budget, year):
        return refused(not_in_force(rule_id, year))
    if not year_opened(budget, year):
        return refused(
            Violation(
                rule_id,
                ErrorCode.FREE_SHARE_YEAR_NOT_OPENED,
                gettext_noop(
                    "Het budgetjaar %(year)s is nog niet geopend voor dit budget. Het agentschap "
                    "opent het jaar; vraag het vrij besteedbaar deel daarna opnieuw op."
                ),
                "year",
                {"year": year},
            )
        )
    limit = free_share_limit(budget, year)
    decide = r14.decide_pvb if budget.kind == BudgetKind.PVB else r15.decide_pab
    decision = decide(
        year=year,
        amount=amount,
        asked_on=asked_on,
        limit=limit,
        granted=granted(budget, year),
        line_left=ledger.budget_line(budget, year),
        in_force_from=budget_rules.in_force_from(budget.facts()),
    )
    return decision, limit


def _violations_json(violations) -> list[dict]:
    return [
        {"rule": v.rule_id, "code": str(v.code), "message": v.text(), "field": v.field}
        for v in violations
    ]


@transaction.atomic
def ask_free_share(
    *,
    budget,
    year: int,
    amount,
    asked_on: date,
    by=None,
    role: str = AskedByRole.HOLDER,
    idempotency_key: str | None = None,
    mandate=None,
) -> FreeShareRequest:
    """Decide one part of the free share of ``year`` and book its accepted part (see the module
    docstring). ``mandate``: the assistance organisation's mandate when ``role`` is
    ASSISTANCE_ORGANISATION (it must be in force on ``asked_on`` for this person and give the
    right to ask the free share). The same ``idempotency_key`` with the same request returns
    the request decided the first time and books nothing."""
    budget_id = budget.pk if isinstance(budget, Budget) else int(budget)
    amount, key = _clean(year, amount, role, idempotency_key)
    organisation = mandate.organisation.name if mandate is not None else ""
    request_hash = _request_hash(budget_id, year, amount, asked_on, role, organisation)
    existing = _replay(key, request_hash)
    if existing is not None:
        return existing
    locked = lock_budget(budget_id)
    existing = _replay(key, request_hash)  # a concurrent request with the key got in first
    if existing is not None:
        return existing
    decision, limit = _decide(locked, year, amount, asked_on, role, mandate)
    part = (
        FreeShareRequest.objects.filter(budget=locked, year=year).aggregate(
            last=Max("part_number")
        )["last"]
        or 0
    ) + 1
    commitment = None
    violations = list(decision.violations)
    accepted = decision.accepted
    outcome = decision.outcome
    if accepted > 0:
        try:
            commitment = ledger_services.pay(
                budget=locked,
                year=year,
                kind=EntryKind.COMMITMENT,
                amount=accepted,
                reason=gettext("Vrij besteedbaar deel %(year)s, deel %(part)s")
                % {"year": year, "part": part},
                by=by,
                idempotency_key=commitment_key(locked.pk, year, part),
                effective_date=asked_on,
            )
        except RuleViolations as refused:  # the ledger saw what the rules did not: keep why
            commitment, accepted, outcome = None, ZERO, Outcome.REFUSED
            violations = list(refused.violations)
    first = violations[0] if violations else None
    try:
        with transaction.atomic():
            request = FreeShareRequest.objects.create(
                budget=locked,
                year=year,
                part_number=part,
                amount=amount,
                asked_on=asked_on,
                asked_by=user_or_none(by),
                role=role,
                organisation=organisation,
                outcome=outcome,
                accepted_amount=accepted,
                limit=limit,
                rule_id=first.rule_id if first else "",
                code=str(first.code) if first else "",
                message=first.text() if first else "",
                violations=_violations_json(violations),
                pay_by=r15.pay_by(asked_on)
                if locked.kind == BudgetKind.PAB and accepted > 0
                else None,
                commitment=commitment,
                idempotency_key=key,
                request_hash=request_hash,
            )
    except IntegrityError:
        # The key was taken meanwhile by a request of another budget (no shared lock).
        existing = _replay(key, request_hash)
        if existing is None:
            raise
        return existing
    record(
        action=AuditEvent.Action.CREATE,
        obj=request,
        summary=gettext(
            "Vrij besteedbaar deel %(year)s, deel %(part)s: %(asked)s gevraagd, %(accepted)s toegekend"
        )
        % {
            "year": year,
            "part": part,
            "asked": format_eur(amount),
            "accepted": format_eur(accepted),
        },
        actor=by,
        person_id=locked.person_id,
        details={
            "budget": locked.pk,
            "year": year,
            "part": part,
            "amount": str(amount),
            "accepted": str(accepted),
            "outcome": outcome,
            "role": role,
            "commitment": commitment.pk if commitment else None,
            "code": str(first.code) if first else "",
        },
    )
    return request


# --- R15: a correction (paying free share back to the budget account) ----------------------


def paid_free_share(budget, year: int) -> Decimal:
    """The free share of ``year`` paid out and not corrected yet: FREE_SHARE_PAYOUT entries,
    their reversals (a transfer the bank returned) and the corrections, from the ledger."""
    total = (
        Entry.objects.filter(
            budget=budget,
            year=year,
            bucket=Bucket.PAID,
        )
        .filter(
            Q(kind__in=(EntryKind.FREE_SHARE_PAYOUT, EntryKind.FREE_SHARE_CORRECTION))
            | Q(reverses__kind=EntryKind.FREE_SHARE_PAYOUT)
        )
        .aggregate(total=Sum("amount"))["total"]
    )
    return round_cents(Decimal(str(total or 0))) + ZERO


def correction_recorded(idempotency_key: str) -> bool:
    """Whether a correction was already recorded with ``idempotency_key`` (a form sent twice)."""
    return FreeShareCorrection.objects.filter(idempotency_key=idempotency_key).exists()


def _correction_content(correction: FreeShareCorrection) -> tuple:
    return (
        correction.budget_id,
        correction.year,
        correction.amount,
        correction.corrected_on,
        correction.role,
        correction.organisation,
    )


def _correction_replay(key: str | None, content: tuple) -> FreeShareCorrection | None:
    """The correction recorded before with ``key`` when ``content`` is the same (a form or a
    command sent twice); ``RuleViolations`` (FREE_SHARE_KEY_REUSED) when the key belongs to
    another correction; None when the key is new."""
    if key is None:
        return None
    existing = FreeShareCorrection.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if _correction_content(existing) != content:
        raise RuleViolations(
            [
                _input_violation(
                    ErrorCode.FREE_SHARE_KEY_REUSED,
                    gettext_noop(
                        "Deze idempotentiesleutel hoort al bij een andere terugstorting "
                        "(#%(correction)s). Gebruik een nieuwe sleutel voor een nieuwe "
                        "terugstorting."
                    ),
                    "idempotency_key",
                    correction=existing.pk,
                )
            ]
        )
    return existing


@transaction.atomic
def correct_free_share(
    *,
    budget,
    year: int,
    amount,
    corrected_on: date,
    by=None,
    role: str = AskedByRole.HOLDER,
    idempotency_key: str | None = None,
    mandate=None,
) -> FreeShareCorrection:
    """R15: record that the holder paid ``amount`` of ``year``'s free share back to the PAB
    budget account. Only for a PAB with a refundable advance outstanding, at most what was paid
    of that year's free share and not corrected yet, by the holder, the agency or a mandated
    organisation with the free-share right. Books FREE_SHARE_CORRECTION (the line has that
    much room again) and ADVANCE_PAID (the money on the account is the agency's advance again)
    in one transaction under the budget lock. Refuses with ``RuleViolations`` (Dutch, naming
    the field); the same ``idempotency_key`` books nothing twice."""
    budget_id = budget.pk if isinstance(budget, Budget) else int(budget)
    amount, key = _clean(year, amount, role, idempotency_key)
    if corrected_on > timezone.localdate():
        raise RuleViolations(
            [
                _input_violation(
                    ErrorCode.FREE_SHARE_CORRECTION_IN_FUTURE,
                    gettext_noop(
                        "De terugstorting kan niet in de toekomst liggen (%(day)s). Geef de dag "
                        "waarop u het bedrag terugstortte."
                    ),
                    "corrected_on",
                    day=corrected_on.isoformat(),
                )
            ]
        )
    organisation = mandate.organisation.name if mandate is not None else ""
    content = (budget_id, year, amount, corrected_on, role, organisation)
    existing = _correction_replay(key, content)
    if existing is not None:
        return existing
    locked = lock_budget(budget_id)
    existing = _correction_replay(key, content)  # a concurrent correction with the key got in
    if existing is not None:
        return existing
    violations = []
    if locked.kind != BudgetKind.PAB:
        violations.append(
            _input_violation(
                ErrorCode.FREE_SHARE_CORRECTION_NOT_PAB,
                gettext_noop(
                    "Een correctie op het vrij besteedbaar deel bestaat alleen voor een "
                    "persoonlijke-assistentiebudget (PAB)."
                ),
                "budget",
            )
        )
    else:
        violations.extend(
            r15.check_asker(role, mandate_with_right=_mandate_allows(mandate, locked, corrected_on))
        )
    if not violations:
        violations.extend(
            r15.check_correction(
                amount=amount,
                paid=paid_free_share(locked, year),
                advance_outstanding=ledger.advance_outstanding(locked),
            )
        )
    if violations:
        raise RuleViolations(violations)
    try:
        # A savepoint: the two bookings, the correction and its audit event are kept together
        # or not at all.
        with transaction.atomic():
            return _book_correction(locked, year, amount, corrected_on, by, role, key, mandate)
    except IntegrityError:
        # The key was taken meanwhile by a correction of another budget (no shared lock):
        # nothing of this one is kept; answer as a replay would.
        existing = _correction_replay(key, content)
        if existing is None:
            raise
        return existing


def _book_correction(locked, year, amount, corrected_on, by, role, key, mandate):
    """The bookings, the correction and its audit event (the caller holds the budget lock and
    a savepoint)."""
    text = gettext(
        "Vrij besteedbaar deel %(year)s: %(amount)s teruggestort op de budgetrekening (R15)"
    ) % {"year": year, "amount": format_eur(amount)}
    correction_entry = ledger_services.book(
        budget=locked,
        year=year,
        kind=EntryKind.FREE_SHARE_CORRECTION,
        amount=amount,
        reason=text,
        by=by,
        effective_date=corrected_on,
    )
    advance_entry = ledger_services.book(
        budget=locked,
        year=year,
        kind=EntryKind.ADVANCE_PAID,
        amount=amount,
        reason=text,
        by=by,
        effective_date=corrected_on,
    )
    correction = FreeShareCorrection.objects.create(
        budget=locked,
        year=year,
        amount=amount,
        corrected_on=corrected_on,
        corrected_by=user_or_none(by),
        role=role,
        organisation=mandate.organisation.name if mandate is not None else "",
        correction_entry=correction_entry,
        advance_entry=advance_entry,
        idempotency_key=key,
    )
    record(
        action=AuditEvent.Action.CREATE,
        obj=correction,
        summary=text,
        actor=by,
        person_id=locked.person_id,
        details={
            "budget": locked.pk,
            "year": year,
            "amount": str(amount),
            "role": role,
            "entries": [correction_entry.pk, advance_entry.pk],
        },
    )
    return correction
