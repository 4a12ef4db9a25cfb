"""Helper U's attack on the payment runs: four eyes when the system drafted the run, the file
released by someone else than the approver, the commands' --dry-run and --out (decisions
0009, 0021)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.payments import services
from budgetlijn.payments.constants import ErrorCode, ItemStatus, RunStatus, TransferStatus
from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept, agency_user
from budgetlijn.rules.violations import RuleViolations


@pytest.fixture
def system_run(pab):
    """A run drafted by the system: ``payment_run`` without ``--user``."""
    accept(pab["budget"], pab["contract"], "1000.55")
    other = make_pab()
    accept(other["budget"], other["contract"], "200.00")
    services.draft_run(on=timezone.localdate(), by=None)
    run = PaymentRun.objects.get()
    assert run.created_by_id is None
    return run


def codes(caught):
    return [v.code for v in caught.value.violations]


def test_four_eyes_a_system_drafted_run_is_not_approved_by_the_system(system_run):
    with pytest.raises(RuleViolations) as caught:
        services.approve_run(system_run, by=None)
    assert codes(caught) == [ErrorCode.NOT_ALLOWED]
    system_run.refresh_from_db()
    assert system_run.status == RunStatus.DRAFT


def test_four_eyes_the_approver_of_a_system_drafted_run_does_not_export_it(
    system_run, approver, drafter
):
    services.approve_run(system_run, by=approver)
    with pytest.raises(RuleViolations) as caught:
        services.export_run(system_run, by=approver)
    assert codes(caught) == [ErrorCode.FOUR_EYES]
    assert "vier ogen" in caught.value.violations[0].text()
    system_run.refresh_from_db()
    assert system_run.status == RunStatus.APPROVED and system_run.sepa_xml == ""
    assert services.export_run(system_run, by=drafter)  # a second person releases it
    system_run.refresh_from_db()
    assert system_run.status == RunStatus.EXPORTED
    assert system_run.exported_by == drafter


def test_four_eyes_the_approver_of_a_drafted_run_does_not_export_it(pab, drafter, approver):
    accept(pab["budget"], pab["contract"], "300.00")
    services.draft_run(on=timezone.localdate(), by=drafter)
    run = PaymentRun.objects.get()
    services.approve_run(run, by=approver)
    with pytest.raises(RuleViolations) as caught:
        services.export_run(run, by=approver)
    assert codes(caught) == [ErrorCode.FOUR_EYES]


def test_four_eyes_the_export_command_refuses_the_approver_in_dutch(system_run, approver):
    services.approve_run(system_run, by=approver)
    with pytest.raises(CommandError, match="vier ogen"):
        call_command(
            "export_payment_run", str(system_run.pk), "--user", approver.username, "--out", "x.xml"
        )


def test_export_command_checks_the_out_path_before_it_exports(system_run, approver, drafter):
    services.approve_run(system_run, by=approver)
    with pytest.raises(CommandError, match="--out"):
        call_command(
            "export_payment_run",
            str(system_run.pk),
            "--user",
            drafter.username,
            "--out",
            "/nonexistent-folder/betaalrun.xml",
        )
    system_run.refresh_from_db()
    assert system_run.status == RunStatus.APPROVED  # nothing half: not exported without a file


def test_return_transfer_dry_run_keeps_nothing_and_says_what_it_would_do(
    system_run, approver, drafter, capsys
):
    services.approve_run(system_run, by=approver)
    services.export_run(system_run, by=drafter)
    transfer = Transfer.objects.order_by("pk").first()
    call_command(
        "return_transfer", transfer.end_to_end_id, "--reason", "rekening afgesloten", "--dry-run"
    )
    out = capsys.readouterr().out
    assert "Proef (niets opgeslagen)" in out and transfer.end_to_end_id in out
    transfer.refresh_from_db()
    assert transfer.status != TransferStatus.RETURNED
    assert not PaymentItem.objects.filter(status=ItemStatus.RETURNED).exists()
    call_command("return_transfer", transfer.end_to_end_id, "--reason", "rekening afgesloten")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RETURNED
    assert check_ledger() == []


def test_a_clerk_without_permission_cannot_export(system_run, approver):
    services.approve_run(system_run, by=approver)
    clerk = agency_user("bediende")
    with pytest.raises(RuleViolations) as caught:
        services.export_run(system_run, by=clerk)
    assert codes(caught) == [ErrorCode.NOT_ALLOWED]
