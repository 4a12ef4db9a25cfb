"""Use cases that write to the ledger. The only place that creates entries.

Every function runs in one transaction, locks the budget row first (``ledger.locks``, in the
one order every writer follows), checks the rules against the balances it then reads, writes,
and records one audit event. The budget is ``dossiers.Budget`` (an instance or its primary key),
never imported here: the ledger is on a lower floor.

Errors a user can correct are raised as ``RuleViolations`` with a stable code and a Dutch
message; a float amount is a programming error and raises ``TypeError``.
"""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.ledger import selectors
from budgetlijn.ledger.constants import (
    ENTITLEMENT_BUCKETS,
    IDEMPOTENCY_KEY_LENGTH,
    KIND_RULES,
    LEDGER_RULE,
    MAX_YEAR,
    MIN_YEAR,
    NEEDS_ALLOCATION_KINDS,
    PAY_KINDS,
    SPENDING_BUCKETS,
    Bucket,
    EntryKind,
    ErrorCode,
    SignRule,
)
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, ZERO, format_eur, round_cents
from budgetlijn.rules.money import to_decimal as _to_decimal
from budgetlijn.rules.violations import RuleViolations, Violation

# The largest amount one entry can hold: DecimalField(MONEY_DIGITS, MONEY_PLACES).
MAX_AMOUNT = _to_decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)


# --- validation (pure) -------------------------------------------------------------------------

_KINDS = frozenset(EntryKind.values)


def _amount_violations(amount: object) -> tuple[Decimal | None, list[Violation]]:
    """The amount as a Decimal in cents, or the reasons it is not one. Floats raise TypeError."""
    try:
        value = _to_decimal(amount)
    except ValueError:
        value = None
    if value is None or not value.is_finite():
        return None, [
            Violation(
                LEDGER_RULE,
                ErrorCode.AMOUNT_INVALID,
                gettext_noop(
                    "Dit is geen geldig bedrag. Geef een bedrag in euro in, zoals 125,50."
                ),
                field="amount",
            )
        ]
    if abs(value) >= MAX_AMOUNT:
        return None, [
            Violation(
                LEDGER_RULE,
                ErrorCode.AMOUNT_TOO_LARGE,
                gettext_noop("Dit bedrag is te groot voor één boeking. Controleer het bedrag."),
                field="amount",
            )
        ]
    cents = round_cents(value)
    if cents != value:
        return None, [
            Violation(
                LEDGER_RULE,
                ErrorCode.AMOUNT_TOO_PRECISE,
                gettext_noop(
                    "Een bedrag heeft hoogstens twee cijfers na de komma. Rond het bedrag af "
                    "op de cent."
                ),
                field="amount",
            )
        ]
    return cents, []


def _signed_amount(kind: str, cents: Decimal) -> tuple[Decimal | None, list[Violation]]:
    """The amount to store for ``kind`` (the sign rules of constants.KIND_RULES)."""
    _bucket, rule = KIND_RULES[kind]
    label = EntryKind(kind).label
    if rule is SignRule.NON_ZERO:
        if cents == 0:
            return None, [
                Violation(
                    LEDGER_RULE,
                    ErrorCode.AMOUNT_ZERO,
                    gettext_noop(
                        "Een %(kind)s van nul euro verandert niets. Geef een bedrag verschillend "
                        "van nul in: positief om te verhogen, negatief om te verlagen."
                    ),
                    field="amount",
                    params={"kind": label},
                )
            ]
        return cents, []
    if cents <= 0:
        return None, [
            Violation(
                LEDGER_RULE,
                ErrorCode.AMOUNT_NOT_POSITIVE,
                gettext_noop(
                    "Het bedrag van een boeking '%(kind)s' moet groter zijn dan nul. Geef het "
                    "bedrag positief in."
                ),
                field="amount",
                params={"kind": label},
            )
        ]
    if rule is SignRule.STORED_NEGATIVE:
        return -cents, []
    return cents, []


