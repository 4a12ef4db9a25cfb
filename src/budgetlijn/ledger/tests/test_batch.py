"""book_batch: one result per request, every status, groups, idempotency, a fixed number of
queries (docs/decisions/0014)."""

import math
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from budgetlijn.audit.models import AuditEvent
from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.batch import BatchStatus, BookingRequest, book_batch
from budgetlijn.ledger.constants import Bucket, EntryKind, ErrorCode
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import BudgetFactory, funded_budget
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db

YEAR = 2024


def req(budget, amount, kind=EntryKind.COMMITMENT, **kwargs) -> BookingRequest:
    kwargs.setdefault("year", YEAR)
    kwargs.setdefault("reason", "Kostenstaat")
    budget_id = budget if isinstance(budget, int) else budget.pk
    return BookingRequest(budget_id=budget_id, kind=kind, amount=Decimal(amount), **kwargs)


def statuses(results):
    return [result.status for result in results]


def codes(result):
    return [violation.code for violation in result.violations]


def test_an_empty_batch_books_nothing_and_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert book_batch([]) == []


def test_created_entries_are_booked_with_one_audit_event_each(user):
    budget = funded_budget(amount="1000.00")
    other = funded_budget(amount="500.00")
    results = book_batch(
        [req(budget, "100.00"), req(other, "200.00", kind=EntryKind.REIMBURSEMENT)], by=user
    )
    assert statuses(results) == [BatchStatus.CREATED, BatchStatus.CREATED]
    first, second = (Entry.objects.get(pk=r.entry_id) for r in results)
    assert (first.budget_id, first.kind, first.bucket, first.amount) == (
        budget.pk,
        EntryKind.COMMITMENT,
        Bucket.COMMITTED,
        Decimal("100.00"),
    )
    assert (second.bucket, second.created_by) == (Bucket.PAID, user)
    events = AuditEvent.objects.filter(object_type="ledger.Entry", object_id=str(first.pk))
    assert [(e.actor, e.person_id, e.details["amount"]) for e in events] == [
        (user, budget.person_id, "100.00")
    ]
    assert AuditEvent.objects.filter(object_id=str(second.pk)).count() == 1
    assert selectors.budget_line(budget, YEAR) == Decimal("900.00")
    assert selectors.budget_line(other, YEAR) == Decimal("300.00")
    assert check_ledger() == []


def test_a_caller_that_audits_its_groups_itself_gets_no_event_per_entry(user):
    budget = funded_budget(amount="1000.00")
    events = AuditEvent.objects.count()
    results = book_batch(
        [req(budget, "100.00", group="g"), req(budget, "50.00", group="g")], by=user, audit=False
    )
    assert statuses(results) == [BatchStatus.CREATED, BatchStatus.CREATED]
    assert AuditEvent.objects.count() == events
    assert selectors.budget_line(budget, YEAR) == Decimal("850.00")
    assert check_ledger() == []


def test_r26_requests_are_decided_in_order_against_the_line_they_leave():
    budget = funded_budget(amount="1000.00")
    results = book_batch([req(budget, "600.00"), req(budget, "600.00"), req(budget, "400.00")])
    assert statuses(results) == [
        BatchStatus.CREATED,
        BatchStatus.EXCEEDS_BUDGET_LINE,
        BatchStatus.CREATED,
    ]
    assert codes(results[1]) == [ErrorCode.BUDGET_LINE_EXCEEDED]
    assert results[1].violations[0].params["line"] == format_eur(Decimal("400.00"))
    assert results[1].entry_id is None
    assert selectors.budget_line(budget, YEAR) == Decimal("0.00")


def test_r26_a_line_spent_to_the_cent_passes_and_one_cent_more_does_not():
    budget = funded_budget(amount="100.00")
    results = book_batch([req(budget, "99.99"), req(budget, "0.02"), req(budget, "0.01")])
    assert statuses(results) == [
        BatchStatus.CREATED,
        BatchStatus.EXCEEDS_BUDGET_LINE,
        BatchStatus.CREATED,
    ]


