"""R10/R13: the refundable advance is booked only once a budget account is known (seed 003
§2.2: it is transferred to the separate budget account); an account added later books it then,
once."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers import services
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.dossiers.tests.test_budgets import ACCOUNT, allocate_pab, minor_with_parents
from budgetlijn.ledger import selectors
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db


def pab_without_account():
    child, mother, _ = minor_with_parents()
    return allocate_pab(child, [services.HolderInput(mother, "PARENT")], account=None)


def advances(budget):
    return Entry.objects.filter(budget=budget, kind=EntryKind.ADVANCE_PAID)


def test_r13_pab_started_without_an_account_gets_no_advance():
    budget = pab_without_account()
    services.start_budget(budget, on=date(2023, 3, 1))
    assert not advances(budget).exists()
    assert selectors.advance_outstanding(budget) == Decimal("0.00")
    # The yearly amount is booked all the same (R15: 10/12 from 1 March).
    assert selectors.balances(budget, 2023).entitlement == Decimal("19908.40")


def test_r10_account_added_later_books_the_advance_then_once():
    budget = pab_without_account()
    services.start_budget(budget, on=date(2023, 3, 1))
    account = services.add_budget_account(budget, ACCOUNT, on=date(2023, 4, 12))
    assert account.iban == "BE68539007547034"
    advance = advances(budget).get()
    # PAB II band 2 in 2023: 23 890,08 -> 1/4 rounded to the euro: 5 973, paid on the day.
    assert advance.amount == Decimal("5973.00")
    assert advance.effective_date == date(2023, 4, 12)
    assert advance.idempotency_key == f"advance:{budget.pk}"
    assert services.book_advance(budget, on=date(2023, 5, 1)).pk == advance.pk
    assert advances(budget).count() == 1
    assert AuditEvent.objects.filter(object_type="dossiers.BudgetAccount").count() == 1


def test_r10_account_before_the_start_books_the_advance_at_the_start():
    child, mother, _ = minor_with_parents()
    budget = allocate_pab(child, [services.HolderInput(mother, "PARENT")])
    services.start_budget(budget, on=date(2023, 3, 1))
    assert advances(budget).get().effective_date == date(2023, 3, 1)


def test_r10_account_of_a_budget_not_started_books_no_advance_yet():
    budget = pab_without_account()
    services.add_budget_account(budget, ACCOUNT, on=date(2023, 2, 20))
    assert not advances(budget).exists()
    services.start_budget(budget, on=date(2023, 3, 1))
    assert advances(budget).get().amount == Decimal("5973.00")


def test_r10_second_account_and_a_bad_iban_are_refused_and_nothing_saved():
    budget = pab_without_account()
    services.start_budget(budget, on=date(2023, 3, 1))
    with pytest.raises(RuleViolations) as refused:
        services.add_budget_account(
            budget,
            services.AccountInput("BE00 0000 0000 0000", "Peeters Lotte", "HOLDER"),
            on=date(2023, 4, 1),
        )
    assert "account.iban" in {v.field for v in refused.value.violations}
    assert not BudgetAccount.objects.exists()
    assert not advances(budget).exists()
    services.add_budget_account(budget, ACCOUNT, on=date(2023, 4, 1))
    with pytest.raises(RuleViolations) as refused:
        services.add_budget_account(budget, ACCOUNT, on=date(2023, 4, 2))
    assert refused.value.violations[0].code == "account_exists"
    assert advances(budget).count() == 1
