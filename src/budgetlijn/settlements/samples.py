"""R31: sample checks of the proofs of filed costs (seed 003 §7.1).

``draw_sample`` draws a share of a budget year's cost statements that hold accepted costs and
asks their proofs. The draw is reproducible: each statement's place in the draw is the SHA-256
of the seed and its id, so the same seed draws the same statements from the same statements
(and a statement filed later never changes who else is drawn). The seed is recorded. The
sample's rows are kept until the statement's filing day + ``sample_check.retention_years``
(7) years: deleting them earlier is refused (``models.RetainedQuerySet``).

``record_proofs`` records per line whether the holder proved the cost. A line not proven is the
holder's own: the line's decision becomes REFUSED with R31's reason; its commitment is released
if it was not paid yet (``ledger.release_commitment``; for a line whose payout came back, the
commitment it is due again by), and if it was paid, what was paid is
reclaimed (a ``Reclaim`` for the payment runs: ``payments.services.open_deduction``) and booked
back on the line's year at once (REIMBURSEMENT_RECLAIMED, linked from the reclaim).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.deciding import violation_dicts
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR, EntryKind
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import parameters
from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.dates import add_months, format_day
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import RuleViolations, Violation
from budgetlijn.settlements.constants import ErrorCode, ProofOutcome, ReclaimKind
from budgetlijn.settlements.models import (
    Reclaim,
    SampleCheck,
    SampledLine,
    SampledStatement,
)

WITH_MONEY = (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED)


@dataclass
class SampleReport:
    sample: SampleCheck
    created: bool
    statements: list[SampledStatement] = field(default_factory=list)
    line_count: int = 0
    dry_run: bool = False


def _refuse(code, message: str, **params) -> RuleViolations:
    return RuleViolations([Violation("R31", code, message, None, params)])


def rank(seed: int, statement_id: int) -> str:
    """A statement's place in the draw of ``seed``: stable, whatever else was filed."""
    return hashlib.sha256(f"{seed}:{statement_id}".encode()).hexdigest()


def pick(ids: list[int], *, rate: Decimal, seed: int) -> list[int]:
    """The drawn ids: ``ceil(rate * len(ids))`` of them (at least one of a non-empty list), the
    lowest ranks of ``seed``; returned in id order."""
    if not ids:
        return []
    count = max(1, math.ceil(Decimal(len(ids)) * rate))
    return sorted(sorted(ids, key=lambda pk: rank(seed, pk))[:count])


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        rate = None
    if rate is None or not rate.is_finite() or not 0 < rate <= 1 or rate.as_tuple().exponent < -4:
        raise _refuse(
            ErrorCode.SAMPLE_RATE_INVALID,
            gettext_noop(
                "De steekproefgrootte '%(rate)s' is ongeldig. Geef een deel groter dan 0 en "
                "hoogstens 1, met hoogstens 4 cijfers na de komma, bv. 0.05 voor 5 %%."
            ),
            rate=value,
        )
    return rate


