"""The end of a budget: the final settlement after a stop (R33) or a death (R34).

``settle_budget`` is the one way in (admin action, command): under the budget's lock, in one
transaction, it checks the last cost statement against the end rules, grants the extra for
severance pay after a death, files the statement through the costs app's own path, and records
the settlement with what is still payable and what is reclaimed (the advance). All or nothing:
a refusal raises ``RuleViolations`` with every reason in Dutch and nothing is kept. A dry run
goes the same way and is rolled back. Settling a budget again returns the first settlement.

Money out stays with the payment runs: what is payable are the open commitments (accepted cost
lines), paid by the next run; the advance becomes a ``Reclaim`` that the payment runs take over
as a deduction (``payments.services.open_deduction(budget=..., kind="ADVANCE_RECLAIM", ...)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.costs import services as costs
from budgetlijn.costs.constants import BookingType, FiledByRole, Outcome
from budgetlijn.costs.deciding import violation_dicts
from budgetlijn.costs.inputs import clean_statement
from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.constants import BudgetStatus, StopReason
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules import parameters
from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import ZERO, format_eur, round_cents
from budgetlijn.rules.payments import r33_stop, r34_death
from budgetlijn.rules.violations import RuleViolations, Violation
from budgetlijn.settlements.constants import EndKind, ErrorCode, ReclaimKind
from budgetlijn.settlements.models import Reclaim, Settlement

EXTRA_KEY = "settlement-extra"
EXTRA_BACK_KEY = "settlement-extra-back"


@dataclass
class SettlementReport:
    """What ``settle_budget`` did (or, in a dry run, would do)."""

    settlement: Settlement
    created: bool
    dry_run: bool = False
    statement_status: str | None = None
    findings: list[Violation] = field(default_factory=list)


def _refuse(rule: str, code, message: str, **params) -> RuleViolations:
    return RuleViolations([Violation(rule, code, message, None, params)])


def _today() -> date:
    return timezone.localdate()


def open_commitments(budget) -> Decimal:
    """Accepted and not yet paid: the budget's COMMITMENT entries no entry reversed."""
    total = Entry.objects.filter(
        budget=budget, kind=EntryKind.COMMITMENT, reversed_by__isnull=True
    ).aggregate(total=Sum("amount"))["total"]
    return round_cents(Decimal(total or 0)) + ZERO


def _cash_part(budget, year: int, on: date) -> Decimal:
    return r34_death.cash_part(
        budget.kind,
        budget.yearly_amount(year),
        estimated_cash_amount=budget.estimated_cash_amount,
        payment_mode=budget.payment_mode,
    )


def _final_lines(clean) -> list[r33_stop.FinalLine]:
    return [
        r33_stop.FinalLine(
            line.line_no, line.cost_kind, line.period_from, line.period_to, line.amount
        )
        for line in clean.lines
        if line.booking_type == BookingType.COST
    ]


def _check_statement(raw: Mapping[str, Any], budget, year: int, last_day: date, death: bool):
    rule = "R34" if death else "R33"
    clean, errors = clean_statement(
        raw, cost_kinds=costs.cost_kind_codes(), late_reasons=costs.late_reason_codes()
    )
    if clean is None or errors:
        raise RuleViolations([error.violation() for error in errors])
    if clean.budget_id != budget.pk or clean.year != year:
        raise _refuse(
            rule,
            ErrorCode.SETTLEMENT_STATEMENT_YEAR,
            gettext_noop(
                "De laatste kostenstaat hoort bij budget %(budget)s en budgetjaar %(year)s, het "
                "jaar van de laatste dag in gebruik (%(last_day)s). Kosten van een vorig jaar "
                "dient u in met een gewone kostenstaat."
            ),
            budget=budget.pk,
            year=year,
            last_day=format_day(last_day),
        )
    lines = _final_lines(clean)
    violations = r33_stop.check_final_lines(lines, last_day=last_day, death=death)
    if violations:
        raise RuleViolations(violations)
    return lines


def _book_extra(budget, year: int, extra: Decimal, last_day: date, by) -> None:
    ledger.book(
        budget=budget,
        year=year,
        kind=EntryKind.ADJUSTMENT,
        amount=extra,
        reason=gettext(
            "Overlijden: extra toegekend om de verbrekingsvergoedingen te betalen (R34), ten "
            "hoogste een vierde van het cashgedeelte"
        ),
        by=by,
        effective_date=last_day,
        idempotency_key=f"{EXTRA_KEY}:{budget.pk}:{year}",
    )


