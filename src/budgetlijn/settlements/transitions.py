"""R7 (seed 003 §8): a PAB holder growing up.

- The letter at 18: 'Het VAPH licht u in over die mogelijkheid via een brief die u ontvangt in
  het jaar dat u 18 jaar wordt'; a PAB granted after the 18th birthday gets the letter 'kort
  daarna'. ``send_pvb_letters(on)`` writes one letter per running PAB whose holder is 18 on
  ``on`` (birthday on or before it) and has none yet: run daily, each holder gets it on the
  birthday; a missed day or a later PAB is caught up by the next run; a second run sends nothing
  twice (one letter per PAB, a unique row).
- No budget from 22 until the decision: a PAB whose holder reaches 22 without having filed the
  support plan for a PVB before that birthday stops on the birthday (``StopReason.AGE_LIMIT``,
  through ``dossiers.services.stop_budget``: the last year pro rata, the advance to repay).
  With the plan filed in time the PAB runs on until the PVB is decided and
  ``dossiers.services.convert_to_pvb`` turns it into a 'PVB na jeugdhulp', the budget account
  carried over (that conversion exists in dossiers and is not rebuilt here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record_many, user_or_none
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.constants import FINAL_STATES, BudgetKind, StopReason
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules import parameters
from budgetlijn.rules.dates import add_months, format_day
from budgetlijn.rules.violations import RuleViolations, Violation
from budgetlijn.settlements.constants import ErrorCode
from budgetlijn.settlements.models import PvbTransitionLetter


@dataclass
class TransitionReport:
    on: date
    letters: list[PvbTransitionLetter] = field(default_factory=list)
    stopped: list[Budget] = field(default_factory=list)
    refused: list[tuple[Budget, str]] = field(default_factory=list)
    dry_run: bool = False


def _birthday(birth: date, age: int) -> date:
    return add_months(birth, 12 * age)


def _ages(on: date) -> tuple[int, int]:
    try:
        return (
            budget_rules.majority_age(on),
            int(parameters.value("pab.support_plan_before_age", on)),
        )
    except parameters.ParameterMissing as error:
        raise RuleViolations(
            [
                Violation(
                    "R7",
                    ErrorCode.TRANSITION_PARAMETER_MISSING,
                    gettext_noop("De overgang PAB naar PVB kan niet lopen op %(on)s: %(error)s"),
                    None,
                    {"on": format_day(on), "error": str(error)},
                )
            ]
        ) from error


def _running_pabs():
    return Budget.objects.filter(kind=BudgetKind.PAB).exclude(status__in=FINAL_STATES)


def run_transitions(*, on: date, by: Any = None, dry_run: bool = False) -> TransitionReport:
    """Send the letters at 18 and stop the PABs at 22 without a support plan, on ``on``
    (today or earlier)."""
    if on > timezone.localdate():
        raise RuleViolations(
            [
                Violation(
                    "R7",
                    ErrorCode.TRANSITION_DAY_IN_FUTURE,
                    gettext_noop("De dag (%(on)s) ligt na vandaag. Kies vandaag of vroeger."),
                    None,
                    {"on": format_day(on)},
                )
            ]
        )
    adult, limit = _ages(on)
    report = TransitionReport(on=on, dry_run=dry_run)
    with transaction.atomic():
        report.letters = _letters(on, adult, limit, by)
        _stop_at_limit(on, limit, by, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _letters(on: date, adult: int, limit: int, by) -> list[PvbTransitionLetter]:
    budgets = list(
        _running_pabs()
        .filter(person__birth_date__lte=add_months(on, -12 * adult), pvb_letter__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    letters = PvbTransitionLetter.objects.bulk_create(
        PvbTransitionLetter(
            budget=budget,
            sent_on=on,
            birthday_18=_birthday(budget.person.birth_date, adult),
            support_plan_before=_birthday(budget.person.birth_date, limit),
            created_by=user_or_none(by),
        )
        for budget in budgets
    )
    summary = gettext("Brief overstap naar PVB verstuurd (R7)")
    record_many(
        action=AuditEvent.Action.CREATE,
        events=[
            (letter, summary, letter.budget.person_id, {"budget": letter.budget_id})
            for letter in letters
        ],
        actor=by,
    )
    return letters


def _stop_at_limit(on: date, limit: int, by, report: TransitionReport) -> None:
    latest_birth = add_months(on, -12 * limit)
    candidates = (
        _running_pabs()
        .filter(person__birth_date__lte=latest_birth)
        .select_related("person")
        .order_by("pk")
    )
    for budget in candidates:
        birthday = _birthday(budget.person.birth_date, limit)
        if budget.support_plan_filed_on and budget.support_plan_filed_on < birthday:
            continue  # the PAB runs on until the PVB is decided (convert_to_pvb)
        try:
            with transaction.atomic():  # all or nothing per budget
                stopped = dossiers.stop_budget(
                    budget,
                    on=birthday,
                    reason=StopReason.AGE_LIMIT,
                    by=by,
                    note=gettext(
                        "22ste verjaardag op %(day)s zonder ondersteuningsplan PVB: geen budget "
                        "tot de beslissing over een PVB (R7)"
                    )
                    % {"day": format_day(birthday)},
                )
        except RuleViolations as error:
            report.refused.append((budget, " ".join(v.text() for v in error.violations)))
            continue
        report.stopped.append(stopped)
