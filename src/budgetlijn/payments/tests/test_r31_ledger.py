"""R31 in the ledger (issue 9): what a run withholds of a SAMPLE_REFUSED deduction (a paid cost
line not proven in a sample check) is booked as REIMBURSEMENT_RECLAIMED, minus the withheld
amount, in the refused line's budget year: the budget line shows the reimbursement came back.
Undoing the use (the transfer came back, the run was cancelled) reverses that entry.
docs/decisions/0021-payment-runs.md, addendum R31."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal as D
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from budgetlijn.costs.selectors import budget_line_overview
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import invariants, services
from budgetlijn.payments.constants import DeductionKind, ErrorCode
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import agency_user
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import samples
from budgetlijn.settlements.models import Reclaim, SampledLine
from budgetlijn.settlements.tests.helpers import cost, file, started_pab

pytestmark = pytest.mark.django_db

YEAR = 2023  # the refused line's budget year; the runs are on today's date (a later year)


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def reclaimed():
    """Ten monthly wages of EUR 150 of 2023 paid by a run; the sampled one not proven."""
    data = started_pab()
    for month in range(1, 11):
        file(data["budget"], cost(data["contract"], "150.00", month=month))
    assert services.draft_run(on=today()).transferred == D("1500.00")
    samples.draw_sample(year=YEAR, rate="0.1", seed=3, on=date(2023, 9, 1))
    samples.record_proofs(
        SampledLine.objects.get(), proven=False, on=date(2023, 10, 5), reason="Geen loonbrief."
    )
    assert Reclaim.objects.get().amount == D("150.00")
    return data


def _reclaimed_entries():
    return list(Entry.objects.filter(kind=EntryKind.REIMBURSEMENT_RECLAIMED).order_by("pk"))


def _paid(budget) -> D:
    return ledger_selectors.balances(budget, YEAR).paid


def _users():
    drafter = agency_user("opmaker", "approve_paymentrun", "process_paymentrun")
    approver = agency_user("goedkeurder", "approve_paymentrun", "process_paymentrun")
    return drafter, approver


def test_r31_the_withheld_amount_is_booked_in_the_refused_lines_year(reclaimed):
    budget = reclaimed["budget"]
    assert _paid(budget) == D("1500.00")
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    report = services.draft_run(on=today())
    assert report.deducted == D("150.00")
    deduction = Deduction.objects.get()
    assert (deduction.kind, deduction.year) == (DeductionKind.SAMPLE_REFUSED, YEAR)
    (entry,) = _reclaimed_entries()
    assert (entry.budget_id, entry.year, entry.bucket, entry.amount) == (
        budget.pk,
        YEAR,  # the line's year, not the run's
        Bucket.PAID,
        D("-150.00"),
    )
    assert entry.effective_date == today()
    assert DeductionUse.objects.get().reclaimed_entry == entry
    # paid: the ten wages and the 400, less the 150 that came back
    assert _paid(budget) == D("1750.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def test_r31_a_partial_use_over_two_runs_books_each_withheld_part(reclaimed):
    budget = reclaimed["budget"]
    file(budget, cost(reclaimed["contract"], "100.00", month=11))
    assert services.draft_run(on=today()).deducted == D("100.00")
    assert [e.amount for e in _reclaimed_entries()] == [D("-100.00")]
    assert Deduction.objects.get().remaining == D("50.00")
    file(budget, cost(reclaimed["contract"], "80.00", month=12))
    assert services.draft_run(on=today()).deducted == D("50.00")
    entries = _reclaimed_entries()
    assert [(e.year, e.amount) for e in entries] == [(YEAR, D("-100.00")), (YEAR, D("-50.00"))]
    assert Deduction.objects.get().remaining == D("0.00")
    uses = DeductionUse.objects.order_by("pk")
    assert [use.reclaimed_entry_id for use in uses] == [e.pk for e in entries]
    assert _paid(budget) == D("1500.00") + D("100.00") + D("80.00") - D("150.00")
    # nothing more is withheld nor booked
    file(budget, cost(reclaimed["contract"], "10.00", month=12))
    assert services.draft_run(on=today()).deducted == D("0.00")
    assert len(_reclaimed_entries()) == 2
    assert check_ledger() == []


def test_r31_a_returned_transfer_reverses_the_booking_and_the_amount_is_due_again(reclaimed):
    budget = reclaimed["budget"]
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    second = services.draft_run(on=today())
    drafter, approver = _users()
    run = PaymentRun.objects.get(pk=second.run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    services.return_transfer(
        Transfer.objects.get(run=run), reason="rekening afgesloten", on=today(), by=approver
    )
    (entry,) = _reclaimed_entries()
    reversal = Entry.objects.get(reverses=entry)
    assert (reversal.kind, reversal.year, reversal.bucket, reversal.amount) == (
        EntryKind.REVERSAL,
        YEAR,
        Bucket.PAID,
        D("150.00"),
    )
    undo = DeductionUse.objects.get(undoes__isnull=False)
    assert undo.reclaimed_entry == reversal and undo.amount == D("-150.00")
    assert Deduction.objects.get().remaining == D("150.00")  # due again
    assert _paid(budget) == D("1500.00")  # the 400 came back, and so did the withholding
    assert check_ledger() == []
    # the next run pays the 400 again and withholds the 150 again, booked anew
    third = services.draft_run(on=today())
    assert (third.gross, third.deducted, third.transferred) == (
        D("400.00"),
        D("150.00"),
        D("250.00"),
    )
    entries = _reclaimed_entries()
    assert [e.amount for e in entries] == [D("-150.00"), D("-150.00")]
    assert not Entry.objects.filter(reverses=entries[1]).exists()
    assert _paid(budget) == D("1750.00")
    assert check_ledger() == []


def test_r31_a_cancelled_run_reverses_the_booking(reclaimed):
    budget = reclaimed["budget"]
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    second = services.draft_run(on=today())
    drafter, _approver = _users()
    services.cancel_run(PaymentRun.objects.get(pk=second.run_id), by=drafter, reason="fout")
    (entry,) = _reclaimed_entries()
    reversal = Entry.objects.get(reverses=entry)
    assert reversal.amount == D("150.00") and reversal.year == YEAR
    assert DeductionUse.objects.get(undoes__isnull=False).reclaimed_entry == reversal
    assert Deduction.objects.get().remaining == D("150.00")
    assert _paid(budget) == D("1500.00")
    assert check_ledger() == []
    assert services.draft_run(on=today()).deducted == D("150.00")
    assert len(_reclaimed_entries()) == 2
    assert check_ledger() == []


def _codes(violations):
    return [v.code for v in violations]


def test_r31_the_invariant_catches_a_use_without_its_booking(reclaimed):
    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    services.draft_run(on=today())
    assert invariants.sample_refused_bookings() == []
    # planted: the use forgets its entry (the entry now belongs to no use either)
    DeductionUse.objects.update(reclaimed_entry=None)
    found = invariants.sample_refused_bookings()
    assert _codes(found) == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH] * 2
    assert all("R31" in v.text() for v in found)
    assert ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH in _codes(check_ledger())


def test_r31_the_invariant_catches_a_booking_of_another_amount_or_without_use(reclaimed):
    budget = reclaimed["budget"]
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    services.draft_run(on=today())
    stray = ledger.book(
        budget=budget,
        year=YEAR,
        kind=EntryKind.REIMBURSEMENT_RECLAIMED,
        amount=D("149.99"),
        reason="geplant",
    )
    assert stray.amount == D("-149.99")
    found = invariants.sample_refused_bookings()
    assert _codes(found) == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH]
    assert found[0].params["entry"] == stray.pk
    # the use now points at the wrong amount, and its own entry belongs to none
    DeductionUse.objects.update(reclaimed_entry=stray)
    assert len(invariants.sample_refused_bookings()) == 2


def test_r31_the_invariant_catches_a_reversal_the_use_does_not_know(reclaimed):
    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    services.draft_run(on=today())
    (entry,) = _reclaimed_entries()
    ledger.reverse(entry, reason="geplant")
    # the use is not undone but its entry is reversed; the reversal belongs to no use
    assert (
        _codes(invariants.sample_refused_bookings())
        == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH] * 2
    )


def test_r31_a_sample_refused_deduction_without_year_is_refused(reclaimed):
    budget = reclaimed["budget"]
    with pytest.raises(RuleViolations) as caught:
        services.open_deduction(
            budget=budget, kind=DeductionKind.SAMPLE_REFUSED, amount="10.00", reason="steekproef"
        )
    (violation,) = caught.value.violations
    assert violation.code == ErrorCode.DEDUCTION_YEAR_REQUIRED == "payment_deduction_year_required"
    assert "budgetjaar" in violation.text()
    with pytest.raises(RuleViolations) as caught:
        services.open_deduction(
            budget=budget,
            kind=DeductionKind.SAMPLE_REFUSED,
            amount="10.00",
            reason="steekproef",
            year=2019,  # no allocation in that year
        )
    assert _codes(caught.value.violations) == [ErrorCode.DEDUCTION_YEAR_INVALID]
    assert not Deduction.objects.exists()
    made = services.open_deduction(
        budget=budget,
        kind=DeductionKind.SAMPLE_REFUSED,
        amount="10.00",
        reason="steekproef",
        year=YEAR,
    )
    assert made.year == YEAR
    other = services.open_deduction(
        budget=budget, kind=DeductionKind.CREDIT_NOTE, amount="10.00", reason="nota", year=YEAR
    )
    assert other.year is None  # ignored for every other kind


def test_r31_the_database_refuses_a_sample_refused_deduction_without_year(reclaimed):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Deduction.objects.create(
            budget=reclaimed["budget"],
            kind=DeductionKind.SAMPLE_REFUSED,
            amount=D("1.00"),
            remaining=D("1.00"),
            reason="x",
        )


def test_r31_the_budget_line_shows_reimbursed_net_of_what_was_reclaimed(reclaimed):
    budget = reclaimed["budget"]
    before = budget_line_overview(budget, YEAR)
    assert before.reimbursed == D("1500.00")
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    services.draft_run(on=today())
    after = budget_line_overview(budget, YEAR)
    assert after.reimbursed == D("1750.00")  # 1 500 + 400 - 150 reclaimed
    # the line took the 400 and got the 150 back
    assert after.remaining == before.remaining - D("400.00") + D("150.00")
    assert after.committed == D("0.00")


# --- migration payments/0003: existing SAMPLE_REFUSED deductions -------------------------------

migration = import_module("budgetlijn.payments.migrations.0003_deduction_year_reclaimed_entry")


class Editor:
    """What the migration's function uses of a schema editor (the real one cannot run inside
    the test's transaction on SQLite)."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@contextmanager
