"""Runs in the admin (four eyes there too, Dutch) and the payment commands."""

from decimal import Decimal
from io import StringIO

import pytest
import xmlschema
from django.contrib.admin import helpers
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.costs.tests.helpers import staff
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.payments import services
from budgetlijn.payments.constants import ItemStatus, RunStatus, TransferStatus
from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept
from budgetlijn.payments.tests.test_run_life import SCHEMA

RUNS = "/admin/payments/paymentrun/"
TRANSFERS = "/admin/payments/transfer/"


def act(client, url, action, *pks, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra}
    return client.post(url, data, follow=not extra.get("apply"))


def test_four_eyes_in_the_admin(client, pab):
    drafter = staff(
        client,
        "opmaker",
        ["approve_paymentrun", "process_paymentrun", "view_paymentrun", "view_transfer"],
    )
    accept(pab["budget"], pab["contract"], "100.00")
    services.draft_run(on=timezone.localdate(), by=drafter)
    run = PaymentRun.objects.get()
    page = client.get(f"{RUNS}{run.pk}/change/")
    assert page.status_code == 200 and "Peeters Lotte" in page.content.decode()
    answer = act(client, RUNS, "approve", run.pk)
    assert "vier ogen" in answer.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT

    staff(
        client,
        "goedkeurder",
        ["approve_paymentrun", "process_paymentrun", "view_paymentrun", "view_transfer"],
    )
    act(client, RUNS, "approve", run.pk)
    answer = act(client, RUNS, "export", run.pk)  # the approver never releases the file
    assert "vier ogen" in answer.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    client.force_login(drafter)
    act(client, RUNS, "export", run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.EXPORTED
    download = act(client, RUNS, "download", run.pk)
    assert download["Content-Type"] == "application/xml"
    xmlschema.XMLSchema(SCHEMA).validate(download.content.decode())
    assert download.content == run.sepa_xml.encode()


def test_returning_a_transfer_in_the_admin_asks_the_reason(client, pab, drafter, approver):
    staff(client, "bank", ["process_paymentrun", "view_transfer", "view_paymentitem"])
    accept(pab["budget"], pab["contract"], "100.00")
    services.draft_run(on=timezone.localdate(), by=drafter)
    run = PaymentRun.objects.get()
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    transfer = Transfer.objects.get()
    detail = client.get(f"{TRANSFERS}{transfer.pk}/change/").content.decode()
    assert "kostenlijn" in detail and "100,00" in detail  # its items, read-only
    page = act(client, TRANSFERS, "returned", transfer.pk)
    assert "Reden van de bank" in page.content.decode()
    act(
        client,
        TRANSFERS,
        "returned",
        transfer.pk,
        apply="1",
        reason="rekening afgesloten",
        on=timezone.localdate().isoformat(),
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RETURNED
    assert PaymentItem.objects.get().status == ItemStatus.RETURNED


def test_a_user_without_the_permission_sees_no_actions(client, pab, drafter):
    staff(client, "lezer", ["view_paymentrun"])
    accept(pab["budget"], pab["contract"], "100.00")
    services.draft_run(on=timezone.localdate(), by=drafter)
    page = client.get(RUNS)
    assert page.status_code == 200 and "Goedkeuren" not in page.content.decode()


def test_the_commands_draft_approve_export_and_mark_paid(pab, drafter, approver, tmp_path):
    accept(pab["budget"], pab["contract"], "100.00", "23.45")
    out = StringIO()
    call_command("payment_run", "--dry-run", stdout=out)
    assert "Proefrun" in out.getvalue() and not PaymentRun.objects.exists()
    out = StringIO()
    call_command("payment_run", "--user", drafter.username, stdout=out)
    run = PaymentRun.objects.get()
    assert f"Betaalrun #{run.pk} wacht op goedkeuring" in out.getvalue()
    with pytest.raises(CommandError, match="vier ogen"):
        call_command("approve_payment_run", str(run.pk), "--user", drafter.username)
    call_command("approve_payment_run", str(run.pk), "--user", approver.username, stdout=StringIO())
    target = tmp_path / "run.xml"
    call_command(
        "export_payment_run",
        str(run.pk),
        "--out",
        str(target),
        "--user",
        drafter.username,
        stdout=StringIO(),
    )
    xmlschema.XMLSchema(SCHEMA).validate(target.read_text())
    call_command(
        "mark_payment_run_paid", str(run.pk), "--user", approver.username, stdout=StringIO()
    )
    run.refresh_from_db()
    assert run.status == RunStatus.CLOSED
    transfer = Transfer.objects.get()
    call_command(
        "return_transfer", transfer.end_to_end_id, "--reason", "IBAN onbekend", stdout=StringIO()
    )
    assert services.draft_run(on=timezone.localdate()).gross == Decimal("123.45")
    assert check_ledger() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "geen geldige datum"),
        (["--date", "2999-01-01"], "toekomst"),
        (["--user", "niemand"], "bestaat niet"),
    ],
)
def test_the_payment_run_command_refuses_in_dutch(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("payment_run", *args)
