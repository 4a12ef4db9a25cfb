"""Two free-share requests at the same time, each on its own connection, never pass the year's
limit (R14, R15) nor the budget line (R26): the budget row lock decides them one after the
other. One correction key (R15) sent at once books once: the same content answers the first
correction, other content (another budget, no shared lock) is refused, never an IntegrityError. Collected only on PostgreSQL (conftest.py). Run with
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/freeshare/tests/test_concurrency_postgres.py``.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.costs.tests.test_concurrency_postgres import run_together
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import ErrorCode, Outcome
from budgetlijn.freeshare.models import FreeShareCorrection, FreeShareRequest
from budgetlijn.freeshare.tests.conftest import make_pvb
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services as payments
from budgetlijn.rules.violations import RuleViolations

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


def paid_pab():
    """A PAB whose 400 of free share was paid by a run (its refundable advance outstanding)."""
    budget = make_pab()["budget"]
    ask(budget, "400.00")
    payments.draft_run(on=timezone.localdate())
    assert services.paid_free_share(budget, 2023) == D("400.00")
    return budget


def correct(budget, key="terug-1"):
    return services.correct_free_share(
        budget=budget,
        year=2023,
        amount="50.00",
        corrected_on=date(2023, 11, 6),
        idempotency_key=key,
    )


def test_r15_one_correction_key_sent_at_once_books_once():
    budget = paid_pab()

    results, errors = run_together(lambda i: correct(budget), count=3)

    assert errors == {}, {i: repr(e) for i, e in errors.items()}
    assert len({r.pk for r in results.values()}) == 1
    assert FreeShareCorrection.objects.count() == 1
    assert services.paid_free_share(budget, 2023) == D("350.00")
    assert check_ledger() == []


def test_r15_one_correction_key_for_two_budgets_at_once_books_one_and_refuses_the_other():
    budgets = [paid_pab(), paid_pab()]
    corrections = Entry.objects.filter(kind=EntryKind.FREE_SHARE_CORRECTION)

    results, errors = run_together(lambda i: correct(budgets[i]))

    assert len(results) == 1 and len(errors) == 1, {i: repr(e) for i, e in errors.items()}
    (error,) = errors.values()
    assert isinstance(error, RuleViolations), repr(error)
    assert [v.code for v in error.violations] == [ErrorCode.FREE_SHARE_KEY_REUSED]
    (kept,) = FreeShareCorrection.objects.all()
    assert kept.budget_id == budgets[next(iter(results))].pk
    # nothing half-saved of the refused one: one correction entry and one advance entry
    assert corrections.count() == 1
    assert (
        Entry.objects.filter(
            kind=EntryKind.ADVANCE_PAID, reason=kept.correction_entry.reason
        ).count()
        == 1
    )
    assert sorted(services.paid_free_share(b, 2023) for b in budgets) == [D("350.00"), D("400.00")]
    assert check_ledger() == []
