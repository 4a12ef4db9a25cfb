"""Balances derived from the ledger, each in one query."""

from decimal import Decimal

import pytest

from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.tests.factories import BudgetFactory, allocate, funded_budget

pytestmark = pytest.mark.django_db


def book(budget, kind, amount, year=2024):
    return services.book(budget=budget, year=year, kind=kind, amount=amount, reason="test")


def test_balances_of_an_empty_budget_are_zero(budget):
    figures = selectors.balances(budget, 2024)
    assert figures == selectors.Balances(
        Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")
    )
    assert figures.budget_line == Decimal("0.00")
    assert selectors.balance(budget) == Decimal("0.00")


def test_r26_balances_in_one_query(django_assert_num_queries):
    budget = funded_budget(amount="10000.00")
    book(budget, EntryKind.ADJUSTMENT, "-250.50")
    book(budget, EntryKind.VIA_SUPPLEMENT, "700.00")
    book(budget, EntryKind.REIMBURSEMENT, "1200.10")
    book(budget, EntryKind.FREE_SHARE_PAYOUT, "300.00")
    book(budget, EntryKind.VOUCHER_PAYMENT, "99.99")
    book(budget, EntryKind.COMMITMENT, "500.00")
    book(budget, EntryKind.ADVANCE_PAID, "2500.00")
    with django_assert_num_queries(1):
        figures = selectors.balances(budget, 2024)
    assert figures.entitlement == Decimal("9749.50")
    assert figures.via == Decimal("700.00")
    assert figures.premium == Decimal("0.00")
    assert figures.paid == Decimal("1600.09")
    assert figures.committed == Decimal("500.00")
    assert figures.advance_outstanding == Decimal("2500.00")
    assert figures.budget_line == Decimal("8349.41")
    assert selectors.budget_line(budget, 2024) == figures.budget_line


def test_r26_float_sums_on_sqlite_stay_exact_to_the_cent():
    budget = funded_budget(amount="0.30")
    book(budget, EntryKind.REIMBURSEMENT, "0.10")
    book(budget, EntryKind.REIMBURSEMENT, "0.20")
    assert selectors.budget_line(budget, 2024) == Decimal("0.00")


def test_sums_are_exact_cents_after_a_booking_and_its_reversal():
    """SQLite adds floats: 0.01 + 2.00 - 2.00 must still be 0.01 exactly."""
    budget = funded_budget(amount="0.01")
    entry = book(budget, EntryKind.ADJUSTMENT, "2.00")
    services.reverse(entry, reason="fout")
    figures = selectors.balances(budget, 2024)
    assert str(figures.entitlement) == "0.01"
    assert str(selectors.balance(budget)) == "0.01"
    assert str(selectors.budget_lines([budget.pk], 2024)[budget.pk]) == "0.01"


def test_r13_advance_outstanding_is_cumulative_up_to_the_year(budget):
    book(budget, EntryKind.ADVANCE_PAID, "1000.00", year=2023)
    book(budget, EntryKind.ADVANCE_REPAID, "400.00", year=2025)
    assert selectors.balances(budget, 2022).advance_outstanding == Decimal("0.00")
    assert selectors.balances(budget, 2024).advance_outstanding == Decimal("1000.00")
    assert selectors.balances(budget, 2025).advance_outstanding == Decimal("600.00")
    assert selectors.advance_outstanding(budget) == Decimal("600.00")


def test_balance_is_the_sum_of_amounts_per_year_or_all():
    budget = funded_budget(year=2024, amount="100.00")
    allocate(budget, year=2025, amount="50.00")
    book(budget, EntryKind.REIMBURSEMENT, "30.00", year=2025)
    book(budget, EntryKind.ADVANCE_PAID, "10.00", year=2025)
    book(budget, EntryKind.ADVANCE_REPAID, "4.00", year=2025)
    assert selectors.balance(budget, 2024) == Decimal("100.00")
    assert selectors.balance(budget, 2025) == Decimal("86.00")
    assert selectors.balance(budget) == Decimal("186.00")


def test_entries_for_in_booking_order():
    budget = funded_budget(year=2024)
    allocate(budget, year=2025)
    payment = book(budget, EntryKind.REIMBURSEMENT, "5.00", year=2025)
    assert [e.year for e in selectors.entries_for(budget)] == [2024, 2025, 2025]
    assert list(selectors.entries_for(budget, 2025))[-1] == payment
    assert selectors.entries_for(BudgetFactory()).count() == 0


def test_r26_budget_lines_for_many_budgets_in_one_query(django_assert_num_queries):
    first = funded_budget(amount="100.00")
    second = funded_budget(amount="200.00")
    book(second, EntryKind.COMMITMENT, "50.00")
    book(second, EntryKind.REIMBURSEMENT, "25.00")
    allocate(first, year=2025, amount="999.00")
    empty = BudgetFactory()
    with django_assert_num_queries(1):
        lines = selectors.budget_lines([first.pk, second.pk, empty.pk, first.pk], 2024)
    assert lines == {
        first.pk: Decimal("100.00"),
        second.pk: Decimal("125.00"),
        empty.pk: Decimal("0.00"),
    }
    with django_assert_num_queries(0):
        assert selectors.budget_lines([], 2024) == {}


def test_r26_line_figures_of_many_budgets_in_one_query(django_assert_num_queries):
    budget = funded_budget(amount="1000.00")
    book(budget, EntryKind.VIA_SUPPLEMENT, "70.00")
    book(budget, EntryKind.YEAR_END_PREMIUM, "30.00")
    book(budget, EntryKind.REIMBURSEMENT, "200.00")
    book(budget, EntryKind.COMMITMENT, "100.00")
    empty = BudgetFactory()
    with django_assert_num_queries(1):
        figures = selectors.line_figures([budget.pk, empty.pk], 2024)
    mine = figures[budget.pk]
    assert (mine.entitlement, mine.premium, mine.via, mine.paid, mine.committed) == (
        Decimal("1000.00"),
        Decimal("30.00"),
        Decimal("70.00"),
        Decimal("200.00"),
        Decimal("100.00"),
    )
    assert mine.line == Decimal("800.00")
    assert figures[empty.pk].line == Decimal("0.00")
    assert selectors.budget_lines([budget.pk, empty.pk], 2024) == {
        budget.pk: Decimal("800.00"),
        empty.pk: Decimal("0.00"),
    }
