"""The payment run over every source of an open commitment: cost lines (REIMBURSEMENT to the
budget account), free-share requests (FREE_SHARE_PAYOUT to the budget account, R14/R15) and
accepted voucher invoice lines (VOUCHER_PAYMENT to the provider's IBAN, one transfer per
provider IBAN, R11). Each is paid once; a returned provider transfer makes its lines due."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.contracts import services as contracts
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory
from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.constants import Outcome as FreeShareOutcome
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import ErrorCode, SourceKind
from budgetlijn.payments.models import PaymentItem, Transfer
from budgetlijn.payments.tests.conftest import accept
from budgetlijn.vouchers import services as vouchers
from budgetlijn.vouchers.constants import Outcome as VoucherOutcome
from budgetlijn.vouchers.tests.conftest import line, make_world, voucher_contract

pytestmark = pytest.mark.django_db

D = Decimal
HOLDER_IBAN = "BE68539007547034"


def today() -> date:
    return timezone.localdate()


def second_holder(provider):
    """A second PVB with a voucher contract with the same provider (and its own account)."""
    person = PersonFactory(first_name="An", last_name="Claes", birth_date=date(1975, 3, 1))
    budget = dossiers.allocate_budget(
        person=person,
        kind="PVB",
        scheme="old",
        category="V",
        specific_amount=D("12000.00"),
        allocated_on=date(2023, 1, 1),
        letter_received_on=date(2023, 1, 1),
        holders=[dossiers.HolderInput(person, "SELF")],
        account=dossiers.AccountInput("BE71 0961 2345 6769", "Claes An", "HOLDER"),
        payment_mode="COMBINATION",
        estimated_cash_amount=D("4000.00"),
    )
    contract = contracts.register_contract(
        budget=budget, data=voucher_contract(provider), on=date(2023, 1, 2)
    )
    contracts.approve_contract(contract, on=date(2023, 1, 5))
    budget.refresh_from_db()
    contract.refresh_from_db()
    return {"budget": budget, "provider": provider, "contract": contract}


def invoice(provider, *lines, month=date(2023, 5, 1)):
    result = vouchers.file_voucher_invoice(
        provider=provider, month=month, lines=list(lines), filed_on=date(2023, 6, 5)
    )
    assert result.invoice is not None, result.errors
    out = list(result.invoice.lines.order_by("line_no"))
    assert all(x.outcome == VoucherOutcome.ACCEPTED for x in out), [x.violations for x in out]
    return out


@pytest.fixture
def mix(pab):
    """Two cost lines and a free-share part of a PAB; voucher lines of two PVB holders with one
    provider (one invoice line each, and a second month for the first)."""
    costs = accept(pab["budget"], pab["contract"], "1000.00", "250.55")
    share = freeshare.ask_free_share(
        budget=pab["budget"], year=2023, amount="400.00", asked_on=date(2023, 3, 1)
    )
    assert share.outcome == FreeShareOutcome.ACCEPTED and share.commitment_id
    first = make_world()
    second = second_holder(first["provider"])
    lines = invoice(first["provider"], line(first, "1500.00"), line(second, "900.00"))
    lines += invoice(first["provider"], line(first, "700.10", month=4), month=date(2023, 4, 1))
    return {
        "pab": pab,
        "costs": costs,
        "share": share,
        "first": first,
        "second": second,
        "provider": first["provider"],
        "lines": lines,
    }


def _item(kind, source):
    return PaymentItem.objects.get(source_kind=kind, source_id=source.pk)


def test_r11_r14_a_run_pays_cost_lines_free_share_and_voucher_lines_each_once(mix):
    report = services.draft_run(on=today())
    assert report.ok and not report.skipped, [s.message for s in report.skipped]
    assert report.items == 6
    assert report.gross == D("1000.00") + D("250.55") + D("400.00") + D("1500.00") + D(
        "700.10"
    ) + D("900.00")
    # the PAB's account: its cost lines and its free share, one transfer
    pab_transfer = Transfer.objects.get(name="Peeters Lotte")
    assert pab_transfer.amount == D("1650.55")
    for cost in mix["costs"]:
        item = _item(SourceKind.COST_LINE, cost)
        assert item.transfer == pab_transfer and item.payout.kind == EntryKind.REIMBURSEMENT
    share = _item(SourceKind.FREE_SHARE, mix["share"])
    assert share.transfer == pab_transfer
    assert share.payout.kind == EntryKind.FREE_SHARE_PAYOUT
    assert share.amount == D("400.00") and share.commitment_id == mix["share"].commitment_id
    assert share.payout.idempotency_key == f"payout:{mix['share'].commitment_id}"
    # the provider: one transfer for the lines of both holders, to its own IBAN
    provider = mix["provider"]
    provider_transfer = Transfer.objects.get(iban=provider.iban)
    assert provider_transfer.name == provider.name
    assert provider_transfer.amount == D("3100.10")
    for voucher_line in mix["lines"]:
        item = _item(SourceKind.VOUCHER_LINE, voucher_line)
        assert item.transfer == provider_transfer
        assert item.payout.kind == EntryKind.VOUCHER_PAYMENT
        assert (
            item.budget_id == voucher_line.budget_id and item.amount == voucher_line.accepted_amount
        )
        assert Entry.objects.get(pk=voucher_line.commitment_id).reversed_by is not None
    # nothing to either holder of a voucher line
    assert (
        not Transfer.objects.filter(iban__in=[HOLDER_IBAN, "BE71096123456769"])
        .exclude(pk=pab_transfer.pk)
        .exists()
    )
    assert Transfer.objects.count() == 2
    assert check_ledger() == []


def test_r30_a_second_run_pays_nothing_of_any_source(mix):
    services.draft_run(on=today())
    again = services.draft_run(on=today())
    assert again.items == 0 and again.run_id is None and not again.skipped
    assert PaymentItem.objects.count() == 6
    assert Entry.objects.filter(kind=EntryKind.FREE_SHARE_PAYOUT).count() == 1
    assert Entry.objects.filter(kind=EntryKind.VOUCHER_PAYMENT).count() == 3
    assert check_ledger() == []


def test_r11_a_provider_without_iban_waits_and_blocks_nothing(mix):
    provider = mix["provider"]
    type(provider).objects.filter(pk=provider.pk).update(iban="")
    report = services.draft_run(on=today())
    assert report.items == 3  # the PAB's lines and its free share
    assert {s.code for s in report.skipped} == {ErrorCode.PROVIDER_WITHOUT_IBAN}
    assert len(report.skipped) == 3 and provider.name in report.skipped[0].message
    type(provider).objects.filter(pk=provider.pk).update(iban=mix["provider"].iban)
    later = services.draft_run(on=today())
    assert later.items == 3 and Transfer.objects.get(iban=provider.iban).amount == D("3100.10")
    assert check_ledger() == []


def test_r11_the_provider_bic_is_used_when_given(mix):
    provider = mix["provider"]
    type(provider).objects.filter(pk=provider.pk).update(bic="GKCCBEBB")
    services.draft_run(on=today())
    assert Transfer.objects.get(iban=provider.iban).bic == "GKCCBEBB"


def test_r11_a_returned_provider_transfer_makes_its_voucher_lines_due_again(mix, drafter, approver):
    report = services.draft_run(on=today(), by=drafter)
    run = services.PaymentRun.objects.get(pk=report.run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    provider_transfer = Transfer.objects.get(iban=mix["provider"].iban)
    services.return_transfer(
        provider_transfer, reason="Rekening afgesloten", on=today(), by=drafter
    )
    assert check_ledger() == []
    again = services.draft_run(on=today(), by=drafter)
    assert again.items == 3 and not again.skipped
    new = Transfer.objects.exclude(run=run).get()
    assert new.iban == mix["provider"].iban and new.amount == D("3100.10")
    for voucher_line in mix["lines"]:
        items = PaymentItem.objects.filter(
            source_kind=SourceKind.VOUCHER_LINE, source_id=voucher_line.pk
        ).order_by("id")
        assert [item.transfer_id for item in items] == [provider_transfer.pk, new.pk]
        assert items[1].payout.kind == EntryKind.VOUCHER_PAYMENT
    # the holders' own transfer was not touched
    assert Transfer.objects.filter(run=run).exclude(pk=provider_transfer.pk).get().status != (
        "RETURNED"
    )
    assert services.draft_run(on=today()).items == 0
    assert check_ledger() == []
