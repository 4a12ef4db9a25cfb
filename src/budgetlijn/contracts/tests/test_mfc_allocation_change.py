"""R4 with a staff change of the allocation (decision 0013): each month's MFC reduction is
taken off the yearly amount in force in that month, and a change recomputes the MFC part of
the years it touches, booking only the difference under the next ``mfc:`` key."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.contracts import services
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.dossiers import services as dossiers
from budgetlijn.ledger import selectors
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db

# PAB category II in 2024: band 2 EUR 24 326,57 a year, band 3 EUR 28 381,01.
# 2 of 7 days at the MFC: EUR 6 950,45 (band 2) and EUR 8 108,86 (band 3) a year.
OLD_JAN_JUN = Decimal("3475.23")  # 6/12 of 6 950,45
NEW_JUL_DEC = Decimal("8108.86") - Decimal("4054.43")  # 12/12 - 6/12 of 8 108,86
NEW_JUL_SEP = Decimal("6081.65") - Decimal("4054.43")  # 9/12 - 6/12 of 8 108,86
GROSS_JAN_JUN = Decimal("12163.29")  # 6/12 of 24 326,57
GROSS_JUL_DEC = Decimal("28381.01") - Decimal("14190.51")
GROSS_JUL_SEP = Decimal("21285.76") - Decimal("14190.51")


def mfc_entries(budget, year):
    return list(
        Entry.objects.filter(budget=budget, year=year, idempotency_key__startswith="mfc:").order_by(
            "id"
        )
    )


def band_2_with_mfc_since_january(family):
    """A PAB II/2 started in February 2023, 2024 opened; 2 days a week at an MFC from
    4 December 2023 (a start, reported at once), so reduced from 1 January 2024."""
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    services.approve_contract(contract, on=date(2023, 3, 2))
    budget.refresh_from_db()
    dossiers.open_budget_year(budget, 2024)
    combination = services.report_mfc_combination(
        budget,
        mfc_name="MFC Het Anker",
        days_per_week=Decimal(2),
        changed_on=date(2023, 12, 4),
        reported_on=date(2023, 12, 6),
    )
    assert combination.effective_from == date(2024, 1, 1)
    budget.refresh_from_db()
    return budget


def test_r4_a_band_change_recomputes_the_mfc_part_month_by_month(family):
    budget = band_2_with_mfc_since_january(family)
    assert [e.amount for e in mfc_entries(budget, 2024)] == [Decimal("-6950.45")]
    dossiers.change_budget_allocation(
        budget, from_day=date(2024, 7, 1), reason="Beslissing agentschap: schijf 3", band=3
    )
    # January-June at band 2's reduction, July-December at band 3's.
    assert -sum(e.amount for e in mfc_entries(budget, 2024)) == OLD_JAN_JUN + NEW_JUL_DEC
    assert [e.amount for e in mfc_entries(budget, 2024)] == [
        Decimal("-6950.45"),
        -(OLD_JAN_JUN + NEW_JUL_DEC - Decimal("6950.45")),  # the difference, the next key
    ]
    assert selectors.balances(budget, 2024).entitlement == (
        GROSS_JAN_JUN + GROSS_JUL_DEC - OLD_JAN_JUN - NEW_JUL_DEC
    )
    # Nothing in 2023: the combination starts in 2024.
    assert mfc_entries(budget, 2023) == []

    # The stop's day is the first day without the budget: in force through September.
    dossiers.stop_budget(budget, on=date(2024, 10, 1), reason="OWN_CHOICE")
    assert -sum(e.amount for e in mfc_entries(budget, 2024)) == OLD_JAN_JUN + NEW_JUL_SEP
    assert selectors.balances(budget, 2024).entitlement == (
        GROSS_JAN_JUN + GROSS_JUL_SEP - OLD_JAN_JUN - NEW_JUL_SEP
    )
    keys = [e.idempotency_key for e in mfc_entries(budget, 2024)]
    assert len(set(keys)) == len(keys) == 3

    # A re-run books nothing.
    before = list(Entry.objects.filter(budget=budget).values_list("id", "amount"))
    assert services.book_mfc_adjustments(budget, 2024) == []
    dossiers.open_budget_year(budget, 2024)
    assert list(Entry.objects.filter(budget=budget).values_list("id", "amount")) == before


def test_r4_a_recomputation_after_a_band_change_uses_the_amount_of_each_month(family):
    """Even when only a later recomputation (the stop) reaches the MFC part, the months
    before the change count at the old yearly amount."""
    budget = band_2_with_mfc_since_january(family)
    dossiers.change_budget_allocation(
        budget, from_day=date(2024, 7, 1), reason="Beslissing agentschap: schijf 3", band=3
    )
    services.book_mfc_adjustments(budget, 2024)
    assert -sum(e.amount for e in mfc_entries(budget, 2024)) == OLD_JAN_JUN + NEW_JUL_DEC
