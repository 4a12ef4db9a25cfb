"""The ledger's use cases: book, pay, reverse, release_commitment."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.audit.models import AuditEvent
from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import BudgetFactory, allocate, funded_budget
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db


def codes(exc_info) -> list[str]:
    return [violation.code for violation in exc_info.value.violations]


def reimburse(budget, amount, year=2024, **kwargs):
    kwargs.setdefault("reason", "Kostenstaat")
    return services.pay(
        budget=budget, year=year, kind=EntryKind.REIMBURSEMENT, amount=Decimal(amount), **kwargs
    )


# --- book ------------------------------------------------------------------------------------


def test_book_allocation_stores_entry_and_records_one_audit_event(budget, user):
    entry = services.book(
        budget=budget,
        year=2024,
        kind=EntryKind.ALLOCATION,
        amount=Decimal("12000.00"),
        reason="Toekenningsbrief van 10 januari",
        by=user,
        effective_date=date(2024, 1, 1),
    )
    assert entry.bucket == Bucket.ENTITLEMENT
    assert entry.amount == Decimal("12000.00")
    assert entry.created_by == user
    assert entry.effective_date == date(2024, 1, 1)
    assert entry.reverses is None
    events = AuditEvent.objects.filter(object_type="ledger.Entry", object_id=str(entry.pk))
    assert events.count() == 1
    event = events.get()
    assert event.action == AuditEvent.Action.BOOK
    assert event.actor == user
    assert event.person_id == budget.person_id
    assert "toekenning jaarbudget 2024" in event.summary
    assert event.details["amount"] == "12000.00"


def test_book_accepts_int_str_and_decimal_and_quantizes_to_cents(budget):
    assert allocate(budget, year=2024, amount="100").amount == Decimal("100.00")
    entry = services.book(
        budget=budget, year=2025, kind=EntryKind.ALLOCATION, amount=7, reason="brief"
    )
    assert entry.amount == Decimal("7.00")
    entry = services.book(
        budget=budget, year=2026, kind=EntryKind.ALLOCATION, amount="12.340", reason="brief"
    )
    assert str(Entry.objects.get(pk=entry.pk).amount) == "12.34"


def test_book_refuses_a_float(budget):
    with pytest.raises(TypeError, match="never floats"):
        services.book(
            budget=budget, year=2024, kind=EntryKind.ALLOCATION, amount=12.5, reason="brief"
        )
    assert not Entry.objects.exists()


@pytest.mark.parametrize("amount", ["12.345", "0.001", Decimal("1E-3")])
def test_book_refuses_more_than_two_decimals(budget, amount):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(
            budget=budget, year=2024, kind=EntryKind.ALLOCATION, amount=amount, reason="brief"
        )
    assert codes(exc_info) == [ErrorCode.AMOUNT_TOO_PRECISE]
    assert exc_info.value.by_field() == {
        "amount": [
            "Een bedrag heeft hoogstens twee cijfers na de komma. Rond het bedrag af op de cent."
        ]
    }


@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity"])
def test_book_refuses_what_is_not_an_amount(budget, amount):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(
            budget=budget, year=2024, kind=EntryKind.ALLOCATION, amount=amount, reason="brief"
        )
    assert codes(exc_info) == [ErrorCode.AMOUNT_INVALID]
    assert exc_info.value.violations[0].field == "amount"


def test_book_refuses_an_amount_too_large_for_one_entry(budget):
    with pytest.raises(RuleViolations) as exc_info:
        allocate(budget, amount="10000000000.00")
    assert codes(exc_info) == [ErrorCode.AMOUNT_TOO_LARGE]


@pytest.mark.parametrize(
    "kind",
    [
        EntryKind.ALLOCATION,
        EntryKind.VIA_SUPPLEMENT,
        EntryKind.FREE_SHARE_PAYOUT,
        EntryKind.REIMBURSEMENT,
        EntryKind.VOUCHER_PAYMENT,
        EntryKind.COMMITMENT,
        EntryKind.ADVANCE_PAID,
        EntryKind.ADVANCE_REPAID,
    ],
)
@pytest.mark.parametrize("amount", ["0", "-10.00"])
def test_book_refuses_zero_or_negative_for_positive_kinds(kind, amount):
    budget = funded_budget()
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=2024, kind=kind, amount=amount, reason="test")
    assert codes(exc_info) == [ErrorCode.AMOUNT_NOT_POSITIVE]
    assert "positief" in exc_info.value.violations[0].text()


def test_adjustment_takes_either_sign_but_not_zero():
    budget = funded_budget(amount="1000.00")
    for amount in ("-100.00", "50.00"):
        services.book(
            budget=budget, year=2024, kind=EntryKind.ADJUSTMENT, amount=amount, reason="MFC"
        )
    assert selectors.balances(budget, 2024).entitlement == Decimal("950.00")
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=2024, kind=EntryKind.ADJUSTMENT, amount=0, reason="x")
    assert codes(exc_info) == [ErrorCode.AMOUNT_ZERO]


def test_book_refuses_the_reversal_kind(budget):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=2024, kind=EntryKind.REVERSAL, amount=5, reason="x")
    assert codes(exc_info) == [ErrorCode.KIND_IS_REVERSAL]


def test_book_refuses_an_unknown_kind(budget):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=2024, kind="GIFT", amount=5, reason="x")
    assert codes(exc_info) == [ErrorCode.KIND_UNKNOWN]


def test_book_requires_a_reason_and_a_valid_year_and_reports_all_at_once(budget):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=1999, kind=EntryKind.ALLOCATION, amount=5, reason="  ")
    assert exc_info.value.by_field() == {
        "year": ["Het budgetjaar moet een kalenderjaar tussen 2000 en 2099 zijn."],
        "reason": ["Vul in waarom je deze boeking maakt."],
    }
    assert not Entry.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("year", ["2024", True, 2100])
def test_book_refuses_a_year_that_is_no_calendar_year_in_range(budget, year):
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=year, kind=EntryKind.ALLOCATION, amount=5, reason="x")
    assert codes(exc_info) == [ErrorCode.YEAR_INVALID]


@pytest.mark.parametrize(
    "kind", [EntryKind.ADJUSTMENT, EntryKind.VIA_SUPPLEMENT, EntryKind.REIMBURSEMENT]
)
def test_book_refuses_money_on_a_year_without_allocation(kind):
    budget = funded_budget(year=2024)
    with pytest.raises(RuleViolations) as exc_info:
        services.book(budget=budget, year=2025, kind=kind, amount=5, reason="x")
    assert codes(exc_info) == [ErrorCode.NO_ALLOCATION]
    assert "Boek eerst de toekenning" in exc_info.value.violations[0].text()


def test_advance_needs_no_allocation_of_that_year(budget):
    entry = services.book(
        budget=budget, year=2024, kind=EntryKind.ADVANCE_PAID, amount="750.00", reason="R13"
    )
    assert entry.bucket == Bucket.ADVANCE


# --- idempotency -----------------------------------------------------------------------------


def test_same_idempotency_key_returns_the_same_entry_and_books_once():
    budget = funded_budget(amount="1000.00")
    first = reimburse(budget, "400.00", idempotency_key="kostenstaat-17")
    events = AuditEvent.objects.count()
    again = reimburse(budget, "400.00", idempotency_key="kostenstaat-17")
    assert again.pk == first.pk
    assert Entry.objects.filter(kind=EntryKind.REIMBURSEMENT).count() == 1
    assert AuditEvent.objects.count() == events
    assert selectors.budget_line(budget, 2024) == Decimal("600.00")


def test_idempotent_replay_succeeds_after_the_line_is_spent():
    budget = funded_budget(amount="1000.00")
    first = reimburse(budget, "1000.00", idempotency_key="betaling-1")
    assert reimburse(budget, "1000", idempotency_key="betaling-1").pk == first.pk


def test_idempotency_key_of_another_booking_is_refused():
    budget = funded_budget(amount="1000.00")
    first = reimburse(budget, "400.00", idempotency_key="k-1")
    with pytest.raises(RuleViolations) as exc_info:
        reimburse(budget, "401.00", idempotency_key="k-1")
    assert codes(exc_info) == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert f"#{first.pk}" in exc_info.value.violations[0].text()
    other = funded_budget(amount="1000.00")
    with pytest.raises(RuleViolations):
        reimburse(other, "400.00", idempotency_key="k-1")
    assert Entry.objects.filter(idempotency_key="k-1").count() == 1


def test_idempotency_key_longer_than_the_column_is_refused():
    budget = funded_budget()
    with pytest.raises(RuleViolations) as exc_info:
        reimburse(budget, "1.00", idempotency_key="k" * 101)
    assert codes(exc_info) == [ErrorCode.IDEMPOTENCY_KEY_INVALID]


def test_blank_idempotency_key_means_none():
    budget = funded_budget(amount="1000.00")
    first = reimburse(budget, "10.00", idempotency_key=" ")
    second = reimburse(budget, "10.00", idempotency_key="")
    assert first.pk != second.pk
    assert first.idempotency_key is None


# --- reverse ---------------------------------------------------------------------------------


def test_reversal_restores_the_balance_exactly(user):
    budget = funded_budget(amount="1000.00")
    before = selectors.balances(budget, 2024)
    payment = reimburse(budget, "333.33")
    reversal = services.reverse(payment, reason="dubbel ingediend", by=user)
    assert reversal.kind == EntryKind.REVERSAL
    assert reversal.bucket == Bucket.PAID
    assert reversal.amount == Decimal("-333.33")
    assert reversal.reverses == payment
    assert reversal.year == payment.year
    assert Entry.objects.get(pk=payment.pk).reversed_by == reversal
    assert selectors.balances(budget, 2024) == before
    event = AuditEvent.objects.get(object_id=str(reversal.pk), object_type="ledger.Entry")
    assert event.details["reverses"] == payment.pk
    assert event.person_id == budget.person_id


def test_reversing_twice_is_refused():
    budget = funded_budget()
    payment = reimburse(budget, "10.00")
    services.reverse(payment, reason="fout")
    with pytest.raises(RuleViolations) as exc_info:
        services.reverse(payment, reason="nog eens")
    assert codes(exc_info) == [ErrorCode.ALREADY_REVERSED]
    assert Entry.objects.filter(kind=EntryKind.REVERSAL).count() == 1


def test_reversing_a_reversal_is_refused():
    budget = funded_budget()
    reversal = services.reverse(reimburse(budget, "10.00"), reason="fout")
    with pytest.raises(RuleViolations) as exc_info:
        services.reverse(reversal, reason="toch niet")
    assert codes(exc_info) == [ErrorCode.REVERSAL_OF_REVERSAL]


def test_reverse_requires_a_reason():
    budget = funded_budget()
    payment = reimburse(budget, "10.00")
    with pytest.raises(RuleViolations) as exc_info:
        services.reverse(payment, reason="")
    assert codes(exc_info) == [ErrorCode.REASON_REQUIRED]


def test_r26_reversing_an_allocation_already_spent_is_refused():
    budget = funded_budget(amount="1000.00")
    allocation = Entry.objects.get(budget=budget, kind=EntryKind.ALLOCATION)
    reimburse(budget, "10.00")
    with pytest.raises(RuleViolations) as exc_info:
        services.reverse(allocation, reason="verkeerd jaar")
    assert codes(exc_info) == [ErrorCode.BUDGET_LINE_NEGATIVE]
    assert exc_info.value.violations[0].rule_id == "R26"


def test_r26_negative_adjustment_below_what_is_spent_is_refused():
    budget = funded_budget(amount="1000.00")
    reimburse(budget, "900.00")
    services.book(
        budget=budget, year=2024, kind=EntryKind.ADJUSTMENT, amount="-100.00", reason="MFC"
    )
    with pytest.raises(RuleViolations) as exc_info:
        services.book(
            budget=budget, year=2024, kind=EntryKind.ADJUSTMENT, amount="-0.01", reason="MFC"
        )
    assert codes(exc_info) == [ErrorCode.BUDGET_LINE_NEGATIVE]
    assert selectors.budget_line(budget, 2024) == Decimal("0.00")


# --- pay (R26) -------------------------------------------------------------------------------


def test_r26_pay_refuses_overspending_with_a_dutch_message_on_amount():
    budget = funded_budget(amount="1000.00")
    reimburse(budget, "600.00")
    with pytest.raises(RuleViolations) as exc_info:
        services.pay(
            budget=budget,
            year=2024,
            kind=EntryKind.VOUCHER_PAYMENT,
            amount="400.01",
            reason="factuur",
        )
    (violation,) = exc_info.value.violations
    assert violation.rule_id == "R26"
    assert violation.code == ErrorCode.BUDGET_LINE_EXCEEDED
    assert violation.field == "amount"
    assert exc_info.value.by_field() == {
        "amount": [
            "Het bedrag van EUR 400,01 is hoger dan wat er van het budget 2024 overblijft "
            "(EUR 400,00). Kosten boven het jaarbudget zijn ten laste van de budgethouder: "
            "betaal hoogstens EUR 400,00."
        ]
    }
    assert selectors.budget_line(budget, 2024) == Decimal("400.00")


def test_r26_pay_may_use_the_budget_line_to_the_cent():
    budget = funded_budget(amount="1000.00")
    reimburse(budget, "999.99")
    reimburse(budget, "0.01")
    assert selectors.budget_line(budget, 2024) == Decimal("0.00")


def test_r26_line_counts_per_year():
    budget = funded_budget(year=2024, amount="100.00")
    allocate(budget, year=2025, amount="50.00")
    reimburse(budget, "100.00", year=2024)
    with pytest.raises(RuleViolations):
        reimburse(budget, "50.01", year=2025)
    reimburse(budget, "50.00", year=2025)


def test_r26_commitment_counts_against_the_budget_line():
    budget = funded_budget(amount="1000.00")
    services.pay(
        budget=budget, year=2024, kind=EntryKind.COMMITMENT, amount="700.00", reason="goedgekeurd"
    )
    with pytest.raises(RuleViolations) as exc_info:
        reimburse(budget, "300.01")
    assert codes(exc_info) == [ErrorCode.BUDGET_LINE_EXCEEDED]


def test_r26_book_checks_the_budget_line_too():
    budget = funded_budget(amount="100.00")
    with pytest.raises(RuleViolations) as exc_info:
        services.book(
            budget=budget, year=2024, kind=EntryKind.REIMBURSEMENT, amount="100.01", reason="x"
        )
    assert codes(exc_info) == [ErrorCode.BUDGET_LINE_EXCEEDED]


def test_r26_pay_releasing_a_commitment_counts_it_as_available():
    budget = funded_budget(amount="1000.00")
    commitment = services.pay(
        budget=budget, year=2024, kind=EntryKind.COMMITMENT, amount="1000.00", reason="goedgekeurd"
    )
    payment = services.pay(
        budget=budget,
        year=2024,
        kind=EntryKind.VOUCHER_PAYMENT,
        amount="950.00",
        reason="betaalronde",
        releases=commitment,
    )
    figures = selectors.balances(budget, 2024)
    assert (figures.paid, figures.committed, figures.budget_line) == (
        Decimal("950.00"),
        Decimal("0.00"),
        Decimal("50.00"),
    )
    release = Entry.objects.get(reverses=commitment)
    event = AuditEvent.objects.get(object_id=str(payment.pk), object_type="ledger.Entry")
    assert event.details["release_entry"] == release.pk
    with pytest.raises(RuleViolations) as exc_info:
        services.pay(
            budget=budget,
            year=2024,
            kind=EntryKind.VOUCHER_PAYMENT,
            amount="1.00",
            reason="nog eens",
            releases=commitment,
        )
    assert codes(exc_info) == [ErrorCode.ALREADY_REVERSED]


def test_r26_refused_payment_keeps_the_commitment():
    budget = funded_budget(amount="1000.00")
    commitment = services.pay(
        budget=budget, year=2024, kind=EntryKind.COMMITMENT, amount="500.00", reason="goedgekeurd"
    )
    with pytest.raises(RuleViolations):
        services.pay(
            budget=budget,
            year=2024,
            kind=EntryKind.VOUCHER_PAYMENT,
            amount="1000.01",
            reason="betaalronde",
            releases=commitment,
        )
    assert not Entry.objects.filter(reverses=commitment).exists()
    assert selectors.balances(budget, 2024).committed == Decimal("500.00")


def test_pay_refuses_to_release_a_commitment_of_another_year():
    budget = funded_budget(year=2024)
    allocate(budget, year=2025)
    commitment = services.pay(
        budget=budget, year=2024, kind=EntryKind.COMMITMENT, amount="5.00", reason="x"
    )
    with pytest.raises(RuleViolations) as exc_info:
        reimburse(budget, "5.00", year=2025, releases=commitment)
    assert codes(exc_info) == [ErrorCode.COMMITMENT_OTHER_BUDGET_YEAR]


@pytest.mark.parametrize(
    "kind", [EntryKind.ALLOCATION, EntryKind.ADVANCE_PAID, EntryKind.ADJUSTMENT]
)
def test_pay_refuses_kinds_that_are_no_payment(kind):
    budget = funded_budget()
    with pytest.raises(RuleViolations) as exc_info:
        services.pay(budget=budget, year=2024, kind=kind, amount="5.00", reason="x")
    assert codes(exc_info) == [ErrorCode.KIND_NOT_PAYABLE]


def test_pay_locks_the_budget_row_first():
    budget = funded_budget()
    with CaptureQueriesContext(connection) as queries:
        reimburse(budget, "5.00")
    statements = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    first = statements[0]
    assert "dossiers_budget" in first
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in first
    else:
        # SQLite has no row locks: transactions start IMMEDIATE (settings), which serializes
        # writers for the whole database instead.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# --- release_commitment ----------------------------------------------------------------------


def test_release_commitment_gives_the_amount_back_to_the_line():
    budget = funded_budget(amount="1000.00")
    commitment = services.pay(
        budget=budget, year=2024, kind=EntryKind.COMMITMENT, amount="250.00", reason="x"
    )
    assert selectors.budget_line(budget, 2024) == Decimal("750.00")
    release = services.release_commitment(commitment, reason="kost ingetrokken")
    assert release.reverses == commitment
    assert selectors.budget_line(budget, 2024) == Decimal("1000.00")
    event = AuditEvent.objects.get(object_id=str(release.pk), object_type="ledger.Entry")
    assert "vrijgegeven" in event.summary


def test_release_commitment_refuses_other_kinds():
    budget = funded_budget()
    with pytest.raises(RuleViolations) as exc_info:
        services.release_commitment(reimburse(budget, "5.00"), reason="x")
    assert codes(exc_info) == [ErrorCode.NOT_A_COMMITMENT]


# --- advance (R13), VIA (R27), year-end premium (R28) ---------------------------------------


def test_r13_advance_paid_and_repaid_outstanding(budget):
    services.book(
        budget=budget, year=2024, kind=EntryKind.ADVANCE_PAID, amount="3000.00", reason="R13"
    )
    repaid = services.book(
        budget=budget, year=2025, kind=EntryKind.ADVANCE_REPAID, amount="1000.00", reason="stop"
    )
    assert repaid.amount == Decimal("-1000.00")
    assert repaid.bucket == Bucket.ADVANCE
    assert selectors.advance_outstanding(budget) == Decimal("2000.00")
    assert selectors.balances(budget, 2024).advance_outstanding == Decimal("3000.00")
    assert selectors.balances(budget, 2025).advance_outstanding == Decimal("2000.00")
    # the advance is not part of the budget (R13): the budget line does not move
    assert selectors.balances(budget, 2024).budget_line == Decimal("0.00")


def test_r13_repaying_more_than_outstanding_is_refused(budget):
    services.book(
        budget=budget, year=2024, kind=EntryKind.ADVANCE_PAID, amount="100.00", reason="R13"
    )
    with pytest.raises(RuleViolations) as exc_info:
        services.book(
            budget=budget, year=2024, kind=EntryKind.ADVANCE_REPAID, amount="100.01", reason="x"
        )
    (violation,) = exc_info.value.violations
    assert (violation.rule_id, violation.code, violation.field) == (
        "R13",
        ErrorCode.ADVANCE_REPAID_EXCEEDS_OUTSTANDING,
        "amount",
    )
    assert "EUR 100,00" in violation.text()


def test_r13_reversing_a_repaid_advance_payment_is_refused(budget):
    paid = services.book(
        budget=budget, year=2024, kind=EntryKind.ADVANCE_PAID, amount="100.00", reason="R13"
    )
    services.book(
        budget=budget, year=2024, kind=EntryKind.ADVANCE_REPAID, amount="100.00", reason="stop"
    )
    with pytest.raises(RuleViolations) as exc_info:
        services.reverse(paid, reason="fout")
    assert codes(exc_info) == [ErrorCode.ADVANCE_REPAID_EXCEEDS_OUTSTANDING]


def test_r27_via_supplement_raises_the_entitlement():
    budget = funded_budget(amount="1000.00")
    services.book(
        budget=budget, year=2024, kind=EntryKind.VIA_SUPPLEMENT, amount="70.00", reason="VIA4"
    )
    figures = selectors.balances(budget, 2024)
    assert (figures.entitlement, figures.via) == (Decimal("1000.00"), Decimal("70.00"))
    assert figures.budget_line == Decimal("1070.00")
    reimburse(budget, "1070.00")
    assert Entry.objects.get(kind=EntryKind.VIA_SUPPLEMENT).bucket == Bucket.VIA


def test_r28_year_end_premium_raises_the_budget_line():
    budget = funded_budget(amount="1000.00")
    reimburse(budget, "1000.00")
    services.book(
        budget=budget,
        year=2024,
        kind=EntryKind.YEAR_END_PREMIUM,
        amount="155.65",
        reason="eindejaarspremie 2024 (VIA5)",
    )
    assert selectors.budget_line(budget, 2024) == Decimal("155.65")
    assert selectors.balances(budget, 2024).premium == Decimal("155.65")
    assert Entry.objects.get(kind=EntryKind.YEAR_END_PREMIUM).bucket == Bucket.PREMIUM


def test_r28_year_end_premium_needs_the_years_allocation():
    budget = BudgetFactory()
    with pytest.raises(RuleViolations) as error:
        services.book(
            budget=budget,
            year=2024,
            kind=EntryKind.YEAR_END_PREMIUM,
            amount="155.65",
            reason="eindejaarspremie",
        )
    assert [v.code for v in error.value.violations] == [ErrorCode.NO_ALLOCATION]


def test_r28_reversing_a_spent_year_end_premium_is_refused():
    budget = funded_budget(amount="1000.00")
    premium = services.book(
        budget=budget,
        year=2024,
        kind=EntryKind.YEAR_END_PREMIUM,
        amount="100.00",
        reason="eindejaarspremie",
    )
    reimburse(budget, "1100.00")
    with pytest.raises(RuleViolations) as error:
        services.reverse(premium, reason="fout")
    assert [v.code for v in error.value.violations] == [ErrorCode.BUDGET_LINE_NEGATIVE]


def test_entries_of_other_budgets_do_not_count():
    budget = funded_budget(amount="100.00")
    other = BudgetFactory()
    with pytest.raises(RuleViolations):
        reimburse(other, "1.00")
    reimburse(budget, "100.00")
    assert selectors.budget_line(other, 2024) == Decimal("0.00")
