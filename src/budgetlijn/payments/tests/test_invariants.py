"""check_ledger's payment checks: each finds what it is about (and a clean run passes)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.payments import invariants, services
from budgetlijn.payments.constants import DeductionKind, ErrorCode
from budgetlijn.payments.models import Deduction, PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept


@pytest.fixture
def paid(pab, drafter, approver):
    accept(pab["budget"], pab["contract"], "100.00", "200.00")
    services.open_deduction(
        budget=pab["budget"], kind=DeductionKind.RECLAIM, amount="50.00", reason="te veel"
    )
    services.draft_run(on=timezone.localdate(), by=drafter)
    run = PaymentRun.objects.get()
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    assert check_ledger() == []
    run.refresh_from_db()
    return run


def found():
    return {v.code for v in check_ledger()}


def test_check_ledger_runs_the_payment_checks(paid):
    assert (
        invariants.payments
        in __import__("budgetlijn.ledger.invariants", fromlist=["checks"]).checks()
    )


def test_a_payout_without_item_is_found(paid, pab):
    ledger.pay(
        budget=pab["budget"],
        year=2023,
        kind=EntryKind.REIMBURSEMENT,
        amount="1.00",
        reason="met de hand",
        idempotency_key="payout:999999",
    )
    assert ErrorCode.PAYOUT_WITHOUT_ITEM in found()


def test_an_item_that_does_not_match_its_payout_is_found(paid):
    item = PaymentItem.objects.order_by("pk").first()
    PaymentItem.objects.filter(pk=item.pk).update(amount=item.amount + Decimal("0.01"))
    assert {
        ErrorCode.ITEM_PAYOUT_MISMATCH,
        ErrorCode.TRANSFER_SUMS_MISMATCH,
        ErrorCode.RUN_SUMS_MISMATCH,
    } <= found()


def test_a_transfer_whose_sums_differ_is_found(paid):
    Transfer.objects.update(deducted=Decimal("49.99"))
    assert ErrorCode.TRANSFER_SUMS_MISMATCH in found()


def test_an_exported_file_whose_control_sum_differs_is_found(paid):
    xml = paid.sepa_xml.replace("<CtrlSum>250.00</CtrlSum>", "<CtrlSum>250.01</CtrlSum>", 1)
    assert xml != paid.sepa_xml
    PaymentRun.objects.filter(pk=paid.pk).update(sepa_xml=xml)
    assert ErrorCode.EXPORT_CONTROL_SUM_MISMATCH in found()


def test_a_source_paid_twice_is_found(paid):
    first, second = PaymentItem.objects.order_by("pk")
    PaymentItem.objects.filter(pk=second.pk).update(source_id=first.source_id)
    assert ErrorCode.COMMITMENT_PAID_TWICE in found()


def test_a_deduction_whose_remaining_differs_is_found(paid):
    Deduction.objects.update(remaining=Decimal("0.01"))
    assert ErrorCode.DEDUCTION_REMAINING_MISMATCH in found()