def draw_sample(
    *, year: int, rate: Any, seed: int, on: date, by: Any = None, dry_run: bool = False
) -> SampleReport:
    """Draw the statements of ``year`` whose proofs are asked on ``on`` (today or earlier).
    Drawing the same year and seed again returns the first draw."""
    rate = _rate(rate)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _refuse(
            ErrorCode.SAMPLE_YEAR_INVALID,
            gettext_noop(
                "Budgetjaar %(year)s bestaat niet. Kies een jaar van %(min)s tot %(max)s."
            ),
            year=year,
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    if on > timezone.localdate():
        raise _refuse(
            ErrorCode.SAMPLE_DAY_IN_FUTURE,
            gettext_noop(
                "De dag van de steekproef (%(on)s) ligt na vandaag. Kies vandaag of vroeger."
            ),
            on=format_day(on),
        )
    try:
        years = int(parameters.value("sample_check.retention_years", on))
        days = int(parameters.value("sample_check.proof_days", on))
    except parameters.ParameterMissing as error:
        raise _refuse(
            ErrorCode.SAMPLE_PARAMETER_MISSING,
            gettext_noop("De steekproef kan niet getrokken worden: %(error)s"),
            error=str(error),
        ) from error
    with transaction.atomic():
        existing = SampleCheck.objects.filter(year=year, seed=seed).first()
        if existing is not None:
            if existing.rate != rate:
                raise _refuse(
                    ErrorCode.SAMPLE_RATE_INVALID,
                    gettext_noop(
                        "Met zaad %(seed)s werd voor %(year)s al een steekproef van %(rate)s "
                        "getrokken. Kies een ander zaad voor een nieuwe steekproef."
                    ),
                    seed=seed,
                    year=year,
                    rate=str(existing.rate),
                )
            return SampleReport(existing, created=False, statements=list(existing.statements.all()))
        report = _draw(year, rate, seed, on, by, years, days)
        report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


def _draw(year, rate, seed, on, by, years, days) -> SampleReport:
    with_money = CostLine.objects.filter(
        statement=OuterRef("pk"), outcome__in=WITH_MONEY, accepted_amount__gt=0
    )
    population = list(
        CostStatement.objects.filter(year=year, filed_on__lte=on)
        .filter(Exists(with_money))
        .order_by("pk")
        .values_list("pk", "filed_on")
    )
    filed = dict(population)
    drawn = pick(list(filed), rate=rate, seed=seed)
    sample = SampleCheck.objects.create(
        year=year,
        rate=rate,
        seed=seed,
        drawn_on=on,
        population=len(population),
        drawn_by=user_or_none(by),
    )
    statements = SampledStatement.objects.bulk_create(
        SampledStatement(
            sample=sample,
            statement_id=pk,
            proofs_asked_on=on,
            deadline=on + timedelta(days=days),
            retention_until=add_months(filed[pk], 12 * years),
        )
        for pk in drawn
    )
    by_statement = {s.statement_id: s for s in statements}
    lines = SampledLine.objects.bulk_create(
        SampledLine(sampled_statement=by_statement[line.statement_id], line_id=line.pk)
        for line in CostLine.objects.filter(
            statement_id__in=drawn, outcome__in=WITH_MONEY, accepted_amount__gt=0
        ).only("pk", "statement_id")
    )
    record(
        action=AuditEvent.Action.CREATE,
        obj=sample,
        summary=gettext("Steekproef %(year)s: %(count)s van %(population)s kostenstaten")
        % {"year": year, "count": len(drawn), "population": len(population)},
        actor=by,
        details={"seed": seed, "rate": str(rate), "statements": drawn},
    )
    return SampleReport(sample, created=True, statements=statements, line_count=len(lines))


def _not_proven_violation(reason: str) -> Violation:
    return Violation(
        "R31",
        SettlementCode.SAMPLE_LINE_NOT_PROVEN,
        gettext_noop(
            "Bij een steekproef werd deze kost niet bewezen. Een kost die niet bewezen wordt, "
            "betaalt u met eigen middelen. %(reason)s"
        ),
        None,
        {"reason": reason},
    )


def record_proofs(
    sampled_line: SampledLine, *, proven: bool, on: date, by: Any = None, reason: str = ""
) -> SampledLine:
    """Record whether the proof of a sampled line was given (once)."""
    with transaction.atomic():
        lock_budget(
            CostLine.objects.values_list("budget_id", flat=True).get(pk=sampled_line.line_id)
        )
        # Read after the lock: another sample's refusal of the same line, decided meanwhile,
        # left nothing accepted to book back (read before it, the line was booked back twice).
        line = CostLine.objects.select_related("commitment").get(pk=sampled_line.line_id)
        sampled = SampledLine.objects.select_for_update().get(pk=sampled_line.pk)
        if sampled.outcome != ProofOutcome.PENDING:
            raise _refuse(
                ErrorCode.SAMPLE_ALREADY_DECIDED,
                gettext_noop(
                    "Voor kostenlijn %(line)s werd al beslist (%(outcome)s). Een beslissing over "
                    "het bewijs wordt niet overschreven."
                ),
                line=line.pk,
                outcome=sampled.get_outcome_display(),
            )
        sampled.decided_on = on
        sampled.decided_by = user_or_none(by)
        sampled.reason = reason
        if proven:
            sampled.outcome = ProofOutcome.PROVEN
        else:
            sampled.outcome = ProofOutcome.NOT_PROVEN
            _not_proven(line, sampled, reason=reason, by=by)
        sampled.save()
        _statement_outcome(sampled.sampled_statement_id)
        record(
            action=AuditEvent.Action.CHANGE,
            obj=sampled,
            summary=gettext("Steekproef: kostenlijn %(line)s %(outcome)s")
            % {"line": line.pk, "outcome": sampled.get_outcome_display()},
            actor=by,
            details={"line": line.pk, "outcome": sampled.outcome, "reason": reason},
        )
        return sampled


def _not_proven(line: CostLine, sampled: SampledLine, *, reason: str, by) -> None:
    accepted = line.accepted_amount
    if accepted == 0 and any(
        v.get("code") == SettlementCode.SAMPLE_LINE_NOT_PROVEN for v in line.violations
    ):
        # Refused at another sample already (two samples can draw the same line): nothing is
        # left to refuse, release or book back, and the line keeps its one R31 reason.
        return
    text = reason or gettext("Het bewijsstuk werd niet voorgelegd.")
    commitment = line.commitment
    if commitment is not None and Entry.objects.filter(reverses=commitment).exists():
        # Paid once; if that payout came back (a returned transfer, a cancelled run) the line
        # is due again: it is not paid now, so what is released is that due-again commitment
        # (never paid again, nothing to reclaim), as for a line not paid yet.
        commitment = _due_again_commitment(line)
    if commitment is not None and not Entry.objects.filter(reverses=commitment).exists():
        sampled.released_commitment = ledger.release_commitment(
            commitment,
            reason=gettext("Kostenlijn %(line)s niet bewezen bij een steekproef (R31)")
            % {"line": line.pk},
            by=by,
        )
    elif accepted > 0:
        sampled.save()  # the reclaim points at it
        reclaim = Reclaim.objects.create(
            budget_id=line.budget_id,
            kind=ReclaimKind.NOT_PROVEN,
            amount=accepted,
            reason=gettext(
                "Kostenlijn %(line)s werd al betaald (%(amount)s) maar niet bewezen bij een "
                "steekproef (R31)"
            )
            % {"line": line.pk, "amount": format_eur(accepted)},
            source=f"sample-line:{sampled.pk}",
            sampled_line=sampled,
            created_by=user_or_none(by),
        )
        # The line is the holder's own from today: its reimbursement no longer counts as spent
        # on the line's year, whenever and however far it is withheld (decision 0021, addendum
        # "R31 booked when the line is refused"). A negative PAID entry frees room, so R26
        # never refuses it.
        reclaim.reclaimed_entry = ledger.book(
            budget=line.budget,
            year=line.year,
            kind=EntryKind.REIMBURSEMENT_RECLAIMED,
            amount=accepted,
            reason=gettext(
                "Kostenlijn %(line)s werd betaald maar niet bewezen bij een steekproef: "
                "teruggevorderd (R31)"
            )
            % {"line": line.pk},
            by=by,
            effective_date=sampled.decided_on,
            idempotency_key=f"r31-reclaim:{reclaim.pk}",
        )
        reclaim.save(update_fields=["reclaimed_entry"])
    line.outcome = Outcome.REFUSED
    line.own_amount = line.own_amount + accepted
    line.accepted_amount = ZERO
    line.violations = [*line.violations, *violation_dicts([_not_proven_violation(text)])]
    line.decided_at = timezone.now()
    line.save(
        update_fields=["outcome", "own_amount", "accepted_amount", "violations", "decided_at"]
    )


# Who knows a line's commitment of a payment that came back (the payment runs, a floor above
# this one): a function of the cost line's id returning that open COMMITMENT entry or None,
# registered from that app's ``AppConfig.ready`` (as ``ledger.invariants.register_check``).
DueAgainLookup = Callable[[int], "Entry | None"]
_due_again_lookups: list[DueAgainLookup] = []


def register_due_again_lookup(lookup: DueAgainLookup) -> DueAgainLookup:
    """Add a lookup of a cost line's open due-again commitment; registering the same function
    again changes nothing. Returns ``lookup``."""
    if lookup not in _due_again_lookups:
        _due_again_lookups.append(lookup)
    return lookup


def _due_again_commitment(line: CostLine) -> Entry | None:
    """The open commitment ``line`` is due again by (its payout came back: a returned transfer,
    a cancelled run), or None: the line is paid (or was released)."""
    for lookup in _due_again_lookups:
        found = lookup(line.pk)
        if found is not None:
            return found
    return None


def _statement_outcome(sampled_statement_id: int) -> None:
    outcomes = set(
        SampledLine.objects.filter(sampled_statement_id=sampled_statement_id).values_list(
            "outcome", flat=True
        )
    )
    if ProofOutcome.PENDING in outcomes:
        outcome = ProofOutcome.PENDING
    elif ProofOutcome.NOT_PROVEN in outcomes:
        outcome = ProofOutcome.NOT_PROVEN
    else:
        outcome = ProofOutcome.PROVEN
    statement = SampledStatement.objects.get(pk=sampled_statement_id)
    if statement.outcome != outcome:
        statement.outcome = outcome
        statement.save(update_fields=["outcome"])
