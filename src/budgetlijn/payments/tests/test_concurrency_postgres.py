"""Two payment runs at the same time, each on its own PostgreSQL connection, pay nothing twice
(R30, exactly once). Collected only on PostgreSQL (``pytest_ignore_collect`` in this folder's
conftest.py). Run with
``bash scripts/test-postgres.sh .venv/bin/python -m pytest src/budgetlijn/payments/tests/test_concurrency_postgres.py``.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.costs.tests.test_concurrency_postgres import run_together
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.ledger.constants import Bucket
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import DeductionKind
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentItem, Transfer
from budgetlijn.payments.tests.conftest import accept
from budgetlijn.settlements.constants import ReclaimKind
from budgetlijn.settlements.models import Reclaim

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_probe_runs_on_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize("chunk", [1, 2_000])
def test_r30_two_runs_at_once_pay_every_line_exactly_once(chunk):
    budgets = []
    for n, iban in enumerate(("BE68539007547034", "BE71096123456769", "BE62510007547061")):
        pab = make_pab()
        BudgetAccount.objects.filter(budget=pab["budget"]).update(iban=iban)
        accept(pab["budget"], pab["contract"], *[f"{10 + n}.{m:02d}" for m in range(1, 7)])
        budgets.append(pab["budget"])
    services.open_deduction(
        budget=budgets[0], kind=DeductionKind.RECLAIM, amount="20.00", reason="creditnota"
    )
    today = timezone.localdate()

    results, errors = run_together(lambda i: services.draft_run(on=today, chunk=chunk))

    assert errors == {}
    assert sum(report.items for report in results.values()) == 18
    assert PaymentItem.objects.count() == 18
    assert PaymentItem.objects.values("commitment_id").distinct().count() == 18
    assert PaymentItem.objects.values("source_id").distinct().count() == 18
    paid = sum(Entry.objects.filter(bucket=Bucket.PAID).values_list("amount", flat=True))
    items = sum(PaymentItem.objects.values_list("amount", flat=True))
    sent = sum(Transfer.objects.values_list("amount", flat=True))
    withheld = sum(DeductionUse.objects.values_list("amount", flat=True))
    assert paid == items == sent + withheld and withheld == Decimal("20.00")
    assert services.draft_run(on=today).items == 0
    assert check_ledger() == []


def test_r31_two_runs_at_once_take_a_reclaim_over_once():
    pab = make_pab()
    accept(pab["budget"], pab["contract"], "100.00")
    reclaim = Reclaim.objects.create(
        budget=pab["budget"],
        kind=ReclaimKind.NOT_PROVEN,
        amount=Decimal("30.00"),
        reason="Kostenlijn niet bewezen bij een steekproef (R31)",
        source="test:race",
    )
    today = timezone.localdate()

    results, errors = run_together(lambda i: services.draft_run(on=today))

    assert errors == {}
    assert sum(len(report.handed_over) for report in results.values()) == 1
    deduction = Deduction.objects.get()
    reclaim.refresh_from_db()
    assert reclaim.deduction_id == deduction.pk
    assert DeductionUse.objects.get().amount == Decimal("30.00")
    assert Transfer.objects.get().amount == Decimal("70.00")
    assert check_ledger() == []
