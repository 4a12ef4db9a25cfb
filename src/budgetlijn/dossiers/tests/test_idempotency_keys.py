"""Idempotency keys never come back with another amount (decision 0009).

A year's opening only makes sure its allocation exists; a recalculation (the stop's pro rata
at the yearly amount in force now) books the difference as an adjustment. The same holds for
the advance (R13) and the stop's adjustments."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.dossiers import services
from budgetlijn.dossiers.tests.test_budgets import allocate_pvb
from budgetlijn.ledger import selectors
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.parameters import overrides
from budgetlijn.parameters import services as parameter_services
from budgetlijn.rules import parameters

pytestmark = pytest.mark.django_db

NAME = "pvb.yearly_amount.old.V"  # 42 326,64 in 2023 (the files)


@pytest.fixture(autouse=True)
def database_overrides():
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()


def correct_yearly_amount(value: str, valid_from=date(2023, 1, 1)):
    """An administrator's correction of the yearly amount (decision 0003)."""
    parameter_services.add_override(
        name=NAME, valid_from=valid_from, value=Decimal(value), reference="correctie"
    )


def started_pvb(**overrides):
    budget = allocate_pvb(
        allocated_on=date(2023, 1, 2), letter_received_on=date(2023, 1, 5), **overrides
    )
    services.start_budget(budget, on=date(2023, 2, 1))
    return budget


def test_r33_stop_after_a_correction_books_the_difference_as_an_adjustment():
    budget = started_pvb()
    allocation = Entry.objects.get(budget=budget, kind=EntryKind.ALLOCATION)
    assert allocation.amount == Decimal("42326.64")
    correct_yearly_amount("43000.00")
    services.stop_budget(budget, on=date(2023, 7, 1), reason="OWN_CHOICE")
    # January to June at the corrected amount: 6/12 of 43 000.
    assert selectors.balances(budget, 2023).entitlement == Decimal("21500.00")
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("42326.64")  # the allocation stays as booked
    adjustment = Entry.objects.get(budget=budget, kind=EntryKind.ADJUSTMENT)
    assert adjustment.amount == Decimal("21500.00") - Decimal("42326.64")


def test_r33_stop_in_december_after_a_raise_books_the_increase():
    budget = started_pvb()
    correct_yearly_amount("43000.00")
    services.stop_budget(budget, on=date(2024, 1, 1), reason="OWN_CHOICE")
    assert selectors.balances(budget, 2023).entitlement == Decimal("43000.00")


def test_opening_a_year_again_after_a_correction_books_nothing():
    budget = started_pvb()
    first = services.open_budget_year(budget, 2023)
    correct_yearly_amount("43000.00")
    entries = Entry.objects.count()
    again = services.open_budget_year(budget, 2023)
    assert again.pk == first.pk
    assert again.amount == Decimal("42326.64")
    assert Entry.objects.count() == entries


def test_r13_advance_added_later_after_a_correction_books_once():
    budget = started_pvb()
    advance = Entry.objects.get(budget=budget, kind=EntryKind.ADVANCE_PAID)
    correct_yearly_amount("10000.00")  # caps the cash part: the advance would be 2 500 now
    again = services.book_advance(budget, on=date(2023, 5, 1))
    assert again.pk == advance.pk
    assert Entry.objects.filter(budget=budget, kind=EntryKind.ADVANCE_PAID).count() == 1
    assert selectors.advance_outstanding(budget) == Decimal("5000.00")
