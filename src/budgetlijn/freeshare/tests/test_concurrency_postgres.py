"""Two free-share requests at the same time, each on its own connection, never pass the year's
limit (R14, R15) nor the budget line (R26): the budget row lock decides them one after the
other. Collected only on PostgreSQL (conftest.py). Run with
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/freeshare/tests/test_concurrency_postgres.py``.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.costs.tests.test_concurrency_postgres import run_together
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.freeshare.tests.conftest import make_pvb
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
ON = date(2023, 10, 2)


def test_the_probe_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def ask(budget, amount, **kw):
    return services.ask_free_share(budget=budget, year=2023, amount=amount, asked_on=ON, **kw)


def test_r15_two_requests_at_once_never_pass_the_free_share_limit():
    budget = make_pab()["budget"]  # 5 % of 20 000 = 1 000

    results, errors = run_together(lambda i: ask(budget, "700.00"))

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    requests = sorted(FreeShareRequest.objects.filter(budget=budget), key=lambda r: r.part_number)
    assert [(r.part_number, r.outcome, r.accepted_amount) for r in requests] == [
        (1, Outcome.ACCEPTED, D("700.00")),
        (2, Outcome.PARTLY, D("300.00")),
    ]
    assert ledger.balances(budget, 2023).committed == D("1000.00")
    assert check_ledger() == []


def test_r14_four_requests_at_once_share_the_pvb_limit_exactly():
    budget = make_pvb()  # 1 200 of 3 600 from 1 September

    results, errors = run_together(lambda i: ask(budget, "500.00"), count=4)

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    accepted = sorted(r.accepted_amount for r in FreeShareRequest.objects.filter(budget=budget))
    assert accepted == [D("0.00"), D("200.00"), D("500.00"), D("500.00")]
    assert ledger.balances(budget, 2023).committed == D("1200.00")
    assert check_ledger() == []


def test_r26_two_requests_at_once_never_pass_the_budget_line():
    budget = make_pab()["budget"]
    ledger_services.pay(
        budget=budget, year=2023, kind=EntryKind.COMMITMENT, amount="19500.00", reason="kosten"
    )

    results, errors = run_together(lambda i: ask(budget, "400.00"))

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    assert sum(r.accepted_amount for r in results.values()) == D("500.00")
    assert ledger.budget_line(budget, 2023) == D("0.00")
    assert check_ledger() == []


def test_one_idempotency_key_sent_at_once_books_once():
    budget = make_pab()["budget"]

    results, errors = run_together(
        lambda i: ask(budget, "100.00", idempotency_key="vbd-1"), count=3
    )

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    assert len({r.pk for r in results.values()}) == 1
    assert ledger.balances(budget, 2023).committed == D("100.00")
