"""R31 in the ledger (issue 9): a paid cost line not proven in a sample check is booked back once,
when it is refused, as REIMBURSEMENT_RECLAIMED (minus the reimbursement) in the line's budget
year, and that entry travels with the reclaim to the SAMPLE_REFUSED deduction that collects it.
Withholding it, and undoing a withholding (a returned transfer, a cancelled run), books nothing
more, so a return never spends a line again. A waiver (the refused line's own payout came back)
books the line back for what is still owed instead. docs/decisions/0021-payment-runs.md,
addenda "R31" and "R31 booked when the line is refused"."""

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


def _deduction_after_a_run(reclaimed, gross="400.00", month=11):
    file(reclaimed["budget"], cost(reclaimed["contract"], gross, month=month))
    return services.draft_run(on=today())


def test_r31_the_refused_line_is_booked_back_the_day_it_is_refused(reclaimed):
    budget = reclaimed["budget"]
    (entry,) = _reclaimed_entries()
    assert (entry.budget_id, entry.year, entry.bucket, entry.amount) == (
        budget.pk,
        YEAR,  # the line's year
        Bucket.PAID,
        D("-150.00"),
    )
    assert entry.effective_date == date(2023, 10, 5)  # the day of the decision
    assert "niet bewezen" in entry.reason and "R31" in entry.reason
    reclaim = Reclaim.objects.get()
    assert reclaim.reclaimed_entry == entry
    # the ten wages were paid; the refused one no longer counts as spent, before any run
    assert _paid(budget) == D("1350.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def test_r31_the_deduction_takes_the_entry_over_and_withholding_books_nothing(reclaimed):
    budget = reclaimed["budget"]
    report = _deduction_after_a_run(reclaimed)
    assert report.deducted == D("150.00")
    deduction = Deduction.objects.get()
    (entry,) = _reclaimed_entries()
    assert (deduction.kind, deduction.year) == (DeductionKind.SAMPLE_REFUSED, YEAR)
    assert deduction.reclaimed_entry == entry == Reclaim.objects.get().reclaimed_entry
    assert DeductionUse.objects.get().reclaimed_entry is None
    # paid: the ten wages and the 400, less the refused 150
    assert _paid(budget) == D("1750.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def test_r31_a_partial_use_over_two_runs_books_nothing_more(reclaimed):
    budget = reclaimed["budget"]
    assert _deduction_after_a_run(reclaimed, "100.00").deducted == D("100.00")
    assert Deduction.objects.get().remaining == D("50.00")
    assert _deduction_after_a_run(reclaimed, "80.00", month=12).deducted == D("50.00")
    assert Deduction.objects.get().remaining == D("0.00")
    assert [e.amount for e in _reclaimed_entries()] == [D("-150.00")]
    assert _paid(budget) == D("1500.00") + D("100.00") + D("80.00") - D("150.00")
    assert check_ledger() == []


def test_r31_a_returned_transfer_gives_the_withholding_back_and_books_nothing(reclaimed):
    budget = reclaimed["budget"]
    second = _deduction_after_a_run(reclaimed)
    drafter, approver = _users()
    run = PaymentRun.objects.get(pk=second.run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    services.return_transfer(
        Transfer.objects.get(run=run), reason="rekening afgesloten", on=today(), by=approver
    )
    (entry,) = _reclaimed_entries()
    assert not Entry.objects.filter(reverses=entry).exists()
    undo = DeductionUse.objects.get(undoes__isnull=False)
    assert undo.amount == D("-150.00") and undo.reclaimed_entry is None
    assert Deduction.objects.get().remaining == D("150.00")  # owed again
    assert _paid(budget) == D("1350.00")  # the 400 came back; the refused line stays back
    assert check_ledger() == []
    # the next run pays the 400 again and withholds the 150 again; still one entry
    third = services.draft_run(on=today())
    assert (third.gross, third.deducted, third.transferred) == (
        D("400.00"),
        D("150.00"),
        D("250.00"),
    )
    assert _reclaimed_entries() == [entry]
    assert _paid(budget) == D("1750.00")
    assert check_ledger() == []


def test_r31_a_cancelled_run_gives_the_withholding_back_and_books_nothing(reclaimed):
    budget = reclaimed["budget"]
    second = _deduction_after_a_run(reclaimed)
    drafter, _approver = _users()
    services.cancel_run(PaymentRun.objects.get(pk=second.run_id), by=drafter, reason="fout")
    (entry,) = _reclaimed_entries()
    assert not Entry.objects.filter(reverses=entry).exists()
    assert Deduction.objects.get().remaining == D("150.00")
    assert _paid(budget) == D("1350.00")
    assert check_ledger() == []
    assert services.draft_run(on=today()).deducted == D("150.00")
    assert _reclaimed_entries() == [entry]
    assert check_ledger() == []


def test_r31_a_return_goes_through_when_the_freed_room_was_spent(reclaimed):
    """The defect of the first R31 booking: undoing a use reversed its entry, which spent the
    line again, and R26 refused the whole return when that room was spent meanwhile. Now the
    return books nothing on the refused line and goes through."""
    budget = reclaimed["budget"]
    second = _deduction_after_a_run(reclaimed)
    room = budget_line_overview(budget, YEAR).remaining
    assert room > 0
    ledger.pay(
        budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount=room, reason="alles vastgelegd"
    )
    drafter, approver = _users()
    run = PaymentRun.objects.get(pk=second.run_id)
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)
    transfer = services.return_transfer(
        Transfer.objects.get(run=run), reason="rekening afgesloten", on=today(), by=approver
    )
    assert transfer.status == "RETURNED"
    assert Deduction.objects.get().remaining == D("150.00")
    assert budget_line_overview(budget, YEAR).remaining == D("0.00")  # nothing overspent
    assert check_ledger() == []


def _cancel_first_run():
    drafter, _approver = _users()
    first = PaymentRun.objects.order_by("pk").first()
    services.cancel_run(first, by=drafter, reason="fout")


def test_r31_a_waiver_books_the_line_back_for_nothing_when_nothing_was_withheld(reclaimed):
    """The refused line's own payout never left (its run is cancelled): the reclaim is waived
    in full, so the line is booked back for nothing: the entry is reversed, the deduction has
    none, and the line neither spends nor gives back anything."""
    budget = reclaimed["budget"]
    (entry,) = _reclaimed_entries()
    _cancel_first_run()
    deduction = Deduction.objects.get()
    assert (deduction.waived, deduction.remaining, deduction.reclaimed_entry) == (
        D("150.00"),
        D("0.00"),
        None,
    )
    assert Entry.objects.get(reverses=entry).amount == D("150.00")
    balances = ledger_selectors.balances(budget, YEAR)
    assert balances.paid == D("0.00")
    assert balances.committed == D("1350.00")  # the nine proven wages are due again
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def test_r31_a_waiver_after_a_partial_withholding_books_back_what_was_withheld(reclaimed):
    """100 of the 150 was withheld from another transfer, then the refused line's own payout
    came back: 50 is waived, the 100 is due to the holder again, and the line is booked back
    for the 100 still owed (a new entry first, then the old one reversed)."""
    budget = reclaimed["budget"]
    drafter, approver = _users()
    first = PaymentRun.objects.get()
    services.approve_run(first, by=approver)
    services.export_run(first, by=drafter)
    assert _deduction_after_a_run(reclaimed, "100.00").deducted == D("100.00")
    old = Deduction.objects.get().reclaimed_entry
    services.return_transfer(
        Transfer.objects.get(run=first), reason="rekening afgesloten", on=today(), by=approver
    )
    deduction = Deduction.objects.get()
    assert (deduction.waived, deduction.remaining) == (D("50.00"), D("0.00"))
    new = deduction.reclaimed_entry
    assert (new.year, new.amount) == (YEAR, D("-100.00")) and new.pk > old.pk
    assert Entry.objects.get(reverses=old).amount == D("150.00")
    assert [e.pk for e in _reclaimed_entries()] == [old.pk, new.pk]
    # the refused line nets to nothing: paid 150, back -150, returned -150, back +150, back
    # -100, due again +100 (committed)
    balances = ledger_selectors.balances(budget, YEAR)
    assert balances.paid == D("100.00") - D("100.00")  # the 100 paid in run 2, less 100 back
    assert balances.committed == D("1350.00") + D("100.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def _codes(violations):
    return [v.code for v in violations]


def test_r31_the_invariant_catches_a_deduction_without_its_booking(reclaimed):
    _deduction_after_a_run(reclaimed)
    assert invariants.sample_refused_bookings() == []
    # planted: the deduction forgets its entry (the entry now belongs to no one either)
    Deduction.objects.update(reclaimed_entry=None)
    found = invariants.sample_refused_bookings()
    assert _codes(found) == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH] * 2
    assert all("R31" in v.text() for v in found)
    assert ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH in _codes(check_ledger())


def test_r31_the_invariant_catches_a_reclaim_without_its_booking(reclaimed):
    Reclaim.objects.update(reclaimed_entry=None)
    found = invariants.sample_refused_bookings()
    assert _codes(found) == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH] * 2
    assert found[0].params["reclaim"] == Reclaim.objects.get().pk


def test_r31_the_invariant_catches_a_booking_of_another_amount_or_without_owner(reclaimed):
    budget = reclaimed["budget"]
    _deduction_after_a_run(reclaimed)
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
    # the deduction now points at the wrong amount, and its own entry belongs to none
    Deduction.objects.update(reclaimed_entry=stray)
    assert len(invariants.sample_refused_bookings()) == 2
    # and at an entry of another year
    Deduction.objects.update(reclaimed_entry=Reclaim.objects.get().reclaimed_entry, year=YEAR + 1)
    found = invariants.sample_refused_bookings()
    assert [v.params.get("deduction") for v in found] == [Deduction.objects.get().pk, None]


def test_r31_the_invariant_catches_a_reversed_booking_and_a_waiver_not_booked(reclaimed):
    _deduction_after_a_run(reclaimed)
    (entry,) = _reclaimed_entries()
    ledger.reverse(entry, reason="geplant")
    assert _codes(invariants.sample_refused_bookings()) == [
        ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH
    ]


def test_r31_the_invariant_wants_the_entry_gone_when_all_is_waived(reclaimed):
    _deduction_after_a_run(reclaimed)
    Deduction.objects.update(waived=D("150.00"), remaining=D("0.00"))
    found = invariants.sample_refused_bookings()
    assert _codes(found) == [ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH]
    assert found[0].params["owed"] == "EUR 0,00"


def test_r31_a_sample_refused_deduction_opened_by_hand_books_its_line_back(reclaimed):
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
    assert len(_reclaimed_entries()) == 1  # nothing booked by the refusals
    made = services.open_deduction(
        budget=budget,
        kind=DeductionKind.SAMPLE_REFUSED,
        amount="10.00",
        reason="steekproef",
        year=YEAR,
    )
    assert made.year == YEAR
    assert (made.reclaimed_entry.year, made.reclaimed_entry.amount) == (YEAR, D("-10.00"))
    assert _paid(budget) == D("1340.00")
    other = services.open_deduction(
        budget=budget, kind=DeductionKind.CREDIT_NOTE, amount="10.00", reason="nota", year=YEAR
    )
    assert (other.year, other.reclaimed_entry) == (None, None)  # for SAMPLE_REFUSED only
    assert check_ledger() == []


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
    assert before.reimbursed == D("1350.00")  # 1 500 paid, 150 of it refused
    _deduction_after_a_run(reclaimed)
    after = budget_line_overview(budget, YEAR)
    assert after.reimbursed == D("1750.00")  # + 400; withholding the 150 changes nothing
    assert after.remaining == before.remaining - D("400.00")
    assert after.committed == D("0.00")


# --- migrations payments/0003 and 0004: rows of before ----------------------------------------

migration_0003 = import_module("budgetlijn.payments.migrations.0003_deduction_year_reclaimed_entry")
migration_0004 = import_module("budgetlijn.payments.migrations.0004_deduction_reclaimed_entry")


class Editor:
    """What the migrations' functions use of a schema editor (the real one cannot run inside
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


def _as_before_0003(budget):
    """The rows as they were before migration 0003: nothing booked for a refused line. The
    entry booked at the refusal is reversed (the ledger is append-only) and nobody points at
    it; the deduction is a SAMPLE_REFUSED one without year."""
    (entry,) = _reclaimed_entries()
    ledger.reverse(entry, reason="zoals voor migratie 0003")
    Reclaim.objects.update(reclaimed_entry=None)
    Deduction.objects.update(reclaimed_entry=None)


def test_r31_migrations_0003_and_0004_bring_rows_of_before_to_one_booking(reclaimed):
    budget = reclaimed["budget"]
    second = _deduction_after_a_run(reclaimed)
    drafter, _approver = _users()
    services.cancel_run(PaymentRun.objects.get(pk=second.run_id), by=drafter, reason="fout")
    assert services.draft_run(on=today()).deducted == D("150.00")
    orphan = services.open_deduction(
        budget=budget, kind=DeductionKind.RECLAIM, amount="5.00", reason="met de hand"
    )
    _as_before_0003(budget)
    with _without_year_constraint():
        Deduction.objects.update(kind=DeductionKind.SAMPLE_REFUSED, year=None)
        migration_0003.backfill(django_apps, Editor())
    deduction = Deduction.objects.get(pk=Reclaim.objects.get().deduction_id)
    assert (deduction.kind, deduction.year) == (DeductionKind.SAMPLE_REFUSED, YEAR)
    orphan.refresh_from_db()
    assert (orphan.kind, orphan.year) == (DeductionKind.RECLAIM, None)  # names no line
    # 0003 booked one entry per use (and the cancelled use's reversal)
    per_use = [e for e in _reclaimed_entries() if e.reason.startswith("Inhouding")]
    assert [e.amount for e in per_use] == [D("-150.00"), D("-150.00")]
    assert _paid(budget) == D("1750.00")

    migration_0004.book_once(django_apps, Editor())

    deduction.refresh_from_db()
    entry = deduction.reclaimed_entry
    assert (entry.year, entry.amount) == (YEAR, D("-150.00"))
    assert not Entry.objects.filter(reverses=entry).exists()
    assert Reclaim.objects.get().reclaimed_entry == entry
    assert all(Entry.objects.filter(reverses=e).exists() for e in per_use)  # all reversed
    assert _paid(budget) == D("1750.00")  # the same figure, in one booking
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []
    count = Entry.objects.count()
    migration_0004.book_once(django_apps, Editor())  # a second time: nothing more
    assert Entry.objects.count() == count


def test_r31_migration_0004_books_a_reclaim_not_taken_over_yet(reclaimed):
    budget = reclaimed["budget"]
    _as_before_0003(budget)
    assert _paid(budget) == D("1500.00")
    migration_0004.book_once(django_apps, Editor())
    entry = Reclaim.objects.get().reclaimed_entry
    assert (entry.year, entry.amount) == (YEAR, D("-150.00"))
    assert _paid(budget) == D("1350.00")
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []
    # the run that takes it over carries that entry on
    _deduction_after_a_run(reclaimed)
    assert Deduction.objects.get().reclaimed_entry == entry


def test_r31_the_admin_shows_the_deductions_reclaimed_entry(reclaimed, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    _deduction_after_a_run(reclaimed)
    admin = get_user_model().objects.create_superuser("beheerder", password="geheim-1-wachtwoord")
    client.force_login(admin)
    deduction = Deduction.objects.get()
    response = client.get(reverse("admin:payments_deduction_change", args=[deduction.pk]))
    assert response.status_code == 200
    (entry,) = _reclaimed_entries()
    assert f"#{entry.pk} {YEAR}" in response.content.decode()