def _year_violations(year: object) -> list[Violation]:
    if isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR:
        return []
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.YEAR_INVALID,
            gettext_noop("Het budgetjaar moet een kalenderjaar tussen %(min)s en %(max)s zijn."),
            field="year",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )
    ]


def _clean_reason(reason: object) -> tuple[str, list[Violation]]:
    text = str(reason or "").strip()
    if text:
        return text, []
    return "", [
        Violation(
            LEDGER_RULE,
            ErrorCode.REASON_REQUIRED,
            gettext_noop("Vul in waarom je deze boeking maakt."),
            field="reason",
        )
    ]


def _clean_key(key: object) -> tuple[str | None, list[Violation]]:
    if key is None:
        return None, []
    text = str(key).strip()
    if not text:
        return None, []
    if len(text) > IDEMPOTENCY_KEY_LENGTH:
        return None, [
            Violation(
                LEDGER_RULE,
                ErrorCode.IDEMPOTENCY_KEY_INVALID,
                gettext_noop("Een idempotentiesleutel is hoogstens %(max)s tekens lang."),
                field="idempotency_key",
                params={"max": IDEMPOTENCY_KEY_LENGTH},
            )
        ]
    return text, []


def _kind_violations(kind: object, *, allowed: frozenset | None = None) -> list[Violation]:
    if kind not in _KINDS:
        return [
            Violation(
                LEDGER_RULE,
                ErrorCode.KIND_UNKNOWN,
                gettext_noop("Onbekende soort boeking: '%(kind)s'."),
                field="kind",
                params={"kind": kind},
            )
        ]
    if kind == EntryKind.REVERSAL:
        return [
            Violation(
                LEDGER_RULE,
                ErrorCode.KIND_IS_REVERSAL,
                gettext_noop(
                    "Een tegenboeking maak je niet als nieuwe boeking: boek de boeking die je "
                    "wilt corrigeren tegen."
                ),
                field="kind",
            )
        ]
    if allowed is not None and kind not in allowed:
        return [
            Violation(
                LEDGER_RULE,
                ErrorCode.KIND_NOT_PAYABLE,
                gettext_noop(
                    "Een boeking '%(kind)s' is geen betaling of vastlegging. Boek ze als gewone "
                    "boeking."
                ),
                field="kind",
                params={"kind": EntryKind(kind).label},
            )
        ]
    return []


# --- checks against the balances (after the budget is locked) ---------------------------------


def _allocation_violations(
    figures: selectors.BudgetFigures, year: int, kind: str
) -> list[Violation]:
    if kind not in NEEDS_ALLOCATION_KINDS or figures.year(year).allocated:
        return []
    return [no_allocation_violation(year)]


def no_allocation_violation(year: int) -> Violation:
    return Violation(
        LEDGER_RULE,
        ErrorCode.NO_ALLOCATION,
        gettext_noop(
            "Er is nog geen jaarbudget %(year)s geboekt voor dit budget. Boek eerst de "
            "toekenning van het jaarbudget."
        ),
        field="year",
        params={"year": year},
    )


def _effect_violations(
    figures: selectors.BudgetFigures, year: int, bucket: str, amount: Decimal
) -> list[Violation]:
    """Refuse an entry that would overspend the budget line (R26) or take more advance back
    than is outstanding (R13). An entry that raises the line (or the advance) always passes.

    ``figures`` is the budget's running balance, read under its lock."""
    if bucket == Bucket.ADVANCE:
        return advance_violations(figures.advance_outstanding, amount)
    return line_violations(figures.year(year).line, year, bucket, amount)


def advance_violations(outstanding: Decimal, amount: Decimal) -> list[Violation]:
    """R13: an advance movement of ``amount`` (signed) against ``outstanding``."""
    if amount >= 0 or outstanding + amount >= 0:
        return []
    return [
        Violation(
            "R13",
            ErrorCode.ADVANCE_REPAID_EXCEEDS_OUTSTANDING,
            gettext_noop(
                "Er staat nog %(outstanding)s terugvorderbaar voorschot open. Je kunt niet "
                "%(amount)s als terugbetaald boeken. Controleer het bedrag."
            ),
            field="amount",
            params={"outstanding": format_eur(outstanding), "amount": format_eur(-amount)},
        )
    ]


