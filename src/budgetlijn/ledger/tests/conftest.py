import pytest

from budgetlijn.ledger.tests.factories import BudgetFactory, UserFactory


@pytest.fixture
def budget():
    return BudgetFactory()


@pytest.fixture
def user():
    return UserFactory()
