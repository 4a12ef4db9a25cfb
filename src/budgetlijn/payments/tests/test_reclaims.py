"""Reclaims of the settlements app (R13/R33 advance, R31 a paid line not proven) are taken over
by the payment runs as deductions, exactly once, and withheld from the holder's next transfer."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from budgetlijn.costs.models import CostLine
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import DeductionKind, ItemStatus, TransferStatus
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import agency_user
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


# --- R31: a line not proven whose payout never arrived is not paid again ----------------------


def _export(run_id):
    drafter = agency_user("opmaker", "approve_paymentrun", "process_paymentrun")
    approver = agency_user("goedkeurder", "approve_paymentrun", "process_paymentrun")
    run = PaymentRun.objects.get(pk=run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    return approver


def _refused_line(reclaim) -> CostLine:
    return CostLine.objects.get(pk=reclaim.sampled_line.line_id)


def test_r31_a_returned_payout_of_a_line_not_proven_is_not_due_again(reclaimed):
    first_run = PaymentRun.objects.get()
    approver = _export(first_run.pk)
    services.return_transfer(
        Transfer.objects.get(run=first_run), reason="rekening afgesloten", on=today(), by=approver
    )
    refused = _refused_line(reclaimed["reclaim"])
    item = PaymentItem.objects.get(source_id=refused.pk)
    assert item.status == ItemStatus.RETURNED and item.recommitment is None
    # the reclaim is taken over and waived at once: the holder never had that money
    deduction = Deduction.objects.get()
    assert (deduction.amount, deduction.waived, deduction.remaining) == (
        D("150.00"),
        D("150.00"),
        D("0.00"),
    )
    assert Reclaim.objects.get().deduction_id == deduction.pk
    # the nine proven lines are paid again, the refused one is not, and nothing is withheld
    report = services.draft_run(on=today())
    assert (report.items, report.gross, report.deducted) == (9, D("1350.00"), D("0.00"))
    assert refused.pk not in set(
        PaymentItem.objects.filter(status=ItemStatus.BOOKED).values_list("source_id", flat=True)
    )
    assert services.draft_run(on=today()).items == 0
    assert check_ledger() == []


def test_r31_what_was_already_withheld_for_a_returned_line_is_paid_back(reclaimed):
    first_run = PaymentRun.objects.get()
    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    second = services.draft_run(on=today())
    assert (second.gross, second.deducted, second.transferred) == (
        D("400.00"),
        D("150.00"),
        D("250.00"),
    )
    approver = _export(first_run.pk)
    services.return_transfer(
        Transfer.objects.get(run=first_run), reason="IBAN onbekend", on=today(), by=approver
    )
    item = PaymentItem.objects.get(source_id=_refused_line(reclaimed["reclaim"]).pk)
    # nothing left to waive: the 150 withheld from the second run is the holder's again
    assert item.recommitment.amount == D("150.00")
    deduction = Deduction.objects.get()
    assert (deduction.waived, deduction.remaining) == (D("0.00"), D("0.00"))
    third = services.draft_run(on=today())
    assert (third.items, third.gross, third.deducted) == (10, D("1500.00"), D("0.00"))
    # in all: the nine proven wages and the 400, never the refused 150
    arrived = sum(
        Transfer.objects.exclude(status=TransferStatus.RETURNED).values_list("amount", flat=True),
        D("0"),
    )
    assert arrived == 9 * D("150.00") + D("400.00")
    assert check_ledger() == []


def test_r31_a_cancelled_run_does_not_pay_a_line_refused_meanwhile_again(reclaimed):
    run = PaymentRun.objects.get()
    drafter = agency_user("opmaker", "approve_paymentrun", "process_paymentrun")
    services.cancel_run(run, by=drafter, reason="fout in de run")
    item = PaymentItem.objects.get(source_id=_refused_line(reclaimed["reclaim"]).pk)
    assert item.status == ItemStatus.CANCELLED and item.recommitment is None
    assert Deduction.objects.get().waived == D("150.00")
    report = services.draft_run(on=today())
    assert (report.items, report.gross, report.deducted) == (9, D("1350.00"), D("0.00"))
    assert check_ledger() == []


def test_r31_a_waiver_is_checked_by_check_ledger(reclaimed):
    run = PaymentRun.objects.get()
    services.cancel_run(
        run, by=agency_user("opmaker", "approve_paymentrun", "process_paymentrun"), reason="x"
    )
    Deduction.objects.update(waived=D("100.00"), remaining=D("0.00"))
    # the remaining is wrong, and so is the line's booking for what is owed (R31)
    assert sorted(v.code for v in check_ledger()) == [
        "payment_deduction_remaining_mismatch",
        "payment_sample_refused_booking_mismatch",
    ]
