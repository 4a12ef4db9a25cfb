"""check_ledger, with what dossiers know: every stopped or converted budget's allocation is
what its history says it should be, each booked year (R33, R7; decisions 0009 and 0013).

Breaches are made with raw SQL inserts, around the services."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.dossiers import services
from budgetlijn.dossiers.invariants import ended_allocations
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory
from budgetlijn.dossiers.tests.test_budgets import allocate_pab, allocate_pvb
from budgetlijn.ledger import invariants
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.helpers import raw_insert
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db


def stopped_pvb(stop_on=date(2024, 10, 1), *, paid=None):
    """PVB old V from January 2024, started 1 February, category VI from 1 July, stopped."""
    budget = allocate_pvb(allocated_on=date(2024, 1, 2), letter_received_on=date(2024, 1, 5))
    services.start_budget(budget, on=date(2024, 2, 1))
    services.change_budget_allocation(
        budget, from_day=date(2024, 7, 1), reason="herziening", category="VI"
    )
    if paid:
        ledger.pay(budget=budget, year=2024, kind="REIMBURSEMENT", amount=paid, reason="kosten")
    services.stop_budget(budget, on=stop_on, reason="OWN_CHOICE")
    budget.refresh_from_db()
    return budget


def codes() -> list[str]:
    return [finding.code for finding in invariants.check_ledger()]


def run_failing() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as exc_info:
        call_command("check_ledger", stdout=out)
    assert exc_info.value.returncode == 1
    return out.getvalue()


def test_the_check_is_registered_with_the_ledger_once():
    assert invariants.checks().count(ended_allocations) == 1
    invariants.register_check(ended_allocations)  # again: changes nothing
    assert invariants.checks().count(ended_allocations) == 1


def test_r33_stopped_and_converted_budgets_with_changes_pass():
    stopped_pvb()
    person = PersonFactory(birth_date=date(2005, 6, 1))
    mother = RelationFactory(person=person, kind="PARENT").relative
    pab = allocate_pab(
        person,
        [services.HolderInput(mother, "PARENT")],
        allocated_on=date(2023, 3, 1),
        letter_received_on=date(2023, 3, 3),
    )
    services.start_budget(pab, on=date(2023, 4, 1))
    services.change_budget_allocation(pab, from_day=date(2023, 5, 1), reason="x", band=3)
    services.convert_to_pvb(
        pab, on=date(2023, 7, 1), scheme="old", category="V", support_plan_filed_on=date(2023, 3, 1)
    )
    assert ended_allocations() == []
    out = StringIO()
    call_command("check_ledger", stdout=out)
    assert "Grootboek in orde" in out.getvalue()


def test_r33_a_tampered_allocation_entry_of_a_stopped_budget_is_found():
    budget = stopped_pvb()
    raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="100.00",
        key=f"allocation-change:{budget.pk}:9:2024",
    )
    assert codes() == ["allocation_not_settled"]
    [finding] = ended_allocations()
    assert finding.rule_id == "R33"
    # January-June at V, July-September at VI: 33 558,97 (decision 0013).
    assert finding.params["should"] == format_eur(Decimal("33558.97"))
    assert finding.params["booked"] == format_eur(Decimal("33658.97"))
    assert finding.params["difference"] == format_eur(Decimal("100.00"))
    output = run_failing()
    assert f"[R33 allocation_not_settled] Budget {budget.pk}, 2024: het budget is beëindigd" in (
        output
    )
    assert "Zoek uit hoe het verschil geboekt werd" in output


def test_r33_a_reversed_allocation_entry_counts_as_undone():
    budget = stopped_pvb()
    entry = raw_insert(
        budget_id=budget.pk,
        year=2024,
        kind=EntryKind.ADJUSTMENT,
        bucket=Bucket.ENTITLEMENT,
        amount="-100.00",
        key=f"end-adjustment:{budget.pk}:2024:7",
    )
    assert codes() == ["allocation_not_settled"]
    ledger.reverse(entry, reason="ten onrechte geboekt")
    assert codes() == []


def test_r33_a_capped_stop_is_no_violation_until_money_is_left_on_the_line():
    budget = stopped_pvb(stop_on=date(2024, 4, 1), paid=Decimal("40000.00"))
    # 3/12 of V is 10 581,66, but 40 000,00 is paid: the stop took back no more than the line.
    assert codes() == []
    payment = Entry.objects.get(budget=budget, kind=EntryKind.REIMBURSEMENT)
    ledger.reverse(payment, reason="dubbel betaald")
    assert codes() == ["allocation_not_settled"]  # now the end could take back the rest
    services.settle_allocation_at_end(budget, last_day=date(2024, 3, 31))
    assert codes() == []


def test_r33_money_left_on_a_year_after_the_end_is_found():
    budget = allocate_pvb(allocated_on=date(2024, 1, 2), letter_received_on=date(2024, 1, 5))
    services.start_budget(budget, on=date(2024, 2, 1))
    services.open_budget_year(budget, 2025)
    services.stop_budget(budget, on=date(2024, 10, 1), reason="OWN_CHOICE")
    assert codes() == []
    raw_insert(
        budget_id=budget.pk,
        year=2025,
        kind=EntryKind.VIA_SUPPLEMENT,
        bucket=Bucket.VIA,
        amount="250.00",
    )
    assert codes() == ["year_after_end_not_taken_back"]
    assert ended_allocations()[0].params["entitlement"] == format_eur(Decimal("250.00"))


def test_the_check_costs_the_same_queries_for_one_or_many_ended_budgets():
    stopped_pvb()
    with CaptureQueriesContext(connection) as one:
        assert ended_allocations() == []
    stopped_pvb(stop_on=date(2024, 9, 1))
    stopped_pvb(stop_on=date(2024, 12, 1))
    with CaptureQueriesContext(connection) as three:
        assert ended_allocations() == []
    assert len(three.captured_queries) == len(one.captured_queries) <= 4
