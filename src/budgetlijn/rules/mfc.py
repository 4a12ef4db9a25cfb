"""A PAB combined with a multifunctional centre (R4): reduction, effective day, structural.

Seed 002 ('Combinatievoorwaarden') and seed 003 §4.3, §10.2: the combination is reported in
writing; the PAB is adjusted for the days the child uses the MFC; a *change* of the combination
is reported from when it is structural, that is from 4 consecutive weeks; the adjusted amount
applies from the first day of the month after the start, stop or change of the combination.

Start or change (docs/decisions/0007-contract-rules.md): the first report of a combination,
or a report after the combination stopped (0 days), is a start ('opstart'): it only has to be
reported in writing and counts from the first day of the month after the day it started, with
no wait. Another number of days, or a stop (0 days), is a change: it can be reported once it
has lasted the structural number of weeks (``pab.mfc_combination.structural_weeks``, 4).

No seed gives the reduction formula. Budgetlijn's choice (ASSUMPTION, docs/decisions/
0007-contract-rules.md), a parameter the agency sets: the yearly amount is reduced in proportion
to the days per week at the MFC, over ``pab.mfc_combination.reduction_basis_days`` (7) days, and
never by more than the whole amount. 5 days a week at the MFC: 5/7 of the yearly amount. The
reduction for part of a year is ``budget_year.pro_rata(reduction, year, mfc_effective_from(..),
end)``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.codes import MfcCode
from budgetlijn.rules.dates import add_months, format_day
from budgetlijn.rules.money import round_cents, to_decimal
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "DAYS_PER_WEEK",
    "check_report",
    "is_start",
    "is_structural",
    "mfc_effective_from",
    "mfc_reduction",
    "structural_from",
]

DAYS_PER_WEEK = Decimal(7)
REDUCTION_BASIS = "pab.mfc_combination.reduction_basis_days"
STRUCTURAL_WEEKS = "pab.mfc_combination.structural_weeks"


def mfc_reduction(yearly_amount: Decimal, days_per_week: Decimal, on: date) -> Decimal:
    """The yearly reduction of a PAB for ``days_per_week`` days a week at an MFC, with the
    formula in force on ``on``; rounded to the cent, at most the yearly amount."""
    amount = to_decimal(yearly_amount)
    days = to_decimal(days_per_week)
    if amount < 0:
        raise ValueError(f"a yearly amount cannot be negative: {amount}")
    if days < 0 or days > DAYS_PER_WEEK:
        raise ValueError(f"days per week must be between 0 and 7: {days}")
    basis = parameters.value(REDUCTION_BASIS, on)
    if basis <= 0:
        raise ValueError(f"{REDUCTION_BASIS} must be above 0 on {on}: {basis}")
    return round_cents(min(amount * days / basis, amount))


def mfc_effective_from(change_on: date) -> date:
    """The first day of the month after the start, stop or change of the combination
    (seed 003 §10.2: 'vanaf de eerste dag van de maand volgend op de datum van ...')."""
    return add_months(change_on.replace(day=1), 1)


def structural_weeks(change_started_on: date) -> int:
    """How many consecutive weeks make a change structural (4, seed 002)."""
    return int(parameters.value(STRUCTURAL_WEEKS, change_started_on))


def structural_from(change_started_on: date) -> date:
    """The first day a change that started on ``change_started_on`` is structural: the day
    after the last of its consecutive weeks. From Monday 1, 4 weeks: Monday 29."""
    return change_started_on + timedelta(weeks=structural_weeks(change_started_on))


def is_structural(change_started_on: date, on: date) -> bool:
    """Whether a change that started on ``change_started_on`` is structural on ``on``."""
    return on >= structural_from(change_started_on)


def is_start(previous_days: object) -> bool:
    """Whether a report starts a combination: none was reported before (``None``), or the
    last one reported 0 days (the combination had stopped)."""
    return previous_days is None or to_decimal(previous_days) == 0


def check_report(
    *,
    budget_kind: str,
    mfc_name: str,
    days_per_week: object,
    changed_on: date,
    reported_on: date,
    previous_days: object = None,
    previous_changed_on: date | None = None,
) -> list[Violation]:
    """R4: every violation of a written report of a PAB's combination with an MFC.

    ``changed_on``: the day the combination started or changed; ``previous_days`` and
    ``previous_changed_on``: the combination reported before (None: this is the first).
    A start counts from the next month without a wait; a change once it is structural."""
    out: list[Violation] = []
    if budget_kind != "PAB":
        out.append(
            Violation(
                "R4",
                MfcCode.MFC_ONLY_PAB,
                _("Alleen een PAB wordt verminderd voor de dagen in een MFC."),
                "budget",
            )
        )
    if not (mfc_name or "").strip():
        out.append(
            Violation("R4", MfcCode.MFC_NAME_MISSING, _("Vul de naam van het MFC in."), "mfc_name")
        )
    start = is_start(previous_days)
    try:
        days = to_decimal(days_per_week)
    except (TypeError, ValueError):
        days = None
    if days is None or not 0 <= days <= DAYS_PER_WEEK:
        out.append(
            Violation(
                "R4",
                MfcCode.DAYS_PER_WEEK_RANGE,
                _(
                    "Vul bij 'dagen per week in het MFC' een aantal tussen 0 en 7 in, "
                    "bijvoorbeeld 2 of 2,5."
                ),
                "days_per_week",
            )
        )
    elif start and days == 0:
        out.append(
            Violation(
                "R4",
                MfcCode.MFC_START_WITHOUT_DAYS,
                _(
                    "Er loopt geen combinatie met een MFC die kan stoppen. Vul bij 'dagen per "
                    "week in het MFC' in hoeveel dagen per week het kind naar het MFC gaat."
                ),
                "days_per_week",
            )
        )
    if previous_changed_on is not None and changed_on <= previous_changed_on:
        out.append(
            Violation(
                "R4",
                MfcCode.CHANGE_NOT_AFTER_PREVIOUS,
                _(
                    "De vorige melding gold vanaf %(previous)s. Vul bij 'gewijzigd sinds' een "
                    "latere datum in."
                ),
                "changed_on",
                {"previous": format_day(previous_changed_on)},
            )
        )
    if reported_on < changed_on:
        out.append(
            Violation(
                "R4",
                MfcCode.REPORTED_BEFORE_CHANGE,
                _(
                    "De melding (%(reported)s) kan niet vóór de start of wijziging van de "
                    "combinatie (%(changed)s) liggen. Controleer beide datums."
                ),
                "reported_on",
                {"reported": format_day(reported_on), "changed": format_day(changed_on)},
            )
        )
    elif not start and not is_structural(changed_on, reported_on):
        # Seed 002 asks the wait for a change only; a start is reported in writing and counts.
        out.append(
            Violation(
                "R4",
                MfcCode.CHANGE_NOT_STRUCTURAL,
                _(
                    "Een wijziging van de combinatie telt pas mee als ze %(weeks)s opeenvolgende "
                    "weken duurt. Meld ze opnieuw vanaf %(day)s."
                ),
                "changed_on",
                {
                    "weeks": structural_weeks(changed_on),
                    "day": format_day(structural_from(changed_on)),
                },
            )
        )
    return out
