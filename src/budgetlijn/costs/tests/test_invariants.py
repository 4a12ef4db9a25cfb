"""check_ledger's cost checks (costs/invariants.py): a clean pipeline passes, and each money
guarantee, broken on purpose (rows inserted around the append-only ledger's services, or a
cost line updated behind the services' back), is reported with its own code (R26-R28)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.costs import services
from budgetlijn.costs.constants import ErrorCode, Outcome
from budgetlijn.costs.invariants import cost_lines
from budgetlijn.costs.models import CostLine
from budgetlijn.costs.tests.conftest import cost, statement
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.invariants import check_ledger, checks
from budgetlijn.ledger.tests.helpers import raw_insert
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db
FILED = date(2023, 6, 15)


def file(budget, *lines, filed_on=FILED, **extra):
    result = services.file_statement(statement(budget, *lines, **extra), filed_on=filed_on)
    assert result.status == services.Status.FILED, result.errors
    return list(result.statement.lines.order_by("line_no"))


def codes(found=None):
    return sorted({str(v.code) for v in (cost_lines() if found is None else found)})


def test_the_cost_check_is_registered_with_check_ledger():
    assert cost_lines in checks()


def test_r26_r27_a_clean_pipeline_run_passes_every_check(pab):
    """VIA4 used, a credit note netted, a late line accepted on review, a late line refused,
    a line waiting on a contract decided at approval, the same statement sent twice."""
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "1000.00", booking_type="CREDIT_NOTE"))
    file(budget, *[cost(contract, "2000.00", month=m) for m in range(1, 11)])
    again = services.file_statement(
        statement(budget, *[cost(contract, "2000.00", month=m) for m in range(1, 11)]),
        filed_on=FILED,
    )
    assert again.status == services.Status.EXISTS
    reason = sorted(services.late_reason_codes())[0]
    late = [
        file(
            budget, cost(contract, "300.00", month=m, late_reason=reason), filed_on=date(2024, 6, 3)
        )[0]
        for m in (11, 12)
    ]
    services.review_line(late[0], accept=True, reason="Opname aangetoond")
    services.review_line(late[1], accept=False, reason="Geen bewijs")
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
    file(budget, cost(pending, "900.00", month=3))
    contracts.approve_contract(pending, on=date(2023, 3, 10))
    lines = CostLine.objects.filter(budget=budget)
    assert sum(line.via_used for line in lines) > 0
    assert sum(line.credit_used for line in lines) == Decimal("1000.00")
    assert check_ledger() == []


def test_r26_cost_lines_accepting_more_than_the_entitlement_are_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "15000.00"))
    assert cost_lines() == []
    # the entitlement lowered around the services: the accepted lines no longer fit
    raw_insert(
        budget_id=budget.pk,
        year=2023,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="-6000.00",
    )
    found = cost_lines()
    assert codes(found) == [ErrorCode.LINES_EXCEED_BUDGET_LINE]
    assert found[0].params["accepted"] == format_eur(Decimal("15000.00"))
    assert found[0].params["room"] == format_eur(Decimal("14000.00"))
    # one cent more room than accepted is no breach: the comparison is not off by one
    raw_insert(
        budget_id=budget.pk,
        year=2023,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="1000.00",
    )
    assert codes() == []


def test_r26_a_line_whose_accepted_amount_differs_from_its_commitment_is_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    [line] = file(budget, cost(contract, "700.00"))
    CostLine.objects.filter(pk=line.pk).update(accepted_amount=Decimal("700.01"))
    assert codes() == sorted([ErrorCode.COMMITMENT_MISMATCH, ErrorCode.PARTS_MISMATCH])


def test_r26_a_line_whose_commitment_belongs_to_another_budget_or_year_is_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    [line] = file(budget, cost(contract, "700.00"))
    # an entry of 2022 (the year has no allocation: the ledger reports that too)
    elsewhere = raw_insert(
        budget_id=budget.pk,
        year=2022,
        kind=EntryKind.COMMITMENT,
        bucket=Bucket.COMMITTED,
        amount="700.00",
    )
    own = line.commitment_id
    CostLine.objects.filter(pk=line.pk).update(commitment=elsewhere)
    found = codes()
    assert ErrorCode.COMMITMENT_MISMATCH in found
    # its own commitment now belongs to no line: booked for a line, but no line points to it
    assert ErrorCode.COMMITMENT_WITHOUT_LINE in found
    CostLine.objects.filter(pk=line.pk).update(commitment_id=own)
    assert codes() == []


def test_r26_an_accepted_line_without_commitment_and_a_waiting_line_with_one_are_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    [line] = file(budget, cost(contract, "700.00"))
    CostLine.objects.filter(pk=line.pk).update(outcome=Outcome.WAITING)
    assert ErrorCode.COMMITMENT_MISMATCH in codes()
    CostLine.objects.filter(pk=line.pk).update(outcome=Outcome.ACCEPTED, commitment=None)
    assert codes() == sorted([ErrorCode.COMMITMENT_MISMATCH, ErrorCode.COMMITMENT_WITHOUT_LINE])


def test_r26_a_line_committed_twice_is_reported(pab):
    """A second commitment under the line's key prefix (a double booking) belongs to no line."""
    budget, contract = pab["budget"], pab["contract"]
    [line] = file(budget, cost(contract, "700.00"))
    raw_insert(
        budget_id=budget.pk,
        year=2023,
        kind=EntryKind.COMMITMENT,
        bucket=Bucket.COMMITTED,
        amount="700.00",
        key=f"cost-line:{line.pk}:decided:commit",
    )
    assert codes() == [ErrorCode.COMMITMENT_WITHOUT_LINE]


