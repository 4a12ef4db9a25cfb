"""Filing cost statements through the one path: decisions, the budget line in the ledger,
idempotency, waiting lines and the agency's review (R19, R25, R26, R27)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.audit.models import AuditEvent
from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.costs import selectors, services
from budgetlijn.costs.constants import ErrorCode, Outcome, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.costs.tests.conftest import cost, statement
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db
FILED = date(2023, 6, 15)


def file(budget, *lines, filed_on=FILED, **extra):
    return services.file_statement(statement(budget, *lines, **extra), filed_on=filed_on)


def committed(budget, year=2023):
    return ledger.balances(budget, year).committed


def test_r26_accepted_costs_are_committed_in_the_ledger(pab):
    budget, contract = pab["budget"], pab["contract"]
    result = file(budget, cost(contract, "1500.00"), cost(contract, "1600.50", month=2))
    assert result.status == services.Status.FILED
    lines = list(result.statement.lines.order_by("line_no"))
    assert [line.outcome for line in lines] == [Outcome.ACCEPTED, Outcome.ACCEPTED]
    assert [line.accepted_amount for line in lines] == [Decimal("1500.00"), Decimal("1600.50")]
    assert committed(budget) == Decimal("3100.50")
    assert all(line.commitment.kind == EntryKind.COMMITMENT for line in lines)
    assert lines[1].commitment.amount == Decimal("1600.50")
    [event] = AuditEvent.objects.filter(object_type="costs.CostStatement")
    # The statement's event names the entries it booked; the ledger writes none of its own.
    assert event.details["entries"] == [
        [line.commitment_id, EntryKind.COMMITMENT, str(line.accepted_amount)] for line in lines
    ]
    commitments = [str(line.commitment_id) for line in lines]
    assert not AuditEvent.objects.filter(
        object_type="ledger.Entry", object_id__in=commitments
    ).exists()


def test_r26_r27_seed_via4_example_20000_budget_22000_costs(pab):
    """Seed 003 §5: a PAB of 20 000 with 22 000 of VIA4-eligible costs: 21 400 accepted (7 %
    VIA4 on top), 600 the holder's own."""
    budget, contract = pab["budget"], pab["contract"]
    lines = [cost(contract, "2000.00", month=m) for m in range(1, 12)]  # 22 000
    result = file(budget, *lines)
    decided = list(result.statement.lines.order_by("line_no"))
    assert sum(line.accepted_amount for line in decided) == Decimal("21400.00")
    assert sum(line.own_amount for line in decided) == Decimal("600.00")
    assert sum(line.via_used for line in decided) == Decimal("1400.00")
    assert decided[-1].outcome == Outcome.PARTLY_ACCEPTED
    assert decided[-1].own_amount == Decimal("600.00")
    assert decided[0].via4_eligible is True
    balances = ledger.balances(budget, 2023)
    assert balances.committed == Decimal("21400.00")
    assert ledger.budget_line(budget, 2023) == Decimal("0.00")
    # A further cost finds nothing left: the holder's own, refused by the budget line (R26).
    more = file(budget, cost(contract, "10.00", month=12))
    line = more.statement.lines.get()
    assert (line.outcome, line.accepted_amount, line.own_amount) == (
        Outcome.REFUSED,
        Decimal("0.00"),
        Decimal("10.00"),
    )
    assert committed(budget) == Decimal("21400.00")


def test_r26_credit_note_is_netted_against_later_costs(pab):
    """FACTS.md: 1 000 credit, then 2 500 costs: 1 500 payable."""
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "3000.00"))
    credit = file(budget, cost(contract, "1000.00", booking_type="CREDIT_NOTE", month=2))
    assert credit.statement.lines.get().outcome == Outcome.ACCEPTED
    assert committed(budget) == Decimal("3000.00")  # a credit note pays nothing out
    later = file(budget, cost(contract, "2500.00", month=3))
    line = later.statement.lines.get()
    assert (line.credit_used, line.accepted_amount, line.own_amount) == (
        Decimal("1000.00"),
        Decimal("1500.00"),
        Decimal("0.00"),
    )
    assert committed(budget) == Decimal("4500.00")