def line_change(bucket: str, amount: Decimal) -> Decimal:
    """How an amount stored in ``bucket`` moves the budget line (0 for the advance)."""
    if bucket in ENTITLEMENT_BUCKETS:
        return amount
    if bucket in SPENDING_BUCKETS:
        return -amount
    return ZERO


def line_violations(line: Decimal, year: int, bucket: str, amount: Decimal) -> list[Violation]:
    """R26: an entry of ``amount`` (signed, as stored) in ``bucket`` against ``line``."""
    change = line_change(bucket, amount)
    if change >= 0 or line + change >= 0:
        return []
    if bucket in ENTITLEMENT_BUCKETS:
        return [
            Violation(
                "R26",
                ErrorCode.BUDGET_LINE_NEGATIVE,
                gettext_noop(
                    "Deze boeking verlaagt het jaarbudget %(year)s met %(amount)s, maar er blijft "
                    "maar %(line)s over dat nog niet betaald of vastgelegd is. Boek eerst de "
                    "betalingen of vastleggingen terug, of verlaag met een kleiner bedrag."
                ),
                field="amount",
                params={"year": year, "amount": format_eur(-change), "line": format_eur(line)},
            )
        ]
    return [
        Violation(
            "R26",
            ErrorCode.BUDGET_LINE_EXCEEDED,
            gettext_noop(
                "Het bedrag van %(amount)s is hoger dan wat er van het budget %(year)s overblijft "
                "(%(line)s). Kosten boven het jaarbudget zijn ten laste van de budgethouder: "
                "betaal hoogstens %(line)s."
            ),
            field="amount",
            params={
                "year": year,
                "amount": format_eur(-change),
                "line": format_eur(max(line, ZERO)),
            },
        )
    ]


def _raise(violations: list[Violation]) -> None:
    if violations:
        raise RuleViolations(violations)


# --- writing -----------------------------------------------------------------------------------


_user = user_or_none


def _replay(key: str | None, budget, year: int, kind: str, amount: Decimal):
    """The entry booked earlier with ``key``, if any; refuses a key reused for another entry."""
    if key is None:
        return None
    existing = Entry.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if (existing.budget_id, existing.year, existing.kind, existing.amount) != (
        budget.pk,
        year,
        kind,
        amount,
    ):
        _raise(
            [
                Violation(
                    LEDGER_RULE,
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    gettext_noop(
                        "Deze idempotentiesleutel hoort al bij een andere boeking (#%(entry)s). "
                        "Gebruik een nieuwe sleutel voor een nieuwe boeking."
                    ),
                    field="idempotency_key",
                    params={"entry": existing.pk},
                )
            ]
        )
    return existing


def _insert(**fields) -> Entry:
    """Insert one entry in a savepoint, so a unique-key clash leaves the transaction usable."""
    with transaction.atomic():
        return Entry.objects.create(**fields)


def _audit(entry: Entry, budget, summary: str, by, **details) -> None:
    record(
        action=AuditEvent.Action.BOOK,
        obj=entry,
        summary=summary,
        actor=by,
        person_id=budget.person_id,
        details={
            "entry": entry.pk,
            "budget": budget.pk,
            "year": entry.year,
            "kind": entry.kind,
            "bucket": entry.bucket,
            "amount": str(entry.amount),
            **details,
        },
    )


def _summary(entry: Entry) -> str:
    return gettext("%(kind)s %(year)s: %(amount)s (boeking #%(entry)s)") % {
        "kind": EntryKind(entry.kind).label,
        "year": entry.year,
        "amount": format_eur(entry.amount),
        "entry": entry.pk,
    }


