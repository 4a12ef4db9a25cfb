"""R31 attacked (issue 9): a paid cost line refused at a sample check is booked back once, in
its year, whatever happens around the refusal: a payout due again, a refusal asked twice, two
waivers of one deduction, a closed year. After each step the ledger checks pass and the budget
line overview agrees with the ledger. Decision 0021, addendum "R31 booked when the line is
refused"."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.models import CostLine
from budgetlijn.costs.selectors import budget_line_overview
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import invariants, services
from budgetlijn.payments.constants import ErrorCode as PaymentError
from budgetlijn.payments.constants import ItemStatus
from budgetlijn.payments.models import Deduction, PaymentItem, PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import agency_user
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import closing, samples
from budgetlijn.settlements.constants import ErrorCode
from budgetlijn.settlements.models import Reclaim, SampledLine
from budgetlijn.settlements.tests.helpers import cost, file, started_pab

pytestmark = pytest.mark.django_db

YEAR = 2023


def today() -> date:
    return timezone.localdate()


def _users():
    return (
        agency_user("opmaker", "approve_paymentrun", "process_paymentrun"),
        agency_user("goedkeurder", "approve_paymentrun", "process_paymentrun"),
    )


def _export(run, drafter, approver):
    services.approve_run(run, by=approver)
    services.export_run(run, by=drafter)


def _reclaimed_net() -> D:
    return sum(
        (
            e.amount
            for e in Entry.objects.filter(kind=EntryKind.REIMBURSEMENT_RECLAIMED)
            | Entry.objects.filter(reverses__kind=EntryKind.REIMBURSEMENT_RECLAIMED)
        ),
        D("0.00"),
    )


def _clean():
    assert invariants.sample_refused_bookings() == []
    assert check_ledger() == []


def _spent(budget) -> D:
    balances = ledger_selectors.balances(budget, YEAR)
    return balances.paid + balances.committed


@pytest.fixture
def ten():
    """Ten monthly wages of EUR 150 of 2023, paid by a run that is exported; a sample with
    one of them drawn, not decided yet."""
    data = started_pab()
    for month in range(1, 11):
        file(data["budget"], cost(data["contract"], "150.00", month=month))
    assert services.draft_run(on=today()).transferred == D("1500.00")
    data["users"] = _users()
    _export(PaymentRun.objects.get(), *data["users"])
    samples.draw_sample(year=YEAR, rate="0.1", seed=3, on=date(2023, 9, 1))
    data["sampled"] = SampledLine.objects.get()
    data["line"] = CostLine.objects.get(pk=data["sampled"].line_id)
    return data


def test_r31_a_line_refused_while_its_payout_is_due_again_is_not_paid_again(ten):
    """The line's transfer came back (due again, not paid again yet) when it is refused: it is
    not paid now, so its due-again commitment is released, as for a line never paid; nothing is
    reclaimed from the holder (who never kept the money), and no run pays it again. Before the
    fix the refusal reclaimed EUR 150 "already paid", the line stayed committed (and
    reimbursed -150 on the budget line), and the next run paid it again to withhold it back."""
    budget, line = ten["budget"], ten["line"]
    services.return_transfer(Transfer.objects.get(), reason="rekening afgesloten", on=today())
    assert _spent(budget) == D("1500.00")  # all ten due again
    _clean()
    sampled = samples.record_proofs(ten["sampled"], proven=False, on=date(2023, 10, 5))
    _clean()
    assert not Reclaim.objects.exists()
    assert _reclaimed_net() == D("0.00")
    item = PaymentItem.objects.get(source_id=line.pk)
    assert sampled.released_commitment.reverses_id == item.recommitment_id
    overview = budget_line_overview(budget, YEAR)
    assert (overview.committed, overview.reimbursed, overview.own) == (
        D("1350.00"),
        D("0.00"),
        D("150.00"),
    )
    assert _spent(budget) == D("1350.00")
    _step(budget)

    report = services.draft_run(on=today())
    _step(budget)
    assert (report.gross, report.deducted, report.transferred) == (
        D("1350.00"),
        D("0.00"),
        D("1350.00"),
    )
    assert PaymentItem.objects.filter(source_id=line.pk).count() == 1  # never paid again
    assert _spent(budget) == D("1350.00")
    overview = budget_line_overview(budget, YEAR)
    assert (overview.committed, overview.reimbursed) == (D("0.00"), D("1350.00"))
    line.refresh_from_db()
    assert (line.outcome, line.accepted_amount) == (Outcome.REFUSED, D("0.00"))


def _accepted(budget) -> D:
    """What the year's lines still accepted come to, paid or not: what the year spends."""
    return sum(
        CostLine.objects.filter(budget=budget, year=YEAR).values_list("accepted_amount", flat=True),
        D("0.00"),
    )