def test_the_same_statement_twice_books_nothing_twice(pab):
    budget, contract = pab["budget"], pab["contract"]
    first = file(budget, cost(contract, "700.00"))
    again = file(budget, cost(contract, "700.00"))
    assert again.status == services.Status.EXISTS
    assert again.statement.pk == first.statement.pk
    assert CostStatement.objects.count() == 1
    assert Entry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1


def test_an_idempotency_key_reused_for_other_content_is_refused(pab):
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "700.00"), idempotency_key="k-1")
    other = file(budget, cost(contract, "701.00"), idempotency_key="k-1")
    assert other.status == services.Status.INVALID
    assert [e.code for e in other.errors] == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert committed(budget) == Decimal("700.00")


def test_a_statement_with_one_bad_field_is_not_filed_at_all(pab):
    budget, contract = pab["budget"], pab["contract"]
    result = file(budget, cost(contract, "700.00"), cost(contract, "-3"))
    assert result.status == services.Status.INVALID
    assert [(e.line, e.field) for e in result.errors] == [(2, "amount")]
    assert not CostLine.objects.exists()
    assert not Entry.objects.filter(kind=EntryKind.COMMITMENT).exists()


def test_a_contract_of_another_budget_is_refused_like_an_unknown_one(pab):
    budget = pab["budget"]
    other = services.file_statement(
        statement(budget, {**cost(pab["contract"], "5.00"), "contract_id": 999_999}),
        filed_on=FILED,
    )
    assert [e.code for e in other.errors] == [ErrorCode.CONTRACT_OTHER_BUDGET]


def test_a_dry_run_decides_and_keeps_nothing(pab):
    budget, contract = pab["budget"], pab["contract"]
    [result] = services.file_statements(
        [statement(budget, cost(contract, "900.00"))], filed_on=FILED, dry_run=True
    )
    assert result.lines[0].accepted_amount == Decimal("900.00")
    assert not CostStatement.objects.exists()
    assert committed(budget) == Decimal("0.00")


def test_r19_a_cost_on_a_registered_contract_waits_and_is_decided_at_approval(pab):
    budget = pab["budget"]
    pending = contracts.register_contract(
        budget=budget,
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 3, 1),
            end_date=date(2023, 12, 31),
        ),
        on=date(2023, 3, 1),
    )
    result = file(budget, cost(pending, "800.00", month=3))
    line = result.statement.lines.get()
    assert (line.outcome, line.wait_reason) == (Outcome.WAITING, WaitReason.CONTRACT_NOT_APPROVED)
    assert committed(budget) == Decimal("0.00")
    contracts.approve_contract(pending, on=date(2023, 3, 10))
    line.refresh_from_db()
    assert line.outcome == Outcome.ACCEPTED
    assert line.commitment.amount == Decimal("800.00")
    assert committed(budget) == Decimal("800.00")


def test_r19_a_cost_waiting_on_a_refused_contract_is_refused(pab):
    budget = pab["budget"]
    pending = contracts.register_contract(
        budget=budget,
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 3, 1),
            end_date=date(2023, 12, 31),
        ),
        on=date(2023, 3, 1),
    )
    line = file(budget, cost(pending, "800.00", month=3)).statement.lines.get()
    contracts.refuse_contract(pending, reason="Geen handtekening", on=date(2023, 3, 10))
    line.refresh_from_db()
    assert line.outcome == Outcome.REFUSED
    assert line.own_amount == Decimal("800.00")
    assert any(v["rule"] == "R19" for v in line.violations)
    assert committed(budget) == Decimal("0.00")


def late_line(pab):
    """A 2023 cost filed in June 2024 with a listed reason: it waits for the agency (R25)."""
    budget, contract = pab["budget"], pab["contract"]
    reason = sorted(services.late_reason_codes())[0]
    result = file(
        budget, cost(contract, "450.00", month=5, late_reason=reason), filed_on=date(2024, 6, 3)
    )
    return result.statement.lines.get()


def test_r25_a_late_line_with_a_reason_waits_in_the_review_queue(pab):
    line = late_line(pab)
    assert (line.outcome, line.wait_reason) == (Outcome.WAITING, WaitReason.LATE_REVIEW)
    assert list(selectors.review_queue()) == [line]