def _post(
    *,
    budget,
    year,
    kind,
    amount,
    reason,
    by,
    effective_date: date | None,
    idempotency_key,
    allowed_kinds: frozenset | None = None,
    releases: Entry | None = None,
) -> Entry:
    violations = _kind_violations(kind, allowed=allowed_kinds)
    kind_ok = not violations
    violations += _year_violations(year)
    cents, amount_violations = _amount_violations(amount)
    violations += amount_violations
    stored = None
    if cents is not None and kind_ok:
        stored, sign_violations = _signed_amount(kind, cents)
        violations += sign_violations
    text, reason_violations = _clean_reason(reason)
    violations += reason_violations
    key, key_violations = _clean_key(idempotency_key)
    violations += key_violations
    _raise(violations)
    bucket = KIND_RULES[kind][0]

    with transaction.atomic():
        locked = lock_budget(budget)
        existing = _replay(key, locked, year, kind, stored)
        if existing is not None:
            return existing
        # The running balance, under the lock: one row per year, whatever the history.
        figures = selectors.budget_figures(locked)
        _raise(_allocation_violations(figures, year, kind))
        release = None
        if releases is not None:
            # Released first, in this transaction: the balances read again below include it.
            commitment = _releasable_commitment(releases, locked, year)
            release = _insert_reversal(commitment, text, by)
            figures = selectors.budget_figures(locked)
        _raise(_effect_violations(figures, year, bucket, stored))
        try:
            entry = _insert(
                budget=locked,
                year=year,
                kind=kind,
                bucket=bucket,
                amount=stored,
                effective_date=effective_date or timezone.localdate(),
                created_by=_user(by),
                reason=text,
                idempotency_key=key,
            )
        except IntegrityError:
            # The same key was committed by a concurrent request meanwhile.
            existing = _replay(key, locked, year, kind, stored)
            if existing is None:
                raise
            return existing
        summary = _summary(entry)
        details = {"reason": text}
        if release is not None:
            details.update(released_commitment=release.reverses_id, release_entry=release.pk)
            summary = gettext("%(summary)s, vastlegging #%(commitment)s vrijgegeven") % {
                "summary": summary,
                "commitment": release.reverses_id,
            }
        _audit(entry, locked, summary, by, **details)
        return entry


def book(
    *,
    budget,
    year: int,
    kind: str,
    amount,
    reason: str,
    by=None,
    effective_date: date | None = None,
    idempotency_key: str | None = None,
) -> Entry:
    """Book one movement of ``kind`` on the budget's ``year``.

    ``amount`` is an int, str or Decimal with at most two decimals (never a float); for
    ADVANCE_REPAID pass the repaid amount as a positive number (it is stored negative); for
    ADJUSTMENT either sign. A REVERSAL is made with reverse(). The same ``idempotency_key``
    returns the entry booked the first time and books nothing.
    """
    return _post(
        budget=budget,
        year=year,
        kind=kind,
        amount=amount,
        reason=reason,
        by=by,
        effective_date=effective_date,
        idempotency_key=idempotency_key,
    )


def pay(
    *,
    budget,
    year: int,
    kind: str,
    amount,
    reason: str,
    by=None,
    idempotency_key: str | None = None,
    effective_date: date | None = None,
    releases: Entry | None = None,
) -> Entry:
    """Pay (or commit) ``amount`` from the budget line of ``year`` (R26).

    Refuses, with the budget row locked, an amount above what remains of the budget line, so
    two requests at once never overspend it. ``releases`` is an earlier COMMITMENT of the same
    budget and year that this payment settles: it is reversed in the same transaction and its
    amount counts as available.
    """
    return _post(
        budget=budget,
        year=year,
        kind=kind,
        amount=amount,
        reason=reason,
        by=by,
        effective_date=effective_date,
        idempotency_key=idempotency_key,
        allowed_kinds=PAY_KINDS,
        releases=releases,
    )