def _take_back_unused_extra(budget, year: int, extra: Decimal, last_day: date, by) -> Decimal:
    """What of the extra the filed statement did not need goes back; returns the extra kept."""
    left = ledger_selectors.budget_line(budget, year)
    back = min(max(left, ZERO), extra)
    if back > 0:
        ledger.book(
            budget=budget,
            year=year,
            kind=EntryKind.ADJUSTMENT,
            amount=-back,
            reason=gettext(
                "Overlijden: het deel van de extra toekenning voor verbrekingsvergoedingen dat "
                "niet nodig was, teruggenomen (R34)"
            ),
            by=by,
            effective_date=last_day,
            idempotency_key=f"{EXTRA_BACK_KEY}:{budget.pk}:{year}",
        )
    return extra - back


def _waiting_finding(budget, rule: str) -> Violation | None:
    waiting = CostLine.objects.filter(budget=budget, outcome=Outcome.WAITING).count()
    if not waiting:
        return None
    return Violation(
        rule,
        SettlementCode.SETTLEMENT_LINES_WAITING,
        gettext_noop(
            "%(count)s kostenlijn(en) wachten nog op een beslissing. Wat ervan aanvaard wordt, "
            "wordt later betaald; het voorschot wordt dan nog verder ingehouden."
        ),
        None,
        {"count": waiting},
    )


def settle_budget(
    budget,
    *,
    on: date,
    statement: Mapping[str, Any] | None = None,
    role: str = FiledByRole.HOLDER,
    by: Any = None,
    dry_run: bool = False,
) -> SettlementReport:
    """Make the final settlement of a stopped budget (R33) or of a budget ended by a death
    (R34) on ``on`` (today or earlier), with its last cost statement when there is one
    (``statement``: the mapping ``costs.services.file_statement`` takes, filed on ``on``)."""
    if on > _today():
        raise _refuse(
            "R33",
            ErrorCode.SETTLEMENT_DAY_IN_FUTURE,
            gettext_noop(
                "De dag van de eindafrekening (%(on)s) ligt na vandaag. Kies vandaag of een "
                "vroegere dag."
            ),
            on=format_day(on),
        )
    with transaction.atomic():
        report = _settle(budget, on=on, statement=statement, role=role, by=by)
        report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