def test_r26_lowering_the_entitlement_below_what_is_spent_is_refused():
    budget = funded_budget(amount="1000.00")
    results = book_batch([req(budget, "800.00"), req(budget, "-300.00", kind=EntryKind.ADJUSTMENT)])
    assert statuses(results) == [BatchStatus.CREATED, BatchStatus.EXCEEDS_BUDGET_LINE]
    assert codes(results[1]) == [ErrorCode.BUDGET_LINE_NEGATIVE]


def test_r27_r28_premium_and_via_raise_the_line_within_the_batch():
    budget = funded_budget(amount="1000.00")
    results = book_batch(
        [
            req(budget, "1000.00"),
            req(budget, "70.00", kind=EntryKind.VIA_SUPPLEMENT),
            req(budget, "30.00", kind=EntryKind.YEAR_END_PREMIUM),
            req(budget, "100.00"),
            req(budget, "0.01"),
        ]
    )
    assert statuses(results)[:4] == [BatchStatus.CREATED] * 4
    assert results[4].status == BatchStatus.EXCEEDS_BUDGET_LINE
    figures = selectors.line_figures([budget.pk], YEAR)[budget.pk]
    assert (figures.via, figures.premium, figures.line) == (
        Decimal("70.00"),
        Decimal("30.00"),
        Decimal("0.00"),
    )


def test_r13_repaying_more_advance_than_is_outstanding_is_refused():
    budget = funded_budget(amount="1000.00")
    results = book_batch(
        [
            req(budget, "500.00", kind=EntryKind.ADVANCE_PAID),
            req(budget, "300.00", kind=EntryKind.ADVANCE_REPAID),
            req(budget, "300.00", kind=EntryKind.ADVANCE_REPAID),
        ]
    )
    assert statuses(results) == [
        BatchStatus.CREATED,
        BatchStatus.CREATED,
        BatchStatus.EXCEEDS_ADVANCE,
    ]
    assert codes(results[2]) == [ErrorCode.ADVANCE_REPAID_EXCEEDS_OUTSTANDING]
    assert selectors.advance_outstanding(budget) == Decimal("200.00")


def test_no_allocation_until_the_allocation_of_the_batch_itself():
    budget = BudgetFactory()
    results = book_batch(
        [
            req(budget, "10.00"),
            req(budget, "1000.00", kind=EntryKind.ALLOCATION),
            req(budget, "10.00"),
            req(budget, "10.00", year=YEAR + 1),
        ]
    )
    assert statuses(results) == [
        BatchStatus.NO_ALLOCATION,
        BatchStatus.CREATED,
        BatchStatus.CREATED,
        BatchStatus.NO_ALLOCATION,
    ]
    assert codes(results[0]) == [ErrorCode.NO_ALLOCATION]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "GIFT"}, ErrorCode.KIND_UNKNOWN),
        ({"kind": EntryKind.REVERSAL}, ErrorCode.KIND_IS_REVERSAL),
        ({"amount": Decimal("0.00")}, ErrorCode.AMOUNT_NOT_POSITIVE),
        ({"amount": Decimal("-5.00")}, ErrorCode.AMOUNT_NOT_POSITIVE),
        ({"amount": Decimal("1.005")}, ErrorCode.AMOUNT_TOO_PRECISE),
        ({"amount": Decimal("1E10")}, ErrorCode.AMOUNT_TOO_LARGE),
        ({"amount": "twaalf"}, ErrorCode.AMOUNT_INVALID),
        ({"year": 1999}, ErrorCode.YEAR_INVALID),
        ({"reason": "  "}, ErrorCode.REASON_REQUIRED),
        ({"idempotency_key": "k" * 101}, ErrorCode.IDEMPOTENCY_KEY_INVALID),
        ({"budget_id": 987654321}, ErrorCode.BUDGET_UNKNOWN),
        ({"releases_entry_id": 987654321}, ErrorCode.NOT_A_COMMITMENT),
    ],
)
def test_an_invalid_request_is_refused_with_its_code_and_the_others_still_book(changes, code):
    budget = funded_budget(amount="1000.00")
    fields = {
        "budget_id": budget.pk,
        "year": YEAR,
        "kind": EntryKind.COMMITMENT,
        "amount": Decimal("10.00"),
        "reason": "Kostenstaat",
        **changes,
    }
    results = book_batch([BookingRequest(**fields), req(budget, "10.00")])
    assert statuses(results) == [BatchStatus.INVALID, BatchStatus.CREATED]
    assert codes(results[0]) == [code]
    assert results[0].violations[0].message  # Dutch, says what to do


