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


# --- R31: a refusal at a sample check at the same time as a run or a bank return --------------

R31_YEAR = 2023


def _r31_paid_and_sampled(extra=()):
    """Ten monthly wages of EUR 150 of 2023 paid by an exported run, more lines of ``extra``
    accepted and not paid yet, and a sample that drew every line (decided by the test)."""
    from datetime import date

    from budgetlijn.payments.models import PaymentRun
    from budgetlijn.payments.tests.conftest import agency_user
    from budgetlijn.settlements import samples
    from budgetlijn.settlements.tests.helpers import cost, file, started_pab

    data = started_pab()
    for month in range(1, 11):
        file(data["budget"], cost(data["contract"], "150.00", month=month))
    assert services.draft_run(on=timezone.localdate()).transferred == Decimal("1500.00")
    run = PaymentRun.objects.get()
    services.approve_run(run, by=agency_user("goedkeurder", "approve_paymentrun"))
    services.export_run(run, by=agency_user("opmaker", "process_paymentrun"))
    for n, amount in enumerate(extra):
        file(data["budget"], cost(data["contract"], amount, month=11 + n))
    samples.draw_sample(year=R31_YEAR, rate="1", seed=3, on=date(2023, 9, 1))
    return data


def _r31_sampled(line):
    from budgetlijn.settlements.models import SampledLine

    return SampledLine.objects.get(line_id=line.pk)


def _r31_refuse(sampled):
    from datetime import date

    from budgetlijn.settlements import samples

    return samples.record_proofs(sampled, proven=False, on=date(2023, 10, 5))


def _r31_spent_is_accepted(budget):
    from budgetlijn.costs.models import CostLine
    from budgetlijn.ledger import selectors as ledger_selectors

    balances = ledger_selectors.balances(budget, R31_YEAR)
    accepted = sum(
        CostLine.objects.filter(budget=budget, year=R31_YEAR).values_list(
            "accepted_amount", flat=True
        ),
        Decimal("0.00"),
    )
    assert balances.paid + balances.committed == accepted


def _r31_reclaimed_net():
    from django.db.models import Q, Sum

    from budgetlijn.ledger.constants import EntryKind

    total = Entry.objects.filter(
        Q(kind=EntryKind.REIMBURSEMENT_RECLAIMED)
        | Q(reverses__kind=EntryKind.REIMBURSEMENT_RECLAIMED)
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0.00")


@pytest.mark.parametrize("refused", ["paid", "about_to_be_paid"])
def test_r31_a_refusal_and_a_run_at_once_book_the_line_back_once(refused):
    """Thread 0 refuses a line (paid by the exported run, or accepted and about to be paid by
    the run of thread 1); thread 1 drafts a run for the same budget. Whichever goes first, the
    line is booked back (or released) once and withheld at most once."""
    from budgetlijn.costs.models import CostLine

    data = _r31_paid_and_sampled(extra=("400.00",))
    budget = data["budget"]
    paid_line, new_line = (
        CostLine.objects.filter(budget=budget).order_by("pk")[0],
        CostLine.objects.filter(budget=budget).order_by("-pk")[0],
    )
    line = paid_line if refused == "paid" else new_line
    sampled = _r31_sampled(line)
    today = timezone.localdate()

    results, errors = run_together(
        lambda i: (
            _r31_refuse(sampled) if i == 0 else services.draft_run(on=today, budget_ids=[budget.pk])
        )
    )

    assert errors == {}
    assert check_ledger() == []
    _r31_spent_is_accepted(budget)
    services.draft_run(on=today)  # what the race left for the next run
    assert check_ledger() == []
    _r31_spent_is_accepted(budget)
    line.refresh_from_db()
    assert line.accepted_amount == Decimal("0.00")
    withheld = sum(DeductionUse.objects.values_list("amount", flat=True), Decimal("0.00"))
    if refused == "paid":
        assert Reclaim.objects.count() == Deduction.objects.count() == 1
        assert _r31_reclaimed_net() == Decimal("-150.00")
        # withheld from the 400 once when the run took the reclaim over, else still owed (the
        # run paid the 400 before the refusal, and nothing is left to withhold it from)
        assert withheld in (Decimal("0.00"), Decimal("150.00"))
        assert Deduction.objects.get().remaining == Decimal("150.00") - withheld
        assert PaymentItem.objects.filter(source_id=new_line.pk).count() == 1
    else:
        # paid by the run first (then reclaimed and withheld from nothing else: the budget
        # has nothing more to pay), or released before the run read it (never paid)
        paid = PaymentItem.objects.filter(source_id=line.pk).count()
        assert paid in (0, 1)
        assert Reclaim.objects.count() == paid
        assert _r31_reclaimed_net() == Decimal("-400.00") * paid
        assert withheld == Decimal("0.00")
        assert (results[0].released_commitment is None) == bool(paid)


def test_r31_a_refusal_and_a_return_of_its_transfer_at_once():
    """Thread 0 refuses a paid line; thread 1 books the bank's return of the transfer that
    paid it. Refusal first: the reclaim is waived in full by the return (the line's payout
    never arrived) and its booking reversed. Return first: the line is due again when it is
    refused, so that commitment is released. Either way nothing is reclaimed or withheld, the
    line is never paid again, and the next run pays the nine proven wages."""
    from budgetlijn.costs.models import CostLine

    data = _r31_paid_and_sampled()
    budget = data["budget"]
    line = CostLine.objects.filter(budget=budget).order_by("pk")[3]
    sampled = _r31_sampled(line)
    transfer = Transfer.objects.get()
    today = timezone.localdate()

    results, errors = run_together(
        lambda i: (
            _r31_refuse(sampled)
            if i == 0
            else services.return_transfer(transfer, reason="rekening afgesloten", on=today)
        )
    )

    assert errors == {}
    assert check_ledger() == []
    _r31_spent_is_accepted(budget)
    assert _r31_reclaimed_net() == Decimal("0.00")
    assert not Deduction.objects.filter(remaining__gt=0).exists()
    report = services.draft_run(on=today)
    assert (report.gross, report.deducted) == (Decimal("1350.00"), Decimal("0.00"))
    assert check_ledger() == []
    _r31_spent_is_accepted(budget)
    assert not DeductionUse.objects.exists()
    assert PaymentItem.objects.filter(source_id=line.pk).count() == 1  # never paid again


def test_r31_a_line_refused_in_two_samples_at_once_is_booked_back_once():
    """Two samples of 2023 drew the same paid line; both refuse it at the same time (each its
    own sampled line, so neither finds its row decided). The second must see the first's
    refusal: one reclaim, one booking, the year spends its accepted lines."""
    from datetime import date

    from budgetlijn.costs.models import CostLine
    from budgetlijn.settlements import samples
    from budgetlijn.settlements.models import SampledLine

    data = _r31_paid_and_sampled()
    budget = data["budget"]
    samples.draw_sample(year=R31_YEAR, rate="1", seed=4, on=date(2023, 9, 2))
    line = CostLine.objects.filter(budget=budget).order_by("pk")[2]
    first, second = SampledLine.objects.filter(line_id=line.pk).order_by("pk")

    results, errors = run_together(lambda i: _r31_refuse(first if i == 0 else second))

    assert errors == {}
    assert Reclaim.objects.count() == 1
    assert _r31_reclaimed_net() == Decimal("-150.00")
    line.refresh_from_db()
    assert (line.accepted_amount, line.own_amount) == (Decimal("0.00"), Decimal("150.00"))
    _r31_spent_is_accepted(budget)
    assert check_ledger() == []
