"""A run's life: four eyes, the SEPA file (validated against the pain.001 schema), paid,
a returned transfer due again, a cancelled run."""

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import ErrorCode, ItemStatus, RunStatus, TransferStatus
from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept, agency_user
from budgetlijn.rules.violations import RuleViolations

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"


def today():
    return timezone.localdate()


@pytest.fixture
def drafted(pab, drafter):
    other = make_pab()
    BudgetAccount.objects.filter(budget=other["budget"]).update(
        iban="BE71096123456769", holder_name="Jansens An"
    )
    accept(pab["budget"], pab["contract"], "1000.00", "0.55")
    accept(other["budget"], other["contract"], "200.00")
    services.draft_run(on=today(), by=drafter)
    return PaymentRun.objects.get()


def codes(caught):
    return [v.code for v in caught.value.violations]


def test_four_eyes_who_drafted_a_run_never_approves_it(drafted, drafter):
    with pytest.raises(RuleViolations) as caught:
        services.approve_run(drafted, by=drafter)
    assert codes(caught) == [ErrorCode.FOUR_EYES]
    assert "vier ogen" in caught.value.violations[0].text()
    drafted.refresh_from_db()
    assert drafted.status == RunStatus.DRAFT


def test_four_eyes_the_database_refuses_the_drafter_as_approver(drafted, drafter):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRun.objects.filter(pk=drafted.pk).update(approved_by=drafter)


def test_approving_needs_the_permission(drafted):
    clerk = agency_user("bediende")
    with pytest.raises(RuleViolations) as caught:
        services.approve_run(drafted, by=clerk)
    assert codes(caught) == [ErrorCode.NOT_ALLOWED]


def test_a_run_cannot_be_exported_without_a_second_users_approval(drafted, drafter):
    with pytest.raises(RuleViolations) as caught:
        services.export_run(drafted, by=drafter)
    assert codes(caught) == [ErrorCode.RUN_NOT_IN_STATE]
    drafted.refresh_from_db()
    assert drafted.status == RunStatus.DRAFT and drafted.sepa_xml == ""


def test_the_sepa_file_validates_against_pain_001_and_exporting_twice_gives_the_same_bytes(
    drafted, approver, drafter
):
    services.approve_run(drafted, by=approver)
    content = services.export_run(drafted, by=drafter)
    schema = xmlschema.XMLSchema(SCHEMA)
    schema.validate(content.decode("utf-8"))  # raises when invalid
    tree = schema.to_etree(schema.to_dict(content.decode("utf-8")))
    header = tree.find(f"{NS}CstmrCdtTrfInitn/{NS}GrpHdr")
    assert header.find(f"{NS}NbOfTxs").text == "2"
    assert Decimal(header.find(f"{NS}CtrlSum").text) == Decimal("1200.55")
    ids = sorted(e.text for e in tree.iter(f"{NS}EndToEndId"))
    assert ids == sorted(Transfer.objects.values_list("end_to_end_id", flat=True))
    debtor = tree.find(f"{NS}CstmrCdtTrfInitn/{NS}PmtInf/{NS}DbtrAcct/{NS}Id/{NS}IBAN")
    assert debtor.text == "BE09091012234557"
    drafted.refresh_from_db()
    assert drafted.status == RunStatus.EXPORTED
    assert drafted.sepa_sha256 == hashlib.sha256(content).hexdigest()
    assert services.export_run(drafted, by=approver) == content
    assert check_ledger() == []


def test_the_debtor_account_comes_from_the_settings(drafted, approver, drafter, settings):
    settings.PAYMENT_DEBTOR_IBAN = "BE00 0000"
    services.approve_run(drafted, by=approver)
    with pytest.raises(RuleViolations) as caught:
        services.export_run(drafted, by=drafter)
    assert codes(caught) == [ErrorCode.DEBTOR_ACCOUNT_INVALID]


def _exported(run, approver, drafter):
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    run.refresh_from_db()
    return run


def test_mark_paid_closes_the_run(drafted, approver, drafter):
    run = _exported(drafted, approver, drafter)
    services.mark_paid(run, by=approver, on=today())
    run.refresh_from_db()
    assert run.status == RunStatus.CLOSED and run.paid_on == today()
    assert set(run.transfers.values_list("status", flat=True)) == {TransferStatus.PAID}