def test_r26_a_decided_line_whose_parts_do_not_add_up_is_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    [line] = file(budget, cost(contract, "700.00"))
    CostLine.objects.filter(pk=line.pk).update(own_amount=Decimal("0.01"))
    found = cost_lines()
    assert codes(found) == [ErrorCode.PARTS_MISMATCH]
    assert found[0].params["own"] == format_eur(Decimal("0.01"))


def test_r26_a_refused_line_whose_parts_do_not_add_up_is_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    file(budget, cost(contract, "30000.00"))
    [refused] = file(budget, cost(contract, "10.00", month=2))
    assert refused.outcome == Outcome.REFUSED
    CostLine.objects.filter(pk=refused.pk).update(own_amount=Decimal("9.99"))
    assert codes() == [ErrorCode.PARTS_MISMATCH]


def test_r27_via_used_by_the_lines_must_equal_the_via_the_lines_booked(pab):
    budget, contract = pab["budget"], pab["contract"]
    lines = file(budget, cost(contract, "20000.00"), cost(contract, "500.00", month=2))
    assert lines[1].via_used == Decimal("500.00")
    # VIA booked elsewhere (not under a cost key) is not the lines' and changes nothing
    raw_insert(
        budget_id=budget.pk,
        year=2023,
        kind=EntryKind.VIA_SUPPLEMENT,
        bucket=Bucket.VIA,
        amount="100.00",
        key="migration-0004:via",
    )
    assert codes() == []
    CostLine.objects.filter(pk=lines[1].pk).update(via_used=Decimal("499.99"))
    assert codes() == [ErrorCode.VIA_MISMATCH]
    CostLine.objects.filter(pk=lines[1].pk).update(via_used=Decimal("500.00"))
    raw_insert(
        budget_id=budget.pk,
        year=2023,
        kind=EntryKind.VIA_SUPPLEMENT,
        bucket=Bucket.VIA,
        amount="0.01",
        key="cost:0:0:via",
    )
    assert codes() == [ErrorCode.VIA_MISMATCH]


def test_r28_premium_added_by_the_lines_must_equal_the_premium_the_lines_booked(pab):
    budget, contract = pab["budget"], pab["contract"]
    lines = file(budget, cost(contract, "1000.00", kind="WAGE"))
    premium = sum(line.premium_added for line in CostLine.objects.filter(budget=budget))
    CostLine.objects.filter(pk=lines[0].pk).update(premium_added=premium + Decimal("1.00"))
    assert codes() == [ErrorCode.PREMIUM_MISMATCH]


def test_r26_more_credit_netted_than_the_credit_notes_gave_is_reported(pab):
    budget, contract = pab["budget"], pab["contract"]
    [credit] = file(budget, cost(contract, "100.00", booking_type="CREDIT_NOTE"))
    [line] = file(budget, cost(contract, "300.00", month=2))
    assert (line.credit_used, line.accepted_amount) == (Decimal("100.00"), Decimal("200.00"))
    assert codes() == []
    # the credit note now gave one cent less than the later cost netted
    CostLine.objects.filter(pk=credit.pk).update(allowed_amount=Decimal("99.99"))
    found = cost_lines()
    assert codes(found) == [ErrorCode.CREDIT_OVERUSED]
    assert "100,00" in found[0].text()
