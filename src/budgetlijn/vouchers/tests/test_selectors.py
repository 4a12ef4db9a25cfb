"""What the payment run reads: voucher lines whose commitment is still open."""

from datetime import date

import pytest

from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.vouchers import selectors, services
from budgetlijn.vouchers.tests.conftest import line

pytestmark = pytest.mark.django_db


def test_due_lines_are_those_with_an_open_commitment(world):
    result = services.file_voucher_invoice(
        provider=world["provider"],
        month=date(2023, 5, 1),
        lines=[line(world, "100.00"), line(world, "50.00", contract_id=None)],
        filed_on=date(2023, 6, 5),
    )
    [due] = selectors.due_lines()
    assert (due.line_no, due.invoice.provider, due.accepted_amount) == (
        1,
        world["provider"],
        due.commitment.amount,
    )
    ledger_services.pay(
        budget=world["budget"],
        year=2023,
        kind=EntryKind.VOUCHER_PAYMENT,
        amount="100.00",
        reason="betaling",
        releases=due.commitment,
    )
    assert list(selectors.due_lines()) == []
    assert result.invoice.lines.count() == 2
    assert list(selectors.due_lines(provider_ids=[world["provider"].pk])) == []
