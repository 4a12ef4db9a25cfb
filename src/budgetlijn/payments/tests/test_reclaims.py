"""Reclaims of the settlements app (R13/R33 advance, R31 a paid line not proven) are taken over
by the payment runs as deductions, exactly once, and withheld from the holder's next transfer."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import DeductionKind
from budgetlijn.payments.models import Deduction, DeductionUse, Transfer
from budgetlijn.settlements import samples
from budgetlijn.settlements.constants import ReclaimKind
from budgetlijn.settlements.models import Reclaim, SampledLine
from budgetlijn.settlements.tests.helpers import cost, file, started_pab

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


class Crash(Exception):
    pass


@pytest.fixture
def reclaimed():
    """Ten monthly wages of EUR 150 paid by a run; the sampled one not proven: a reclaim."""
    data = started_pab()
    for month in range(1, 11):
        file(data["budget"], cost(data["contract"], "150.00", month=month))
    first = services.draft_run(on=today())
    assert first.items == 10 and first.transferred == D("1500.00")
    samples.draw_sample(year=2023, rate="0.1", seed=3, on=date(2023, 9, 1))
    sampled = SampledLine.objects.get()
    samples.record_proofs(sampled, proven=False, on=date(2023, 10, 5), reason="Geen loonbrief.")
    reclaim = Reclaim.objects.get()
    assert (reclaim.kind, reclaim.amount, reclaim.deduction_id) == (
        ReclaimKind.NOT_PROVEN,
        D("150.00"),
        None,
    )
    data["reclaim"] = reclaim
    return data


def test_r31_a_paid_line_not_proven_is_withheld_from_the_next_transfer(reclaimed):
    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    report = services.draft_run(on=today())
    assert report.gross == D("400.00") and report.deducted == D("150.00")
    assert report.transferred == D("250.00")
    deduction = Deduction.objects.get()
    assert (deduction.kind, deduction.amount, deduction.remaining) == (
        DeductionKind.SAMPLE_REFUSED,
        D("150.00"),
        D("0.00"),
    )
    assert deduction.budget_id == reclaimed["budget"].pk
    assert "niet bewezen" in deduction.reason
    reclaim = Reclaim.objects.get()
    assert reclaim.deduction_id == deduction.pk
    transfer = Transfer.objects.get(run_id=report.run_id)
    assert transfer.amount == D("250.00")
    assert DeductionUse.objects.get().transfer == transfer
    assert any("overgenomen als inhouding" in line for line in report.lines())
    assert check_ledger() == []


def test_r31_a_reclaim_is_handed_over_once_over_two_runs(reclaimed):
    first = services.draft_run(on=today())
    assert [h.reclaim_id for h in first.handed_over] == [reclaimed["reclaim"].pk]
    assert first.items == 0  # nothing to pay: the deduction waits for the next payment
    second = services.draft_run(on=today())
    assert second.handed_over == []
    assert Deduction.objects.count() == 1
    assert Deduction.objects.get().remaining == D("150.00")
    file(reclaimed["budget"], cost(reclaimed["contract"], "100.00", month=11))
    third = services.draft_run(on=today())
    assert third.deducted == D("100.00") and third.transferred == D("0.00")
    assert Deduction.objects.get().remaining == D("50.00")  # the rest waits for the next run
    assert Deduction.objects.count() == 1
    assert check_ledger() == []


def test_r31_a_dry_run_reports_the_hand_over_and_keeps_nothing(reclaimed):
    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    dry = services.draft_run(on=today(), dry_run=True)
    assert [h.reclaim_id for h in dry.handed_over] == [reclaimed["reclaim"].pk]
    assert dry.deducted == D("150.00") and dry.transferred == D("250.00")
    assert not Deduction.objects.exists()
    assert Reclaim.objects.get().deduction_id is None
    real = services.draft_run(on=today())
    assert real.deducted == D("150.00") and Deduction.objects.count() == 1


@pytest.mark.parametrize("step", ["reclaim_deduction", "reclaim_handed_over"])
def test_r31_a_crash_in_the_hand_over_leaves_neither_deduction_nor_hand_over(
    reclaimed, monkeypatch, step
):
    def crash(name):
        if name == step:
            raise Crash(name)

    monkeypatch.setattr(services, "_crash_point", crash)
    with pytest.raises(Crash):
        services.draft_run(on=today())
    assert not Deduction.objects.exists()
    assert Reclaim.objects.get().deduction_id is None
    monkeypatch.setattr(services, "_crash_point", lambda name: None)
    services.draft_run(on=today())
    services.draft_run(on=today())
    deduction = Deduction.objects.get()
    assert Reclaim.objects.get().deduction_id == deduction.pk
    assert check_ledger() == []


def test_r13_an_advance_reclaim_becomes_an_advance_deduction_booked_as_repaid(reclaimed):
    budget = reclaimed["budget"]
    Reclaim.objects.create(
        budget=budget,
        kind=ReclaimKind.ADVANCE,
        amount=D("100.00"),
        reason="Voorschot terug te betalen na de stopzetting",
        source=f"test:{budget.pk}:advance",
    )
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    report = services.draft_run(on=today())
    kinds = {d.kind: d for d in Deduction.objects.all()}
    assert set(kinds) == {DeductionKind.SAMPLE_REFUSED, DeductionKind.ADVANCE_RECLAIM}
    assert report.deducted == D("250.00") and report.transferred == D("150.00")
    repaid = Entry.objects.get(kind=EntryKind.ADVANCE_REPAID)
    assert abs(repaid.amount) == D("100.00") and repaid.budget_id == budget.pk
    assert all(r.deduction_id for r in Reclaim.objects.all())
    assert check_ledger() == []


def test_r31_only_the_runs_budgets_reclaims_are_handed_over(reclaimed):
    services.draft_run(on=today(), budget_ids=[reclaimed["budget"].pk + 1000])
    assert not Deduction.objects.exists()
    services.draft_run(on=today(), budget_ids=[reclaimed["budget"].pk])
    assert Deduction.objects.count() == 1
