"""Two voucher invoices for the same budget filed at the same time, each on its own connection
(R11, R26): the budget row lock decides them one after the other, so together they never pass
the voucher part nor the budget line, and one holder-month is never booked twice. Collected
only on PostgreSQL (conftest.py). Run with
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/vouchers/tests/test_concurrency_postgres.py``.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from budgetlijn.costs.tests.test_concurrency_postgres import run_together
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.codes import VoucherCode
from budgetlijn.vouchers import services
from budgetlijn.vouchers.constants import Outcome
from budgetlijn.vouchers.models import VoucherInvoice, VoucherInvoiceLine
from budgetlijn.vouchers.tests.conftest import line, make_world

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
FILED = date(2023, 6, 5)


def test_the_probe_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def file(world, *lines, month, **kw):
    return services.file_voucher_invoice(
        provider=world["provider"], month=month, lines=list(lines), filed_on=FILED, **kw
    )


def committed_lines(budget):
    return list(VoucherInvoiceLine.objects.filter(budget=budget, accepted_amount__gt=0))


def test_r11_two_invoices_at_once_never_pass_the_voucher_part():
    world = make_world()  # 12 000 a year, 4 000 in cash: 8 000 in voucher
    months = [3, 4]

    results, errors = run_together(
        lambda i: file(
            world, line(world, "5000.00", month=months[i]), month=date(2023, months[i], 1)
        )
    )

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    accepted = sorted(r.lines[0].accepted for r in results.values())
    assert accepted == [D("3000.00"), D("5000.00")]
    assert ledger.balances(world["budget"], 2023).committed == D("8000.00")
    assert len(committed_lines(world["budget"])) == 2
    assert check_ledger() == []


def test_r26_two_invoices_at_once_never_pass_the_budget_line():
    world = make_world()
    ledger_services.pay(
        budget=world["budget"],
        year=2023,
        kind=EntryKind.COMMITMENT,
        amount="11800.00",
        reason="kosten",
    )
    months = [3, 4]

    results, errors = run_together(
        lambda i: file(
            world, line(world, "150.00", month=months[i]), month=date(2023, months[i], 1)
        )
    )

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    assert sum(r.lines[0].accepted for r in results.values()) == D("200.00")
    assert ledger.budget_line(world["budget"], 2023) == D("0.00")
    assert check_ledger() == []


def test_r11_the_same_holder_month_on_two_invoices_at_once_is_booked_once():
    world = make_world()
    numbers = ["F-1", "F-2"]  # two invoice numbers: two invoices, not one sent twice

    results, errors = run_together(
        lambda i: file(
            world, line(world, "400.00"), month=date(2023, 5, 1), invoice_number=numbers[i]
        )
    )

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    outcomes = sorted((r.lines[0].outcome, r.lines[0].accepted) for r in results.values())
    assert outcomes == [(Outcome.ACCEPTED, D("400.00")), (Outcome.REFUSED, D("0.00"))]
    refused = next(r for r in results.values() if r.lines[0].outcome == Outcome.REFUSED)
    assert [v.code for v in refused.lines[0].violations] == [VoucherCode.VOUCHER_LINE_DUPLICATE]
    assert VoucherInvoice.objects.count() == 2
    assert len(committed_lines(world["budget"])) == 1
    assert ledger.balances(world["budget"], 2023).committed == D("400.00")
    assert check_ledger() == []


def test_the_same_invoice_sent_twice_at_once_books_once():
    world = make_world()

    results, errors = run_together(
        lambda i: file(world, line(world, "700.00"), month=date(2023, 5, 1)), count=3
    )

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    assert len({r.invoice.pk for r in results.values()}) == 1
    assert VoucherInvoice.objects.count() == 1
    assert (
        Entry.objects.filter(budget=world["budget"], year=2023, kind=EntryKind.COMMITMENT).count()
        == 1
    )
    assert ledger.balances(world["budget"], 2023).committed == D("700.00")
    assert check_ledger() == []