def test_a_float_amount_is_a_programming_error():
    budget = funded_budget(amount="1000.00")
    with pytest.raises(TypeError):
        book_batch([BookingRequest(budget.pk, YEAR, EntryKind.COMMITMENT, 1.5, "x")])


def test_an_adjustment_of_zero_is_invalid():
    budget = funded_budget(amount="1000.00")
    [result] = book_batch([req(budget, "0", kind=EntryKind.ADJUSTMENT)])
    assert codes(result) == [ErrorCode.AMOUNT_ZERO]


def test_a_resent_batch_answers_exists_and_books_nothing_twice():
    budget = funded_budget(amount="1000.00")
    batch = [req(budget, "100.00", idempotency_key=f"kostenstaat-1:{i}") for i in range(3)]
    first = book_batch(batch)
    count = Entry.objects.count()
    events = AuditEvent.objects.count()
    second = book_batch(batch)
    assert statuses(second) == [BatchStatus.EXISTS] * 3
    assert [r.entry_id for r in second] == [r.entry_id for r in first]
    assert all(r.ok for r in second)
    assert (Entry.objects.count(), AuditEvent.objects.count()) == (count, events)
    assert selectors.budget_line(budget, YEAR) == Decimal("700.00")


def test_a_key_booked_by_the_single_path_answers_exists_in_a_batch():
    budget = funded_budget(amount="1000.00")
    entry = services.pay(
        budget=budget,
        year=YEAR,
        kind=EntryKind.COMMITMENT,
        amount="100.00",
        reason="x",
        idempotency_key="k1",
    )
    [result] = book_batch([req(budget, "100.00", idempotency_key="k1")])
    assert (result.status, result.entry_id) == (BatchStatus.EXISTS, entry.pk)


@pytest.mark.parametrize(
    "changes",
    [{"amount": "100.01"}, {"kind": EntryKind.REIMBURSEMENT}, {"year": YEAR + 1}, {"other": 1}],
)
def test_a_key_stored_with_other_values_answers_exists_different(changes):
    budget = funded_budget(amount="1000.00")
    other = funded_budget(amount="1000.00")
    [created] = book_batch([req(budget, "100.00", idempotency_key="k1")])
    target = other if changes.pop("other", None) else budget
    amount = changes.pop("amount", "100.00")
    [result] = book_batch([req(target, amount, idempotency_key="k1", **changes)])
    assert (result.status, result.entry_id) == (BatchStatus.EXISTS_DIFFERENT, created.entry_id)
    assert codes(result) == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert not result.ok


def test_a_key_twice_in_one_batch_is_invalid_the_second_time():
    budget = funded_budget(amount="1000.00")
    results = book_batch(
        [req(budget, "10.00", idempotency_key="k"), req(budget, "10.00", idempotency_key="k")]
    )
    assert statuses(results) == [BatchStatus.CREATED, BatchStatus.INVALID]
    assert codes(results[1]) == [ErrorCode.IDEMPOTENCY_KEY_DUPLICATE_IN_BATCH]


def test_a_key_refused_for_the_line_may_be_sent_again_once_it_fits():
    budget = funded_budget(amount="100.00")
    [refused] = book_batch([req(budget, "150.00", idempotency_key="k")])
    assert refused.status == BatchStatus.EXCEEDS_BUDGET_LINE
    services.book(budget=budget, year=YEAR, kind=EntryKind.ADJUSTMENT, amount="50", reason="x")
    [booked] = book_batch([req(budget, "150.00", idempotency_key="k")])
    assert booked.status == BatchStatus.CREATED