def _step(budget):
    """After every step: the ledger checks pass, the year spends exactly its accepted lines
    (a refused line's booking neither doubled nor lost) and the budget line overview shows
    the ledger's figures."""
    _clean()
    assert _spent(budget) == _accepted(budget)
    balances = ledger_selectors.balances(budget, YEAR)
    overview = budget_line_overview(budget, YEAR)
    assert overview.committed == balances.committed
    assert overview.reimbursed + overview.free_share + overview.vouchers == balances.paid
    assert overview.own == sum(
        CostLine.objects.filter(budget=budget, year=YEAR).values_list("own_amount", flat=True),
        D("0.00"),
    )


def test_r31_a_line_is_refused_once_a_second_decision_books_nothing(ten):
    budget = ten["budget"]
    samples.record_proofs(ten["sampled"], proven=False, on=date(2023, 10, 5))
    _step(budget)
    entries = Entry.objects.count()
    for proven in (False, True):
        with pytest.raises(RuleViolations) as caught:
            samples.record_proofs(ten["sampled"], proven=proven, on=date(2023, 10, 6))
        assert [v.code for v in caught.value.violations] == [ErrorCode.SAMPLE_ALREADY_DECIDED]
        assert "al beslist" in caught.value.violations[0].text()
    assert Entry.objects.count() == entries
    assert Reclaim.objects.count() == 1
    assert _reclaimed_net() == D("-150.00")
    _step(budget)


def test_r31_a_line_drawn_in_two_samples_is_booked_back_once(ten):
    """Two samples of the year drawn before either decided can hold the same line: refusing it
    in both reclaims it once (the second finds nothing accepted left)."""
    budget, line = ten["budget"], ten["line"]
    samples.draw_sample(year=YEAR, rate="1", seed=4, on=date(2023, 9, 2))
    other = SampledLine.objects.exclude(pk=ten["sampled"].pk).get(line_id=line.pk)
    samples.record_proofs(ten["sampled"], proven=False, on=date(2023, 10, 5))
    _step(budget)
    first_decided_at = type(line).objects.get(pk=line.pk).decided_at
    entries = Entry.objects.count()
    samples.record_proofs(other, proven=False, on=date(2023, 10, 6))
    assert Entry.objects.count() == entries
    assert Reclaim.objects.count() == 1 and _reclaimed_net() == D("-150.00")
    line.refresh_from_db()
    assert (line.accepted_amount, line.own_amount) == (D("0.00"), D("150.00"))
    # the line keeps its one R31 reason and the moment of the first refusal
    assert [v["code"] for v in line.violations].count("sample_line_not_proven") == 1
    assert line.decided_at == first_decided_at
    assert SampledLine.objects.get(pk=other.pk).outcome == "NOT_PROVEN"
    _step(budget)
    services.draft_run(on=today())
    assert Deduction.objects.get().amount == D("150.00")
    _step(budget)


def test_r31_a_sample_refused_deduction_waived_in_two_parts(ten):
    """150 refused; 100 of it withheld from another line's transfer (T2); the refused line's
    own transfer (T1) comes back: 50 waived, 100 due to the holder again, the line booked back
    for 100. T2 comes back: the 100 is owed again. The next run pays the 100 due again and
    withholds the 100 from it (T3); T3 comes back: the other 100 is waived, nothing is owed,
    and the line's booking is gone. The year spends its accepted lines at every step."""
    budget, drafter, approver = ten["budget"], *ten["users"]
    samples.record_proofs(ten["sampled"], proven=False, on=date(2023, 10, 5))
    _step(budget)
    t1 = Transfer.objects.get()
    file(budget, cost(ten["contract"], "100.00", month=11))
    second = services.draft_run(on=today())
    assert second.deducted == D("100.00")
    _export(PaymentRun.objects.get(pk=second.run_id), drafter, approver)
    t2 = Transfer.objects.get(run_id=second.run_id)
    _step(budget)

    services.return_transfer(t1, reason="rekening afgesloten", on=today())
    deduction = Deduction.objects.get()
    assert (deduction.waived, deduction.remaining) == (D("50.00"), D("0.00"))
    assert _reclaimed_net() == D("-100.00")
    _step(budget)

    services.return_transfer(t2, reason="rekening afgesloten", on=today())
    deduction.refresh_from_db()
    assert (deduction.waived, deduction.remaining) == (D("50.00"), D("100.00"))
    assert _reclaimed_net() == D("-100.00")  # undoing a withholding books nothing
    _step(budget)

    third = services.draft_run(on=today())
    # the nine wages and the 100 line due again, the 100 due again of the refused line
    assert (third.gross, third.deducted) == (D("1350.00") + D("200.00"), D("100.00"))
    _export(PaymentRun.objects.get(pk=third.run_id), drafter, approver)
    _step(budget)

    services.return_transfer(
        Transfer.objects.get(run_id=third.run_id), reason="rekening afgesloten", on=today()
    )
    deduction.refresh_from_db()
    assert (deduction.waived, deduction.remaining, deduction.reclaimed_entry) == (
        D("150.00"),
        D("0.00"),
        None,
    )
    assert _reclaimed_net() == D("0.00")
    _step(budget)
    fourth = services.draft_run(on=today())
    assert (fourth.gross, fourth.deducted) == (D("1350.00") + D("100.00"), D("0.00"))
    _step(budget)
    assert not PaymentItem.objects.filter(
        source_id=ten["line"].pk, status=ItemStatus.BOOKED
    ).exists()


