"""R4: a PAB combined with an MFC, in the ledger: the report, a stop of the budget, and a
recomputation that books only the difference."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.contracts import services
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.dossiers import services as dossiers
from budgetlijn.ledger import selectors
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db

# PAB II/2 in 2023: EUR 23 890,08 a year. 2 of 7 days at the MFC: EUR 6 825,74 a year.
YEARLY = Decimal("23890.08")
REDUCTION = Decimal("6825.74")


def started_with_mfc(family):
    """Started 21/02/2023 (in force from February); 2 days a week at an MFC from 08/05/2023,
    reported 09/06/2023, so the budget is reduced from 01/06/2023."""
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    services.approve_contract(contract, on=date(2023, 3, 2))
    services.report_mfc_combination(
        budget,
        mfc_name="MFC Het Anker",
        days_per_week=Decimal(2),
        changed_on=date(2023, 5, 8),
        reported_on=date(2023, 6, 9),
    )
    budget.refresh_from_db()
    return budget


def test_r4_stopping_a_pab_with_an_mfc_combination_books_the_difference(family):
    budget = started_with_mfc(family)
    # The stop day is the first day without the budget (seed 003 §9.1): in force up to and
    # including September, so neither the budget nor its MFC reduction counts October.
    dossiers.stop_budget(budget, on=date(2023, 10, 1), reason="OWN_CHOICE")
    gross = Decimal("17917.56") - Decimal("1990.84")  # February-September: 9/12 - 1/12
    mfc_part = Decimal("5119.31") - Decimal("2844.06")  # June-September of 6 825,74
    assert selectors.balances(budget, 2023).entitlement == gross - mfc_part
    mfc_entries = Entry.objects.filter(
        budget=budget, year=2023, idempotency_key__startswith="mfc:"
    ).order_by("id")
    # The first booking stays as it was; the recomputation is a second entry: the difference.
    assert [e.amount for e in mfc_entries] == [
        -(REDUCTION - Decimal("2844.06")),  # June-December, booked when reported
        REDUCTION - Decimal("5119.31"),  # October-December given back at the stop
    ]
    assert len({e.idempotency_key for e in mfc_entries}) == 2


def test_r4_recomputing_the_mfc_reduction_books_nothing_when_nothing_changed(family):
    budget = started_with_mfc(family)
    before = list(Entry.objects.filter(budget=budget).values_list("id", "amount"))
    assert services.book_mfc_adjustments(budget, 2023) == []
    dossiers.open_budget_year(budget, 2023)  # sends budget_year_opened again
    assert list(Entry.objects.filter(budget=budget).values_list("id", "amount")) == before


def test_r4_stop_on_the_first_of_a_month_after_a_budget_year_was_opened(family):
    budget = started_with_mfc(family)
    dossiers.open_budget_year(budget, 2024)
    dossiers.stop_budget(budget, on=date(2024, 3, 1), reason="OWN_CHOICE")
    # 2024 in force January-February; the reduction counts the same two months.
    yearly_2024 = budget.yearly_amount(2024)
    reduction_2024 = Entry.objects.filter(
        budget=budget, year=2024, idempotency_key__startswith="mfc:"
    )
    total_reduction = -sum(e.amount for e in reduction_2024)
    assert total_reduction > 0
    entitlement = selectors.balances(budget, 2024).entitlement
    two_months = (yearly_2024 * 2 / 12).quantize(Decimal("0.01"))
    assert entitlement == two_months - total_reduction
    # And calling again books nothing new.
    count = Entry.objects.filter(budget=budget).count()
    services.book_mfc_adjustments(budget, 2024)
    dossiers.open_budget_year(budget, 2024)
    assert Entry.objects.filter(budget=budget).count() == count


def test_r4_a_structural_change_books_the_difference_from_the_next_month(family):
    budget = started_with_mfc(family)
    before = selectors.balances(budget, 2023).entitlement
    # 3 days a week from Monday 4 September; 4 weeks later, on 2 October, it is structural.
    change = services.report_mfc_combination(
        budget,
        mfc_name="MFC Het Anker",
        days_per_week=Decimal(3),
        changed_on=date(2023, 9, 4),
        reported_on=date(2023, 10, 2),
    )
    assert change.effective_from == date(2023, 10, 1)
    assert change.yearly_reduction == Decimal("10238.61")  # 3/7 of 23 890,08
    # October-December: 2 559,65 (3 days) instead of 1 706,43 (2 days).
    assert before - selectors.balances(budget, 2023).entitlement == Decimal("853.22")
    assert Entry.objects.get(idempotency_key=f"mfc:{change.pk}:2023").amount == Decimal("-853.22")
    # Stopping from November gives back November-December of both combinations' parts.
    dossiers.stop_budget(budget, on=date(2023, 11, 1), reason="OWN_CHOICE")
    gross = Decimal("19908.40") - Decimal("1990.84")  # February-October
    two_days = Decimal("5119.31") - Decimal("2844.06")  # June-September of 6 825,74
    three_days = Decimal("8532.18") - Decimal("7678.96")  # October of 10 238,61
    assert selectors.balances(budget, 2023).entitlement == gross - two_days - three_days