def _settle(budget, *, on, statement, role, by) -> SettlementReport:
    budget = lock_budget(budget)
    existing = Settlement.objects.filter(budget=budget).first()
    if existing is not None:
        return SettlementReport(existing, created=False)
    if budget.status != BudgetStatus.STOPPED or budget.stopped_on is None:
        raise _refuse(
            "R33",
            SettlementCode.SETTLEMENT_BUDGET_NOT_ENDED,
            gettext_noop(
                "Budget %(budget)s is niet stopgezet (status: %(status)s). Een eindafrekening "
                "volgt op een stopzetting of een overlijden: registreer eerst de stopzetting."
            ),
            budget=budget.pk,
            status=budget.get_status_display(),
        )
    death = budget.stop_reason == StopReason.DEATH
    rule = "R34" if death else "R33"
    last_day = budget_rules.in_force_until(budget.facts())
    year = last_day.year
    try:
        cash = _cash_part(budget, year, last_day)
        if death:
            r34_death.severance_cap(cash, last_day)
    except parameters.ParameterMissing as error:
        raise _refuse(
            rule,
            ErrorCode.SETTLEMENT_PARAMETER_MISSING,
            gettext_noop(
                "De eindafrekening kan niet gemaakt worden: %(error)s Vul de parameterwaarde aan."
            ),
            error=str(error),
        ) from error
    extra = ZERO
    statement_obj = None
    status = None
    if statement is not None:
        lines = _check_statement(statement, budget, year, last_day, death)
        notice = sum(
            (line.amount for line in lines if line.cost_kind in r33_stop.NOTICE_PAY_KINDS), ZERO
        )
        if death:
            violations = r34_death.check_severance(notice, cash, last_day)
            if violations:
                raise RuleViolations(violations)
            if notice > 0:
                other = sum((line.amount for line in lines), ZERO) - notice
                extra = r34_death.severance_extra(
                    severance=notice,
                    other_costs=other,
                    line_left=ledger_selectors.budget_line(budget, year),
                    cash=cash,
                    on=last_day,
                )
                if extra > 0:
                    _book_extra(budget, year, extra, last_day, by)
        result = costs.file_statement(statement, by=by, role=role, filed_on=on)
        status = result.status
        if result.status == costs.Status.INVALID:
            raise RuleViolations([error.violation() for error in result.errors])
        statement_obj = result.statement
        if extra > 0:
            extra = _take_back_unused_extra(budget, year, extra, last_day, by)
    notice_lines = CostLine.objects.filter(
        budget=budget,
        year=year,
        booking_type=BookingType.COST,
        cost_kind__in=r33_stop.NOTICE_PAY_KINDS,
    )
    notice_figures = notice_lines.aggregate(
        claimed=Sum("amount"),
        accepted=Sum(
            "accepted_amount", filter=Q(outcome__in=(Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED))
        ),
    )
    claimed = round_cents(Decimal(notice_figures["claimed"] or 0))
    accepted = round_cents(Decimal(notice_figures["accepted"] or 0))
    figures = r33_stop.final_settlement(
        open_commitments=open_commitments(budget),
        advance_outstanding=ledger_selectors.advance_outstanding(budget),
        line_left=ledger_selectors.budget_line(budget, year),
    )
    findings = [
        finding
        for finding in (
            r33_stop.notice_pay_cut_short(claimed, accepted, death=death),
            figures.advance_violation(),
            _waiting_finding(budget, rule),
        )
        if finding is not None
    ]
    settlement = Settlement.objects.create(
        budget=budget,
        end_kind=EndKind.DEATH if death else EndKind.STOP,
        last_day=last_day,
        settled_on=on,
        statement=statement_obj,
        cash_part=cash,
        payable=figures.payable,
        advance=figures.advance,
        advance_deducted=figures.advance_deducted,
        advance_asked_back=figures.advance_asked_back,
        net_payout=figures.net_payout,
        unused=figures.unused,
        notice_pay_claimed=claimed,
        notice_pay_accepted=accepted,
        severance_extra=extra,
        findings=violation_dicts(findings),
        created_by=_user(by),
    )
    if figures.advance > 0:
        Reclaim.objects.create(
            budget=budget,
            kind=ReclaimKind.ADVANCE,
            amount=figures.advance,
            reason=gettext(
                "Eindafrekening: het terugvorderbaar voorschot wordt volledig terugbetaald "
                "(%(rule)s, R13)"
            )
            % {"rule": rule},
            source=f"settlement:{budget.pk}:advance",
            settlement=settlement,
            created_by=_user(by),
        )
    record(
        action=AuditEvent.Action.CREATE,
        obj=settlement,
        summary=gettext("Eindafrekening budget %(budget)s: nog te betalen %(payable)s")
        % {"budget": budget.pk, "payable": format_eur(figures.payable)},
        actor=by,
        person_id=budget.person_id,
        details={
            "budget": budget.pk,
            "rule": rule,
            "payable": str(figures.payable),
            "advance": str(figures.advance),
            "net_payout": str(figures.net_payout),
            "severance_extra": str(extra),
            "statement": statement_obj.pk if statement_obj else None,
        },
    )
    return SettlementReport(settlement, created=True, statement_status=status, findings=findings)


def _user(by):
    from budgetlijn.audit.services import user_or_none

    return user_or_none(by)


# --- Hand-over of reclaims to the payment runs (0021, 0023) ----------------------------------


def reclaims_to_hand_over():
    """The reclaims the payment runs have not taken over yet, oldest first."""
    return Reclaim.objects.filter(deduction_id__isnull=True).order_by("created_at", "pk")


def record_handover(reclaim: Reclaim, *, deduction_id: int) -> Reclaim:
    """Note that the payment runs took ``reclaim`` over as deduction ``deduction_id``
    (``payments.services.open_deduction``); a reclaim is handed over once."""
    with transaction.atomic():
        updated = Reclaim.objects.filter(pk=reclaim.pk, deduction_id__isnull=True).update(
            deduction_id=deduction_id
        )
        if not updated:
            raise _refuse(
                "R33",
                ErrorCode.RECLAIM_HANDED_OVER,
                gettext_noop(
                    "Terugvordering %(reclaim)s werd al overgedragen aan de betalingen; ze "
                    "wordt maar één keer ingehouden."
                ),
                reclaim=reclaim.pk,
            )
        reclaim.refresh_from_db(fields=["deduction_id"])
        return reclaim