def test_r31_a_line_refused_in_a_closed_year_is_booked_into_that_year(ten):
    budget = ten["budget"]
    report = closing.close_budget_year(YEAR, on=date(2026, 4, 2))
    (closed,) = report.closed
    assert closed.paid == D("1500.00")
    samples.record_proofs(ten["sampled"], proven=False, on=date(2026, 5, 4))
    (entry,) = Entry.objects.filter(kind=EntryKind.REIMBURSEMENT_RECLAIMED)
    assert (entry.year, entry.amount, entry.effective_date) == (
        YEAR,
        D("-150.00"),
        date(2026, 5, 4),
    )
    closed.refresh_from_db()
    assert closed.paid == D("1500.00")  # the record of the closing day stays
    _step(budget)
    assert ledger_selectors.balances(budget, YEAR).paid == D("1350.00")
    services.draft_run(on=today())  # takes the reclaim over, in the closed year
    deduction = Deduction.objects.get()
    assert (deduction.year, deduction.reclaimed_entry) == (YEAR, entry)
    _step(budget)


def test_r31_a_waiver_in_a_closed_year_reverses_the_booking_in_that_year(ten):
    """Refused after its year was closed, then its own transfer comes back: the reclaim is
    waived in full and the line's booking reversed, in the closed year too; the year still
    spends exactly its accepted lines and the next run pays the nine proven wages."""
    budget = ten["budget"]
    closing.close_budget_year(YEAR, on=date(2026, 4, 2))
    samples.record_proofs(ten["sampled"], proven=False, on=date(2026, 5, 4))
    t1 = Transfer.objects.get()
    _step(budget)
    services.return_transfer(t1, reason="rekening afgesloten", on=today())
    deduction = Deduction.objects.get()
    assert (deduction.waived, deduction.remaining, deduction.reclaimed_entry) == (
        D("150.00"),
        D("0.00"),
        None,
    )
    assert _reclaimed_net() == D("0.00")
    _step(budget)
    report = services.draft_run(on=today())
    assert (report.gross, report.deducted) == (D("1350.00"), D("0.00"))
    _step(budget)


def test_r31_the_invariant_catches_a_line_reclaimed_twice(ten):
    """What two refusals of one line in two samples at once did before ``record_proofs`` read
    the line under the budget's lock (test_concurrency_postgres): two reclaims, two bookings,
    each consistent on its own. check_ledger names the line."""
    budget, line = ten["budget"], ten["line"]
    samples.draw_sample(year=YEAR, rate="1", seed=4, on=date(2023, 9, 2))
    other = SampledLine.objects.exclude(pk=ten["sampled"].pk).get(line_id=line.pk)
    samples.record_proofs(ten["sampled"], proven=False, on=date(2023, 10, 5))
    assert invariants.sample_refused_bookings() == []
    first = Reclaim.objects.get()
    planted = Reclaim.objects.create(
        budget=budget,
        kind=first.kind,
        amount=first.amount,
        reason=first.reason,
        source=f"sample-line:{other.pk}",
        sampled_line=other,
        reclaimed_entry=ledger.book(
            budget=budget,
            year=YEAR,
            kind=EntryKind.REIMBURSEMENT_RECLAIMED,
            amount=first.amount,
            reason="geplant",
        ),
    )
    assert planted.reclaimed_entry.amount == D("-150.00")
    found = invariants.sample_refused_bookings()
    assert [v.params.get("line") for v in found] == [line.pk]
    assert found[0].code == PaymentError.SAMPLE_REFUSED_BOOKING_MISMATCH
    assert "2 keer" in found[0].text()
    assert PaymentError.SAMPLE_REFUSED_BOOKING_MISMATCH in [v.code for v in check_ledger()]
    assert _spent(budget) != _accepted(budget)  # and the year spends 150 too little