def test_r25_review_accepts_a_late_line_and_books_it(pab):
    line = late_line(pab)
    services.review_line(line, accept=True, reason="Ziekenhuisopname in maart aangetoond")
    line.refresh_from_db()
    assert line.outcome == Outcome.ACCEPTED
    assert line.review_decision == "ACCEPT"
    assert committed(pab["budget"]) == Decimal("450.00")
    assert list(selectors.review_queue()) == []
    with pytest.raises(RuleViolations) as refused:  # a second decision on the same line
        services.review_line(line, accept=False, reason="toch niet")
    assert refused.value.violations[0].code == ErrorCode.NOT_WAITING_FOR_REVIEW


def test_r25_review_refuses_a_late_line(pab):
    line = late_line(pab)
    with pytest.raises(RuleViolations):
        services.review_line(line, accept=False, reason="  ")
    services.review_line(line, accept=False, reason="Geen bewijs van de opname")
    line.refresh_from_db()
    assert (line.outcome, line.own_amount) == (Outcome.REFUSED, Decimal("450.00"))
    assert committed(pab["budget"]) == Decimal("0.00")


def test_filing_runs_a_fixed_number_of_queries_whatever_the_number_of_lines(pab):
    budget, contract = pab["budget"], pab["contract"]

    def run(n, month):
        lines = [cost(contract, f"{10 + i}.00", month=month, description=str(i)) for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            services.file_statement(statement(budget, *lines), filed_on=FILED)
        return len(queries)

    # 25 lines still fit one multi-row INSERT on SQLite (999 parameters).
    assert run(2, 1) == run(25, 2)


def test_r26_r28_budget_line_overview_from_the_ledger(pab):
    budget, contract = pab["budget"], pab["contract"]
    lines = [cost(contract, "2000.00", month=m) for m in range(1, 12)]  # 22 000
    file(budget, *lines)
    file(budget, cost(contract, "300.00", booking_type="CREDIT_NOTE", month=12))
    overview = selectors.budget_line_overview(budget, 2023)
    assert overview.yearly_amount == Decimal("20000.00")
    assert overview.via_room == Decimal("1400.00")
    assert overview.via_used == Decimal("1400.00")
    assert overview.via_left == Decimal("0.00")
    assert overview.committed == Decimal("21400.00")
    assert overview.remaining == Decimal("0.00")
    assert overview.own == Decimal("600.00")
    assert overview.credit_remaining == Decimal("300.00")
    assert (overview.free_share, overview.vouchers, overview.waiting) == (0, 0, 0)


def test_r28_a_year_end_premium_raises_the_budget_line_once_per_assistant(pab):
    from budgetlijn.rules import costs as cost_rules

    budget, contract = pab["budget"], pab["contract"]
    params = cost_rules.cost_parameters("PAB", 2023)
    due = cost_rules.year_end_premium_entitlement(params, Decimal("38.00"), months=12)
    assert due > 0
    first = file(budget, cost(contract, "150.00", kind="YEAR_END_PREMIUM", month=12))
    line = first.statement.lines.get()
    assert line.year_end_premium is True
    assert line.premium_added == min(Decimal("150.00"), due)
    assert ledger.balances(budget, 2023).committed == Decimal("150.00")
    assert selectors.budget_line_overview(budget, 2023).year_end_premium == line.premium_added
    # A second premium line for the same contract adds only what is still due.
    second = file(budget, cost(contract, "100.00", kind="YEAR_END_PREMIUM", month=11))
    added = second.statement.lines.get().premium_added
    assert added == max(Decimal("0.00"), min(Decimal("100.00"), due - line.premium_added))
    assert Entry.objects.filter(kind=EntryKind.YEAR_END_PREMIUM).count() == (
        1 + (1 if added else 0)
    )


def test_the_same_cost_filed_again_on_a_later_day_after_a_credit_note_is_new(pab):
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "1000.00"), filed_on=date(2023, 2, 1))
    file(budget, cost(contract, "1000.00", booking_type="CREDIT_NOTE"), filed_on=date(2023, 2, 5))
    again = file(budget, cost(contract, "1000.00"), filed_on=date(2023, 2, 6))
    assert again.status == services.Status.FILED
    line = again.statement.lines.get()
    assert (line.credit_used, line.accepted_amount) == (Decimal("1000.00"), Decimal("0.00"))
    assert CostStatement.objects.count() == 3
