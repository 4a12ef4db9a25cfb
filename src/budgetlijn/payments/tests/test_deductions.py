"""Deductions (*inhoudingen*): withheld from the budget account's transfer of the same budget,
never below zero, never from another holder's transfer; what a run cannot withhold stays open
with its remaining amount; an advance reclaim is booked as advance repaid (R13); a return or
a cancelled run gives back what was withheld (new rows, no edits)."""

from decimal import Decimal

import pytest
import xmlschema
from django.utils import timezone

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.payments import services
from budgetlijn.payments.constants import DeductionKind, ErrorCode
from budgetlijn.payments.models import DeductionUse, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept
from budgetlijn.payments.tests.test_run_life import SCHEMA
from budgetlijn.rules.violations import RuleViolations


def today():
    return timezone.localdate()


def deduct(budget, amount, kind=DeductionKind.CREDIT_NOTE):
    return services.open_deduction(
        budget=budget, kind=kind, amount=Decimal(amount), reason="creditnota zorgaanbieder"
    )


def test_a_deduction_reduces_the_budget_accounts_transfer(pab):
    accept(pab["budget"], pab["contract"], "1000.00")
    deduction = deduct(pab["budget"], "250.25")
    report = services.draft_run(on=today())
    assert report.gross == Decimal("1000.00") and report.deducted == Decimal("250.25")
    transfer = Transfer.objects.get()
    assert (transfer.gross, transfer.deducted, transfer.amount) == (
        Decimal("1000.00"),
        Decimal("250.25"),
        Decimal("749.75"),
    )
    deduction.refresh_from_db()
    assert deduction.remaining == 0
    # the ledger pays the whole reimbursement: the deduction settles what the holder owes
    assert ledger.balances(pab["budget"], 2023).paid == Decimal("1000.00")
    assert check_ledger() == []


def test_what_a_run_cannot_deduct_stays_open_with_its_remaining_amount(pab):
    accept(pab["budget"], pab["contract"], "1000.00")
    deduction = deduct(pab["budget"], "1500.00")
    services.draft_run(on=today())
    transfer = Transfer.objects.get()
    assert transfer.amount == 0 and transfer.deducted == Decimal("1000.00")  # never below zero
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("500.00")
    accept(pab["budget"], pab["contract"], "800.00", month=6)
    services.draft_run(on=today())
    deduction.refresh_from_db()
    assert deduction.remaining == 0
    assert Transfer.objects.order_by("pk").last().amount == Decimal("300.00")
    assert check_ledger() == []


def test_a_deduction_never_touches_another_holders_transfer(pab):
    shared = make_pab()  # the same account number: one transfer for both budgets
    accept(pab["budget"], pab["contract"], "100.00")
    accept(shared["budget"], shared["contract"], "200.00")
    deduction = deduct(pab["budget"], "500.00")
    services.draft_run(on=today())
    transfer = Transfer.objects.get()
    assert transfer.gross == Decimal("300.00") and transfer.deducted == Decimal("100.00")
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("400.00")
    assert check_ledger() == []


def test_a_deduction_waits_when_the_budget_is_paid_nothing(pab):
    other = make_pab()
    accept(other["budget"], other["contract"], "100.00")
    deduction = deduct(pab["budget"], "50.00")
    services.draft_run(on=today())
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("50.00") and not DeductionUse.objects.exists()


def test_r13_an_advance_reclaim_is_withheld_and_booked_as_advance_repaid(pab):
    outstanding = ledger.advance_outstanding(pab["budget"])
    assert outstanding == Decimal("5000.00")  # a quarter of 20 000 (R13)
    accept(pab["budget"], pab["contract"], "1000.00")
    deduct(pab["budget"], "300.00", DeductionKind.ADVANCE_RECLAIM)
    services.draft_run(on=today())
    assert ledger.advance_outstanding(pab["budget"]) == Decimal("4700.00")
    use = DeductionUse.objects.get()
    assert use.advance_entry.kind == EntryKind.ADVANCE_REPAID
    assert use.advance_entry.amount == Decimal("-300.00")
    assert Transfer.objects.get().amount == Decimal("700.00")
    assert check_ledger() == []


