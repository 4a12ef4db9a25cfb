"""draft_run: what is due is an open commitment; a run pays it once, per beneficiary IBAN,
skips with a Dutch reason what cannot be paid, and never blocks anything else (R10, R30)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.costs.models import CostLine
from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.dossiers.constants import BudgetStatus, StopReason
from budgetlijn.dossiers.models import Budget, BudgetAccount
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services
from budgetlijn.payments.constants import ErrorCode, SourceKind
from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import accept
from budgetlijn.rules.violations import RuleViolations

OTHER_IBAN = "BE71096123456769"


def today() -> date:
    return timezone.localdate()


def test_r30_a_run_pays_every_accepted_line_up_to_its_day(pab, drafter):
    lines = accept(pab["budget"], pab["contract"], "1000.00", "250.55")
    report = services.draft_run(on=today(), by=drafter)
    assert report.ok and report.items == 2 and report.transfers == 1
    assert report.gross == report.transferred == Decimal("1250.55")
    run = PaymentRun.objects.get()
    assert report.run_id == run.pk and run.created_by == drafter
    transfer = Transfer.objects.get()
    assert transfer.iban == "BE68539007547034" and transfer.name == "Peeters Lotte"
    assert transfer.amount == Decimal("1250.55") and transfer.end_to_end_id == f"BL{run.pk}-1"
    for line in lines:
        item = PaymentItem.objects.get(source_kind=SourceKind.COST_LINE, source_id=line.pk)
        assert item.commitment_id == line.commitment_id and item.amount == line.accepted_amount
        assert item.payout.kind == EntryKind.REIMBURSEMENT
        assert item.payout.idempotency_key == f"payout:{line.commitment_id}"
        assert Entry.objects.get(pk=line.commitment_id).reversed_by is not None
    assert check_ledger() == []


def test_a_second_run_pays_nothing_twice(pab):
    accept(pab["budget"], pab["contract"], "1000.00")
    services.draft_run(on=today())
    again = services.draft_run(on=today())
    assert again.items == 0 and again.run_id is None
    assert PaymentRun.objects.count() == 1 and PaymentItem.objects.count() == 1
    accept(pab["budget"], pab["contract"], "10.00", month=5)
    third = services.draft_run(on=today())
    assert third.items == 1 and third.gross == Decimal("10.00")
    assert check_ledger() == []


def test_a_dry_run_reports_and_keeps_nothing(pab):
    accept(pab["budget"], pab["contract"], "1000.00")
    entries = Entry.objects.count()
    report = services.draft_run(on=today(), dry_run=True)
    assert report.items == 1 and report.gross == Decimal("1000.00") and report.run_id is None
    assert Entry.objects.count() == entries and not PaymentRun.objects.exists()
    assert "Proefrun" in report.lines()[0]


def test_a_run_day_in_the_future_is_refused(db):
    with pytest.raises(RuleViolations) as caught:
        services.draft_run(on=today() + timedelta(days=1))
    assert caught.value.violations[0].code == ErrorCode.RUN_DAY_IN_FUTURE
    assert "toekomst" in caught.value.violations[0].text()


def test_a_run_day_without_parameter_values_is_refused(db):
    with pytest.raises(RuleViolations) as caught:
        services.draft_run(on=date(1900, 1, 1))
    assert caught.value.violations[0].code == ErrorCode.RUN_DAY_WITHOUT_PARAMETERS


def test_lines_decided_after_the_run_day_wait_for_a_later_run(pab):
    accept(pab["budget"], pab["contract"], "1000.00")
    report = services.draft_run(on=today() - timedelta(days=1))
    assert report.items == 0 and not PaymentRun.objects.exists()


def _second_budget(iban=OTHER_IBAN):
    other = make_pab()
    if iban is not None:
        BudgetAccount.objects.filter(budget=other["budget"]).update(
            iban=iban, holder_name="Jansens An"
        )
    return other


def test_r10_a_budget_without_account_is_skipped_and_blocks_nothing(pab):
    other = _second_budget()
    accept(pab["budget"], pab["contract"], "100.00")
    accept(other["budget"], other["contract"], "200.00")
    BudgetAccount.objects.filter(budget=pab["budget"]).delete()
    report = services.draft_run(on=today())
    assert report.items == 1 and report.gross == Decimal("200.00")
    [skipped] = report.skipped
    assert skipped.budget_id == pab["budget"].pk and skipped.code == ErrorCode.NO_BUDGET_ACCOUNT
    assert "budgetrekening" in skipped.message
    # still due: paid by the next run once the account is there
    BudgetAccount.objects.create(
        budget=pab["budget"],
        iban="BE68539007547034",
        holder_name="Peeters Lotte",
        holder_kind="REPRESENTATIVE",
    )
    later = services.draft_run(on=today())
    assert later.items == 1 and later.gross == Decimal("100.00") and later.skipped == []
    assert check_ledger() == []


def test_r10_an_invalid_account_is_skipped_with_a_dutch_reason(pab):
    accept(pab["budget"], pab["contract"], "100.00")
    BudgetAccount.objects.filter(budget=pab["budget"]).update(iban="BE68539007547035")
    report = services.draft_run(on=today())
    assert report.items == 0
    assert [s.code for s in report.skipped] == [ErrorCode.BUDGET_ACCOUNT_INVALID]
    assert "BE68539007547035" in report.skipped[0].message


def test_a_budget_stopped_for_fraud_is_held(pab):
    accept(pab["budget"], pab["contract"], "100.00")
    Budget.objects.filter(pk=pab["budget"].pk).update(
        status=BudgetStatus.STOPPED, stop_reason=StopReason.FRAUD
    )
    report = services.draft_run(on=today())
    assert [s.code for s in report.skipped] == [ErrorCode.BUDGET_STOPPED_FOR_FRAUD]


def test_a_budget_stopped_at_death_is_still_paid(pab):
    accept(pab["budget"], pab["contract"], "100.00")
    Budget.objects.filter(pk=pab["budget"].pk).update(
        status=BudgetStatus.STOPPED, stop_reason=StopReason.DEATH
    )
    assert services.draft_run(on=today()).items == 1


@pytest.mark.parametrize(("days", "late"), [(30, False), (31, True)])
def test_r30_lines_accepted_more_than_30_days_ago_are_reported_late(pab, days, late):
    [line] = accept(pab["budget"], pab["contract"], "100.00")
    CostLine.objects.filter(pk=line.pk).update(decided_at=timezone.now() - timedelta(days=days))
    report = services.draft_run(on=today())
    assert report.items == 1
    assert [item.source_id for item in report.late] == ([line.pk] if late else [])
    if late:
        assert report.late[0].days == days and "R30" in report.lines()[-1]


def test_one_transfer_per_iban_and_chunks_keep_an_iban_together(pab):
    shared = _second_budget(iban=None)  # the same account number as pab
    alone = _second_budget()
    accept(pab["budget"], pab["contract"], "100.00")
    accept(shared["budget"], shared["contract"], "200.00")
    accept(alone["budget"], alone["contract"], "300.00")
    report = services.draft_run(on=today(), chunk=1)
    assert report.items == 3 and report.transfers == 2
    amounts = sorted(Transfer.objects.values_list("iban", "amount"))
    assert amounts == [("BE68539007547034", Decimal("300.00")), (OTHER_IBAN, Decimal("300.00"))]
    assert PaymentRun.objects.count() == 1
    assert check_ledger() == []


def test_budget_ids_limit_the_run(pab):
    other = _second_budget()
    accept(pab["budget"], pab["contract"], "100.00")
    accept(other["budget"], other["contract"], "200.00")
    report = services.draft_run(on=today(), budget_ids=[other["budget"].pk])
    assert report.items == 1 and report.gross == Decimal("200.00")


def test_a_budget_the_ledger_refuses_stays_due_and_the_others_are_paid(pab, monkeypatch):
    """All or nothing per budget: an advance repaid beyond the outstanding advance (R13)
    is refused by the ledger; that budget is left unpaid with the ledger's reason, the
    other budget is paid, and nothing half-booked remains."""
    from budgetlijn.payments.constants import DeductionKind

    other = _second_budget()
    accept(pab["budget"], pab["contract"], "100.00")
    accept(other["budget"], other["contract"], "200.00")
    deduction = services.open_deduction(
        budget=pab["budget"], kind=DeductionKind.ADVANCE_RECLAIM, amount="50.00", reason="x"
    )
    monkeypatch.setattr(
        services, "_plan_deductions", lambda gross: [(deduction, Decimal("99999.00"))]
    )
    report = services.draft_run(on=today())
    assert report.items == 1 and report.gross == Decimal("200.00")
    assert [s.code for s in report.skipped] == [ErrorCode.BOOKING_REFUSED]
    assert report.skipped[0].budget_id == pab["budget"].pk
    assert check_ledger() == []