def _reversal_violations(entry: Entry) -> list[Violation]:
    if entry.kind == EntryKind.REVERSAL:
        return [
            Violation(
                LEDGER_RULE,
                ErrorCode.REVERSAL_OF_REVERSAL,
                gettext_noop(
                    "Boeking #%(entry)s is zelf een tegenboeking en kan niet tegengeboekt worden. "
                    "Boek het juiste bedrag opnieuw."
                ),
                params={"entry": entry.pk},
            )
        ]
    reversal = Entry.objects.filter(reverses_id=entry.pk).values_list("pk", flat=True).first()
    if reversal is not None:
        return [
            Violation(
                LEDGER_RULE,
                ErrorCode.ALREADY_REVERSED,
                gettext_noop(
                    "Boeking #%(entry)s is al tegengeboekt (door boeking #%(reversal)s). Een "
                    "boeking wordt maar één keer tegengeboekt."
                ),
                params={"entry": entry.pk, "reversal": reversal},
            )
        ]
    return []


def _insert_reversal(entry: Entry, reason: str, by) -> Entry:
    """Book the reversal of ``entry`` (the budget is locked, the checks are done)."""
    try:
        return _insert(
            budget_id=entry.budget_id,
            year=entry.year,
            kind=EntryKind.REVERSAL,
            bucket=entry.bucket,
            amount=-entry.amount,
            effective_date=timezone.localdate(),
            created_by=_user(by),
            reason=reason,
            reverses=entry,
        )
    except IntegrityError:
        # Reversed meanwhile by a concurrent request: the one-to-one link refused a second one.
        _raise(_reversal_violations(entry))
        raise


def _releasable_commitment(commitment: Entry, budget, year: int) -> Entry:
    commitment = Entry.objects.get(pk=commitment.pk)
    if commitment.kind != EntryKind.COMMITMENT:
        _raise(
            [
                Violation(
                    LEDGER_RULE,
                    ErrorCode.NOT_A_COMMITMENT,
                    gettext_noop("Boeking #%(entry)s is geen vastlegging."),
                    params={"entry": commitment.pk},
                )
            ]
        )
    if commitment.budget_id != budget.pk or commitment.year != year:
        _raise(
            [
                Violation(
                    LEDGER_RULE,
                    ErrorCode.COMMITMENT_OTHER_BUDGET_YEAR,
                    gettext_noop(
                        "Vastlegging #%(entry)s hoort bij een ander budget of budgetjaar. Kies de "
                        "vastlegging van dit budget en jaar."
                    ),
                    params={"entry": commitment.pk},
                )
            ]
        )
    _raise(_reversal_violations(commitment))
    return commitment


def _reverse(entry: Entry, *, reason, by, only_commitment: bool) -> Entry:
    text, violations = _clean_reason(reason)
    _raise(violations)
    with transaction.atomic():
        budget = lock_budget(entry.budget_id)
        original = Entry.objects.get(pk=entry.pk)
        if only_commitment:
            _releasable_commitment(original, budget, original.year)
        else:
            _raise(_reversal_violations(original))
        figures = selectors.budget_figures(budget)
        _raise(_effect_violations(figures, original.year, original.bucket, -original.amount))
        reversal = _insert_reversal(original, text, by)
        if only_commitment:
            summary = gettext("Vastlegging #%(entry)s vrijgegeven: %(amount)s") % {
                "entry": original.pk,
                "amount": format_eur(original.amount),
            }
        else:
            summary = gettext("Boeking #%(entry)s tegengeboekt: %(amount)s (boeking #%(new)s)") % {
                "entry": original.pk,
                "amount": format_eur(reversal.amount),
                "new": reversal.pk,
            }
        _audit(reversal, budget, summary, by, reverses=original.pk, reason=text)
        return reversal


def reverse(entry: Entry, *, reason: str, by=None) -> Entry:
    """Correct ``entry`` with a reversing entry: same budget, year and bucket, opposite amount.

    An entry is reversed at most once; a reversal itself is not reversed (book the right amount
    anew instead). Refused when it would overspend the budget line (R26, reversing an
    allocation already spent) or the outstanding advance (R13).
    """
    return _reverse(entry, reason=reason, by=by, only_commitment=False)


def release_commitment(commitment: Entry, *, reason: str, by=None) -> Entry:
    """Give a COMMITMENT's amount back to the budget line (it will not be paid)."""
    return _reverse(commitment, reason=reason, by=by, only_commitment=True)