def test_r13_an_advance_reclaim_is_withheld_only_as_far_as_the_advance_is_outstanding(pab):
    accept(pab["budget"], pab["contract"], "6000.00")
    deduction = deduct(pab["budget"], "5500.00", DeductionKind.ADVANCE_RECLAIM)
    services.draft_run(on=today())
    assert ledger.advance_outstanding(pab["budget"]) == 0
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("500.00")
    assert Transfer.objects.get().amount == Decimal("1000.00")
    assert check_ledger() == []


def test_a_returned_transfer_gives_back_what_it_withheld(pab, drafter, approver):
    accept(pab["budget"], pab["contract"], "1000.00")
    deduction = deduct(pab["budget"], "300.00", DeductionKind.ADVANCE_RECLAIM)
    services.draft_run(on=today(), by=drafter)
    run = PaymentRun.objects.get()
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    services.return_transfer(Transfer.objects.get(), reason="rekening afgesloten", on=today())
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("300.00")
    undo = DeductionUse.objects.get(undoes__isnull=False)
    assert undo.amount == Decimal("-300.00") and undo.advance_entry.kind == EntryKind.REVERSAL
    assert ledger.advance_outstanding(pab["budget"]) == Decimal("5000.00")
    assert check_ledger() == []
    services.draft_run(on=today())
    deduction.refresh_from_db()
    assert deduction.remaining == 0
    assert Transfer.objects.order_by("pk").last().amount == Decimal("700.00")
    assert check_ledger() == []


def test_a_cancelled_run_gives_back_what_it_withheld(pab, drafter):
    accept(pab["budget"], pab["contract"], "1000.00")
    deduction = deduct(pab["budget"], "300.00")
    services.draft_run(on=today(), by=drafter)
    services.cancel_run(PaymentRun.objects.get(), by=drafter)
    deduction.refresh_from_db()
    assert deduction.remaining == Decimal("300.00")
    assert DeductionUse.objects.count() == 2  # the use and its undo: no edits
    assert check_ledger() == []


def test_a_transfer_withheld_whole_is_left_out_of_the_sepa_file(pab, drafter, approver):
    other = make_pab()
    BudgetAccount.objects.filter(budget=other["budget"]).update(iban="BE71096123456769")
    accept(pab["budget"], pab["contract"], "100.00")
    accept(other["budget"], other["contract"], "50.00")
    deduct(pab["budget"], "100.00")
    services.draft_run(on=today(), by=drafter)
    run = PaymentRun.objects.get()
    services.approve_run(run, by=approver)
    content = services.export_run(run, by=drafter)
    xmlschema.XMLSchema(SCHEMA).validate(content.decode())
    assert content.count(b"<CdtTrfTxInf>") == 1 and b"BE71096123456769" in content
    run.refresh_from_db()
    assert run.sepa_control_sum == Decimal("50.00")
    assert check_ledger() == []


@pytest.mark.parametrize("amount", ["0", "-1.00", "1.001", "NaN", "abc"])
def test_open_deduction_refuses_an_amount_that_is_not_positive_cents(pab, amount):
    with pytest.raises(RuleViolations) as caught:
        services.open_deduction(
            budget=pab["budget"], kind=DeductionKind.RECLAIM, amount=amount, reason="x"
        )
    assert caught.value.violations[0].code == ErrorCode.DEDUCTION_AMOUNT_INVALID


def test_open_deduction_needs_a_reason(pab):
    with pytest.raises(RuleViolations) as caught:
        services.open_deduction(
            budget=pab["budget"], kind=DeductionKind.RECLAIM, amount="10.00", reason=""
        )
    assert caught.value.violations[0].code == ErrorCode.REASON_REQUIRED