def test_a_returned_transfer_is_due_again_and_the_holder_is_told(drafted, approver, drafter, pab):
    run = _exported(drafted, approver, drafter)
    services.mark_paid(run, by=approver, on=today())
    transfer = Transfer.objects.get(iban="BE68539007547034")
    other = Transfer.objects.get(iban="BE71096123456769")
    services.return_transfer(transfer, reason="rekening afgesloten", on=today(), by=approver)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RETURNED and transfer.return_reason
    items = list(transfer.items.all())
    assert {item.status for item in items} == {ItemStatus.RETURNED}
    for item in items:
        assert item.payout_reversal.reverses_id == item.payout_id
        assert item.recommitment.kind == EntryKind.COMMITMENT
        assert item.recommitment.amount == item.amount
    other.refresh_from_db()
    assert other.status == TransferStatus.PAID  # blocks nothing else
    notice = AuditEvent.objects.get(
        object_type="payments.Transfer", object_id=str(transfer.pk), details__notice=True
    )
    assert notice.person_id == pab["budget"].person_id and "verschuldigd" in notice.summary
    assert check_ledger() == []
    # due again: the next run pays it once more, and only it
    BudgetAccount.objects.filter(budget=pab["budget"]).update(iban="BE71096123456769")
    report = services.draft_run(on=today())
    assert report.items == 2 and report.gross == Decimal("1000.55")
    assert PaymentItem.objects.filter(status=ItemStatus.BOOKED).count() == 3
    assert services.draft_run(on=today()).items == 0
    assert check_ledger() == []


def test_a_transfer_is_returned_once(drafted, approver, drafter):
    _exported(drafted, approver, drafter)
    transfer = Transfer.objects.first()
    services.return_transfer(transfer, reason="IBAN onbekend", on=today())
    with pytest.raises(RuleViolations) as caught:
        services.return_transfer(transfer, reason="IBAN onbekend", on=today())
    assert codes(caught) == [ErrorCode.TRANSFER_NOT_PENDING]


def test_a_return_needs_a_reason(drafted, approver, drafter):
    _exported(drafted, approver, drafter)
    with pytest.raises(RuleViolations) as caught:
        services.return_transfer(Transfer.objects.first(), reason=" ", on=today())
    assert codes(caught) == [ErrorCode.REASON_REQUIRED]


def test_a_draft_transfer_cannot_be_returned(drafted):
    with pytest.raises(RuleViolations) as caught:
        services.return_transfer(Transfer.objects.first(), reason="x", on=today())
    assert codes(caught) == [ErrorCode.RUN_NOT_IN_STATE]


@pytest.mark.parametrize("approve", [False, True])
def test_a_cancelled_run_makes_everything_due_again(drafted, approver, drafter, approve):
    if approve:
        services.approve_run(drafted, by=approver)
    services.cancel_run(drafted, by=drafter, reason="fout bestand")
    drafted.refresh_from_db()
    assert drafted.status == RunStatus.CANCELLED
    assert set(drafted.items.values_list("status", flat=True)) == {ItemStatus.CANCELLED}
    assert set(drafted.transfers.values_list("status", flat=True)) == {TransferStatus.CANCELLED}
    assert check_ledger() == []
    again = services.draft_run(on=today())
    assert again.items == 3 and again.gross == Decimal("1200.55")
    assert check_ledger() == []


def test_an_exported_run_cannot_be_cancelled(drafted, approver, drafter):
    run = _exported(drafted, approver, drafter)
    with pytest.raises(RuleViolations) as caught:
        services.cancel_run(run, by=drafter)
    assert codes(caught) == [ErrorCode.RUN_NOT_IN_STATE]


def test_mark_paid_refuses_a_day_in_the_future(drafted, approver, drafter):
    from datetime import timedelta

    run = _exported(drafted, approver, drafter)
    with pytest.raises(RuleViolations):
        services.mark_paid(run, by=approver, on=today() + timedelta(days=1))


def test_payout_entries_are_reversed_on_return(drafted, approver, drafter):
    _exported(drafted, approver, drafter)
    transfer = Transfer.objects.get(iban="BE71096123456769")
    [item] = transfer.items.all()
    services.return_transfer(transfer, reason="x", on=today())
    assert Entry.objects.get(pk=item.payout_id).reversed_by is not None


def test_a_file_the_schema_refuses_is_not_exported(drafted, approver, drafter):
    from budgetlijn.payments.models import Transfer as TransferModel

    TransferModel.objects.filter(iban="BE71096123456769").update(name="")
    services.approve_run(drafted, by=approver)
    with pytest.raises(RuleViolations) as caught:
        services.export_run(drafted, by=drafter)
    assert codes(caught) == [ErrorCode.SEPA_FILE_INVALID]
    drafted.refresh_from_db()
    assert drafted.status == RunStatus.APPROVED and drafted.sepa_xml == ""
