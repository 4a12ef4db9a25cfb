"""A PAB combined with a multifunctional centre (R4): reduction, effective day, structural.

Seed 002 ('Combinatievoorwaarden') and seed 003 §4.3, §10.2: the combination is reported in
writing; the PAB is adjusted for the days the child uses the MFC; a change counts from when it
is structural, that is from 4 consecutive weeks; the adjusted amount applies from the first day
of the month after the start, stop or change of the combination.

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
from budgetlijn.rules.dates import add_months
from budgetlijn.rules.money import round_cents, to_decimal

__all__ = ["DAYS_PER_WEEK", "is_structural", "mfc_effective_from", "mfc_reduction"]

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


def is_structural(change_started_on: date, on: date) -> bool:
    """Whether a change that started on ``change_started_on`` is structural on ``on``: it has
    lasted the full number of consecutive weeks (4, seed 002), so from the day after the last
    of those weeks. A change of 4 weeks from Monday 1 is structural from Monday 29."""
    weeks = int(parameters.value(STRUCTURAL_WEEKS, change_started_on))
    return on >= change_started_on + timedelta(weeks=weeks)
