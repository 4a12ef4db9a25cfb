"""The check_ledger command: a clean ledger passes, each broken invariant is found.

Breaches are made with raw SQL inserts, around the model and the services that refuse them.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.ledger import services
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import BudgetFactory, allocate, funded_budget
from budgetlijn.ledger.tests.helpers import raw_insert

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("check_ledger", stdout=out)
    return out.getvalue()


def run_failing() -> tuple[str, CommandError]:
    out = StringIO()
    with pytest.raises(CommandError) as exc_info:
        call_command("check_ledger", stdout=out)
    assert exc_info.value.returncode == 1
    return out.getvalue(), exc_info.value


def found_codes() -> set[str]:
    return {finding.code for finding in check_ledger()}


@pytest.fixture
def ledger():
    """A small ledger in order: two budgets, all kinds, a reversal, a released commitment."""
    budget = funded_budget(year=2024, amount="10000.00")
    allocate(budget, year=2025, amount="11000.00")
    for kind, amount in [
        (EntryKind.ADJUSTMENT, "-500.00"),
        (EntryKind.VIA_SUPPLEMENT, "300.00"),
        (EntryKind.FREE_SHARE_PAYOUT, "1800.00"),
        (EntryKind.REIMBURSEMENT, "2500.25"),
        (EntryKind.VOUCHER_PAYMENT, "1000.00"),
        (EntryKind.ADVANCE_PAID, "2000.00"),
        (EntryKind.ADVANCE_REPAID, "500.00"),
    ]:
        services.book(budget=budget, year=2024, kind=kind, amount=amount, reason="test")
    commitment = services.pay(
        budget=budget, year=2025, kind=EntryKind.COMMITMENT, amount="400.00", reason="test"
    )
    services.release_commitment(commitment, reason="ingetrokken")
    payment = services.pay(
        budget=budget, year=2025, kind=EntryKind.REIMBURSEMENT, amount="10.00", reason="test"
    )
    services.reverse(payment, reason="dubbel")
    other = funded_budget(year=2024, amount="0.30")
    for amount in ("0.10", "0.20"):  # float sums on SQLite must not look negative
        services.pay(
            budget=other, year=2024, kind=EntryKind.REIMBURSEMENT, amount=amount, reason="x"
        )
    return budget


def test_a_clean_ledger_passes_with_a_dutch_summary(ledger):
    output = run()
    count = Entry.objects.count()
    assert output.strip() == (
        f"Grootboek in orde: {count} boekingen, 2 budgetten, 3 budgetjaren gecontroleerd."
    )


def test_an_empty_ledger_passes():
    assert "Grootboek in orde: 0 boekingen" in run()


def test_reversal_with_another_amount_is_found(ledger):
    payment = Entry.objects.filter(budget=ledger, kind=EntryKind.REIMBURSEMENT).first()
    bad = raw_insert(
        budget_id=ledger.pk,
        year=payment.year,
        kind=EntryKind.REVERSAL,
        bucket=Bucket.PAID,
        amount=-(payment.amount - Decimal("1.00")),
        reverses_id=payment.pk,
    )
    assert found_codes() == {ErrorCode.REVERSAL_AMOUNT_MISMATCH}
    output, error = run_failing()
    assert f"Tegenboeking #{bad.pk}" in output
    assert "precies het tegengestelde bedrag" in output
    assert "Grootboek niet in orde: 1 fout(en)" in str(error)


def test_reversal_in_another_bucket_year_or_budget_is_found(ledger):
    allocation = Entry.objects.get(budget=ledger, year=2024, kind=EntryKind.ALLOCATION)
    raw_insert(
        budget_id=ledger.pk,
        year=2024,
        kind=EntryKind.REVERSAL,
        bucket=Bucket.PAID,
        amount=-allocation.amount,
        reverses_id=allocation.pk,
    )
    assert found_codes() == {ErrorCode.REVERSAL_TARGET_MISMATCH}
    output, _error = run_failing()
    assert "hetzelfde budget, budgetjaar en dezelfde rubriek" in output


def test_reversal_of_a_reversal_is_found(ledger):
    reversal = Entry.objects.filter(budget=ledger, kind=EntryKind.REVERSAL).last()
    raw_insert(
        budget_id=ledger.pk,
        year=reversal.year,
        kind=EntryKind.REVERSAL,
        bucket=reversal.bucket,
        amount=-reversal.amount,
        reverses_id=reversal.pk,
    )
    assert found_codes() == {ErrorCode.REVERSAL_OF_REVERSAL}
    output, _error = run_failing()
    assert "nooit zelf tegengeboekt" in output


def test_bucket_not_matching_the_kind_is_found(ledger):
    bad = raw_insert(
        budget_id=ledger.pk,
        year=2024,
        kind=EntryKind.ALLOCATION,
        bucket=Bucket.PAID,
        amount="10.00",
    )
    assert found_codes() == {ErrorCode.BUCKET_MISMATCH}
    output, _error = run_failing()
    assert (
        f"Boeking #{bad.pk} (toekenning jaarbudget) staat in rubriek 'betaald' in plaats van "
        "'jaarbudget'." in output
    )


@pytest.mark.parametrize(
    ("kind", "bucket", "amount"),
    [
        (EntryKind.REIMBURSEMENT, Bucket.PAID, "-10.00"),
        (EntryKind.ALLOCATION, Bucket.ENTITLEMENT, "-10.00"),
        (EntryKind.ADVANCE_PAID, Bucket.ADVANCE, "-10.00"),
        (EntryKind.ADVANCE_REPAID, Bucket.ADVANCE, "10.00"),
    ],
)
def test_wrong_sign_for_the_kind_is_found(ledger, kind, bucket, amount):
    raw_insert(budget_id=ledger.pk, year=2024, kind=kind, bucket=bucket, amount=amount)
    assert found_codes() == {ErrorCode.SIGN_MISMATCH}
    output, _error = run_failing()
    assert "heeft een bedrag met het verkeerde teken" in output


def test_r26_negative_budget_line_is_found(ledger):
    line = Decimal("10000.00") - Decimal("500.00") + Decimal("300.00") - Decimal("5300.25")
    raw_insert(
        budget_id=ledger.pk,
        year=2024,
        kind=EntryKind.REIMBURSEMENT,
        bucket=Bucket.PAID,
        amount=line + Decimal("0.01"),
    )
    assert found_codes() == {ErrorCode.BUDGET_LINE_NEGATIVE}
    output, _error = run_failing()
    assert "[R26 budget_line_negative]" in output
    assert f"Budget {ledger.pk}, 2024: de budgetlijn is negatief (-EUR 0,01)" in output


def test_r26_budget_line_spent_to_the_cent_is_in_order(ledger):
    line = Decimal("10000.00") - Decimal("500.00") + Decimal("300.00") - Decimal("5300.25")
    raw_insert(
        budget_id=ledger.pk,
        year=2024,
        kind=EntryKind.COMMITMENT,
        bucket=Bucket.COMMITTED,
        amount=line,
    )
    assert found_codes() == set()
    assert "Grootboek in orde" in run()


def test_r13_negative_advance_outstanding_is_found(ledger):
    raw_insert(
        budget_id=ledger.pk,
        year=2025,
        kind=EntryKind.ADVANCE_REPAID,
        bucket=Bucket.ADVANCE,
        amount="-1500.01",
    )
    assert found_codes() == {ErrorCode.ADVANCE_NEGATIVE}
    output, _error = run_failing()
    assert "[R13 advance_outstanding_negative]" in output
    assert "het openstaande voorschot is negatief (-EUR 0,01)" in output


def test_money_on_a_year_without_allocation_is_found(ledger):
    raw_insert(
        budget_id=ledger.pk,
        year=2026,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="100.00",
    )
    assert found_codes() == {ErrorCode.NO_ALLOCATION}
    output, _error = run_failing()
    assert f"Budget {ledger.pk}, 2026: er zijn boekingen op dit budgetjaar" in output


def test_every_failure_is_listed(ledger):
    other = BudgetFactory()
    raw_insert(
        budget_id=other.pk, year=2024, kind=EntryKind.REIMBURSEMENT, bucket=Bucket.PAID, amount="5"
    )
    raw_insert(
        budget_id=other.pk,
        year=2024,
        kind=EntryKind.ADVANCE_REPAID,
        bucket=Bucket.ADVANCE,
        amount="5",
    )
    assert found_codes() == {
        ErrorCode.BUDGET_LINE_NEGATIVE,
        ErrorCode.NO_ALLOCATION,
        ErrorCode.SIGN_MISMATCH,
    }
    output, error = run_failing()
    assert len(output.strip().splitlines()) == 3
    assert "3 fout(en)" in str(error)


def test_a_half_opened_year_is_found_an_opening_without_its_audit_event(ledger):
    """Decision 0009: an opening (allocation under its opening key) and its audit event are
    one transaction; an opening without it is a half-opened year."""
    budget = funded_budget(year=2023)
    assert found_codes() == set()
    # The audit trail is append-only: only a booking around the services leaves an opening
    # without its audit event.
    raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.ALLOCATION,
        bucket=Bucket.ENTITLEMENT,
        amount="12000.00",
        key=f"allocation:{budget.pk}:2024",
    )
    entry = Entry.objects.get(idempotency_key=f"allocation:{budget.pk}:2024")
    assert found_codes() == {ErrorCode.OPENING_NOT_AUDITED}
    output, _error = run_failing()
    assert f"Budget {budget.pk}, 2024: het budgetjaar is maar half geopend" in output
    assert f"#{entry.pk}" in output


def test_a_year_missing_between_opened_years_is_found(ledger):
    budget = funded_budget(year=2023)
    allocate(budget, year=2025)
    assert found_codes() == {ErrorCode.YEAR_NOT_OPENED}
    output, _error = run_failing()
    assert f"Budget {budget.pk}: er zijn toekenningen voor 2023 tot 2025" in output
    allocate(budget, year=2024)
    assert found_codes() == set()
