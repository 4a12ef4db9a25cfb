"""What the payment run reads: requests whose commitment is still open."""

from datetime import date

import pytest

from budgetlijn.freeshare import selectors, services
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind

pytestmark = pytest.mark.django_db


def test_due_requests_are_those_with_an_open_commitment(pab):
    first = services.ask_free_share(
        budget=pab, year=2023, amount="300.00", asked_on=date(2023, 5, 2)
    )
    second = services.ask_free_share(
        budget=pab, year=2023, amount="200.00", asked_on=date(2023, 5, 3)
    )
    refused = services.ask_free_share(
        budget=pab, year=2023, amount="0.00", asked_on=date(2023, 5, 4)
    )
    assert list(selectors.due_requests()) == [first, second]
    # the payment run pays the first: its payout releases the commitment
    ledger_services.pay(
        budget=pab,
        year=2023,
        kind=EntryKind.FREE_SHARE_PAYOUT,
        amount="300.00",
        reason="uitbetaling",
        releases=first.commitment,
    )
    assert list(selectors.due_requests()) == [second]
    assert list(selectors.due_requests(budget_ids=[pab.pk + 1])) == []
    assert list(selectors.requests_of(pab, 2023)) == [refused, second, first]