def _without_year_constraint():
    """Rows as they were before migration 0003 (a SAMPLE_REFUSED deduction without year): the
    check is set aside for the test (SQLite: a pragma; PostgreSQL: dropped in the test's
    transaction, which is rolled back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = 1")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events
            cursor.execute(
                "ALTER TABLE payments_deduction "
                "DROP CONSTRAINT payment_deduction_sample_refused_year"
            )
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = 0")


def test_r31_migration_0003_gives_the_line_year_and_books_what_was_withheld(reclaimed, monkeypatch):
    budget = reclaimed["budget"]
    # before 0003: the deduction had no year and the runs booked nothing for it
    monkeypatch.setattr(
        services, "_deduction_kind_and_year", lambda reclaim: (DeductionKind.RECLAIM, None)
    )
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    second = services.draft_run(on=today())
    drafter, _approver = _users()
    services.cancel_run(PaymentRun.objects.get(pk=second.run_id), by=drafter, reason="fout")
    assert services.draft_run(on=today()).deducted == D("150.00")
    assert not _reclaimed_entries()
    orphan = services.open_deduction(
        budget=budget, kind=DeductionKind.RECLAIM, amount="5.00", reason="met de hand"
    )
    with _without_year_constraint():
        Deduction.objects.update(kind=DeductionKind.SAMPLE_REFUSED, year=None)
        assert invariants.sample_refused_bookings() != []

        migration.backfill(django_apps, Editor())

    deduction = Deduction.objects.get(pk=Reclaim.objects.get().deduction_id)
    assert (deduction.kind, deduction.year) == (DeductionKind.SAMPLE_REFUSED, YEAR)
    orphan.refresh_from_db()
    assert (orphan.kind, orphan.year) == (DeductionKind.RECLAIM, None)  # names no line
    first, again = _reclaimed_entries()
    assert (first.year, first.amount, again.year, again.amount) == (
        YEAR,
        D("-150.00"),
        YEAR,
        D("-150.00"),
    )
    assert Entry.objects.get(reverses=first).amount == D("150.00")  # the cancelled run's use
    assert not Entry.objects.filter(reverses=again).exists()
    assert _paid(budget) == D("1750.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []
    migration.backfill(django_apps, Editor())  # a second time: nothing more
    assert len(_reclaimed_entries()) == 2


def test_r31_the_admin_shows_a_uses_reclaimed_entry(reclaimed, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    file(reclaimed["budget"], cost(reclaimed["contract"], "400.00", month=11))
    services.draft_run(on=today())
    admin = get_user_model().objects.create_superuser("beheerder", password="geheim-1-wachtwoord")
    client.force_login(admin)
    deduction = Deduction.objects.get()
    response = client.get(reverse("admin:payments_deduction_change", args=[deduction.pk]))
    assert response.status_code == 200
    (entry,) = _reclaimed_entries()
    assert f"#{entry.pk} {YEAR}" in response.content.decode()


def test_r31_known_limit_a_return_is_refused_when_the_freed_room_was_spent(reclaimed):
    """Decision 0021, addendum R31, left: undoing the use reverses its entry, which spends the
    line again; when the room it freed was spent meanwhile, R26 refuses the whole return."""
    from budgetlijn.ledger.constants import ErrorCode as LedgerCode

    budget = reclaimed["budget"]
    file(budget, cost(reclaimed["contract"], "400.00", month=11))
    second = services.draft_run(on=today())
    room = budget_line_overview(budget, YEAR).remaining
    ledger.pay(
        budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount=room, reason="alles vastgelegd"
    )
    drafter, approver = _users()
    run = PaymentRun.objects.get(pk=second.run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    transfer = Transfer.objects.get(run=run)
    with pytest.raises(RuleViolations) as caught:
        services.return_transfer(transfer, reason="rekening afgesloten", on=today(), by=approver)
    assert LedgerCode.BUDGET_LINE_EXCEEDED in _codes(caught.value.violations)
    # nothing changed
    transfer.refresh_from_db()
    assert transfer.status == "PENDING"
    assert not Entry.objects.filter(reverses__kind=EntryKind.REIMBURSEMENT_RECLAIMED).exists()
    assert Deduction.objects.get().remaining == D("0.00")
    assert check_ledger() == []