def test_a_group_fails_as_a_whole_and_leaves_the_line_as_before_it():
    budget = funded_budget(amount="1000.00")
    results = book_batch(
        [
            req(budget, "300.00", group="statement-1"),
            req(budget, "800.00", group="statement-1"),
            req(budget, "100.00", group="statement-1"),
            req(budget, "900.00"),
        ]
    )
    assert statuses(results) == [
        BatchStatus.LINKED_FAILED,
        BatchStatus.EXCEEDS_BUDGET_LINE,
        BatchStatus.LINKED_FAILED,
        BatchStatus.CREATED,
    ]
    assert codes(results[0]) == [ErrorCode.LINKED_REQUEST_FAILED]
    assert results[0].violations[0].params == {"request": 2}
    assert Entry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1
    assert selectors.budget_line(budget, YEAR) == Decimal("100.00")


def test_a_group_that_fits_is_booked_whole():
    budget = funded_budget(amount="1000.00")
    results = book_batch([req(budget, "300.00", group=1), req(budget, "700.00", group=1)])
    assert statuses(results) == [BatchStatus.CREATED] * 2


def test_an_invalid_member_fails_its_group_and_keeps_its_own_status():
    budget = funded_budget(amount="1000.00")
    other = funded_budget(amount="1000.00")
    results = book_batch(
        [
            req(budget, "100.00", group="g"),
            req(other, "100.00"),
            req(budget, "1.001", group="g"),
            req(budget, "5000.00", group="g"),
        ]
    )
    assert statuses(results) == [
        BatchStatus.LINKED_FAILED,
        BatchStatus.CREATED,
        BatchStatus.INVALID,
        BatchStatus.LINKED_FAILED,
    ]
    assert selectors.budget_line(budget, YEAR) == Decimal("1000.00")


def test_a_group_with_a_resent_member_still_books_the_others():
    budget = funded_budget(amount="1000.00")
    [first] = book_batch([req(budget, "100.00", idempotency_key="line-1")])
    results = book_batch(
        [
            req(budget, "100.00", idempotency_key="line-1", group="s"),
            req(budget, "200.00", idempotency_key="line-2", group="s"),
        ]
    )
    assert statuses(results) == [BatchStatus.EXISTS, BatchStatus.CREATED]
    assert results[0].entry_id == first.entry_id
    assert selectors.budget_line(budget, YEAR) == Decimal("700.00")


def test_a_failed_group_keeps_the_status_of_a_member_stored_earlier():
    budget = funded_budget(amount="1000.00")
    [first] = book_batch([req(budget, "100.00", idempotency_key="line-1")])
    results = book_batch(
        [
            req(budget, "100.00", idempotency_key="line-1", group="s"),
            req(budget, "200.00", idempotency_key="line-2", group="s"),
            req(budget, "5000.00", idempotency_key="line-3", group="s"),
        ]
    )
    assert statuses(results) == [
        BatchStatus.EXISTS,
        BatchStatus.LINKED_FAILED,
        BatchStatus.EXCEEDS_BUDGET_LINE,
    ]
    assert results[0].entry_id == first.entry_id
    assert not Entry.objects.filter(idempotency_key="line-2").exists()


def test_releasing_a_commitment_puts_its_amount_back_before_the_payment():
    budget = funded_budget(amount="1000.00")
    commitment = services.pay(
        budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount="800.00", reason="x"
    )
    results = book_batch(
        [
            req(
                budget,
                "900.00",
                kind=EntryKind.REIMBURSEMENT,
                releases_entry_id=commitment.pk,
            ),
            req(
                budget,
                "10.00",
                kind=EntryKind.REIMBURSEMENT,
                releases_entry_id=commitment.pk,
            ),
        ]
    )
    assert statuses(results) == [BatchStatus.CREATED, BatchStatus.INVALID]
    assert codes(results[1]) == [ErrorCode.ALREADY_REVERSED]
    release = Entry.objects.get(pk=results[0].release_entry_id)
    assert (release.kind, release.reverses_id, release.amount) == (
        EntryKind.REVERSAL,
        commitment.pk,
        Decimal("-800.00"),
    )
    assert selectors.budget_line(budget, YEAR) == Decimal("100.00")
    assert AuditEvent.objects.get(object_id=str(results[0].entry_id)).details[
        "released_commitment"
    ] == (commitment.pk)
    assert check_ledger() == []


@pytest.mark.parametrize("which", ["payment", "other_budget", "reversed"])
def test_only_an_open_commitment_of_the_same_budget_year_is_released(which):
    budget = funded_budget(amount="1000.00")
    if which == "payment":
        target = services.pay(
            budget=budget, year=YEAR, kind=EntryKind.REIMBURSEMENT, amount="5", reason="x"
        )
        code = ErrorCode.NOT_A_COMMITMENT
    elif which == "other_budget":
        other = funded_budget(amount="1000.00")
        target = services.pay(
            budget=other, year=YEAR, kind=EntryKind.COMMITMENT, amount="5", reason="x"
        )
        code = ErrorCode.COMMITMENT_OTHER_BUDGET_YEAR
    else:
        target = services.pay(
            budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount="5", reason="x"
        )
        services.release_commitment(target, reason="x")
        code = ErrorCode.ALREADY_REVERSED
    [result] = book_batch(
        [req(budget, "5.00", kind=EntryKind.REIMBURSEMENT, releases_entry_id=target.pk)]
    )
    assert (result.status, codes(result)) == (BatchStatus.INVALID, [code])


def test_a_release_refused_for_the_line_releases_nothing():
    budget = funded_budget(amount="1000.00")
    commitment = services.pay(
        budget=budget, year=YEAR, kind=EntryKind.COMMITMENT, amount="100.00", reason="x"
    )
    [result] = book_batch(
        [req(budget, "1100.01", kind=EntryKind.REIMBURSEMENT, releases_entry_id=commitment.pk)]
    )
    assert result.status == BatchStatus.EXCEEDS_BUDGET_LINE
    assert not Entry.objects.filter(reverses=commitment).exists()


def test_inside_a_callers_transaction_the_batch_is_a_savepoint():
    budget = funded_budget(amount="1000.00")
    with transaction.atomic():
        book_batch([req(budget, "100.00")])
        transaction.set_rollback(True)
    assert selectors.budget_line(budget, YEAR) == Decimal("1000.00")
    assert not Entry.objects.filter(kind=EntryKind.COMMITMENT).exists()


def _batch(size, budgets):
    return [
        req(
            budgets[i % len(budgets)],
            "1.00",
            idempotency_key=f"size-{size}-{i}",
            group=i // 3,
        )
        for i in range(size)
    ]


def test_a_batch_costs_the_same_queries_at_two_sizes():
    """5 or 60 requests over 2 or 20 budgets: the same statements (lock, keys, balances,
    entries, audit). On SQLite Django splits a bulk insert every ~90 rows, so both sizes stay
    below that here; decision 0014 gives the figures for large batches."""
    small = [funded_budget(amount="1000.00") for _ in range(2)]
    large = [funded_budget(amount="1000.00") for _ in range(20)]
    with CaptureQueriesContext(connection) as few:
        assert all(r.ok for r in book_batch(_batch(5, small)))
    with CaptureQueriesContext(connection) as many:
        assert all(r.ok for r in book_batch(_batch(60, large)))
    assert len(few.captured_queries) == len(many.captured_queries)
    assert not any("SUM(" in q["sql"].upper() for q in many.captured_queries)
    assert check_ledger() == []


def test_a_large_batch_adds_only_bulk_insert_statements():
    budgets = [funded_budget(amount="1000.00") for _ in range(5)]
    with CaptureQueriesContext(connection) as queries:
        assert all(r.ok for r in book_batch(_batch(500, budgets)))
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    others = len(queries.captured_queries) - len(inserts)
    assert others <= 8
    # one bulk statement per ~90 entries and per ~120 audit rows (SQLite's 999 parameters),
    # never one per request
    assert len(inserts) <= math.ceil(500 / 80) + math.ceil(500 / 100)


def test_more_keys_than_one_in_list_holds_are_read_in_slices(monkeypatch):
    from budgetlijn.ledger import batch

    monkeypatch.setattr(batch, "IN_LIST_SIZE", 2)
    budgets = [funded_budget(amount="100.00") for _ in range(3)]
    requests = _batch(7, budgets)
    assert all(r.status == BatchStatus.CREATED for r in book_batch(requests))
    assert statuses(book_batch(requests)) == [BatchStatus.EXISTS] * 7
    assert check_ledger() == []
