"""R12: the cash surcharge (11,94 %) booked on top of the budget line for cash spent at
non-licensed providers, as steps that add up to the surcharge on the year's total."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.costs import services as costs
from budgetlijn.costs.tests.conftest import cost, statement
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.vouchers import surcharge
from budgetlijn.vouchers.tests.conftest import make_world, voucher_contract

pytestmark = pytest.mark.django_db

D = Decimal
FILED = date(2023, 6, 15)


@pytest.fixture
def cash_world(db):
    world = make_world()
    budget = world["budget"]
    assistant = contracts.register_contract(
        budget=budget,
        data=employment(
            type_code="PVB_EMPLOYMENT",
            minor_name="",
            start_date=date(2023, 1, 1),
            end_date=date(2023, 12, 31),
            holder_signed_on=date(2022, 12, 20),
            counterparty_signed_on=date(2022, 12, 20),
            support_function="INDIVIDUAL_PRACTICAL_HELP",
        ),
        on=date(2023, 1, 2),
    )
    contracts.approve_contract(assistant, on=date(2023, 1, 5))
    licensed_cash = contracts.register_contract(
        budget=budget,
        data=voucher_contract(world["provider"], payment_mode="CASH"),
        on=date(2023, 1, 2),
    )
    contracts.approve_contract(licensed_cash, on=date(2023, 1, 5))
    world.update(assistant=assistant, licensed_cash=licensed_cash)
    return world


def file(budget, contract, amount, kind="WAGE", month=3):
    result = costs.file_statement(
        statement(budget, cost(contract, amount, kind=kind, month=month)), filed_on=FILED
    )
    assert result.status == costs.Status.FILED
    return result


def test_r12_cash_surcharge_on_cash_at_a_non_licensed_assistant_raises_the_line(cash_world):
    budget = cash_world["budget"]
    file(budget, cash_world["assistant"], "1000.00")
    file(budget, cash_world["licensed_cash"], "2000.00", kind="PROVIDER_INVOICE")  # licensed: none
    line_before = ledger.budget_line(budget, 2023)

    step = surcharge.book_cash_surcharge(budget=budget, year=2023)

    assert (step.cash, step.surcharge, step.step) == (D("1000.00"), D("119.40"), D("119.40"))
    entry = Entry.objects.get(pk=step.entry_id)
    assert (entry.kind, entry.amount, entry.idempotency_key) == (
        EntryKind.ADJUSTMENT,
        D("119.40"),
        f"cash-surcharge:{budget.pk}:2023:1",
    )
    assert ledger.budget_line(budget, 2023) == line_before + D("119.40")
    assert check_ledger() == []


def test_r12_cash_surcharge_again_books_only_the_difference_and_adds_up(cash_world):
    budget = cash_world["budget"]
    for month in (3, 4, 5):
        file(budget, cash_world["assistant"], "333.33", month=month)
        surcharge.book_cash_surcharge(budget=budget, year=2023)
    again = surcharge.book_cash_surcharge(budget=budget, year=2023)
    assert again.step == D("0.00") and again.entry_id is None
    booked = Entry.objects.filter(budget=budget, idempotency_key__startswith="cash-surcharge:")
    assert [e.amount for e in booked.order_by("pk")] == [D("39.80"), D("39.80"), D("39.80")]
    assert sum(e.amount for e in booked) == D("119.40")  # 11,94 % of 999,99 = 119,398806


def test_r12_cash_surcharge_taken_back_when_cash_is_taken_back(cash_world):
    budget = cash_world["budget"]
    result = file(budget, cash_world["assistant"], "1000.00")
    surcharge.book_cash_surcharge(budget=budget, year=2023)
    cost_line = result.statement.lines.get()
    ledger_services.release_commitment(cost_line.commitment, reason="steekproef")
    type(cost_line).objects.filter(pk=cost_line.pk).update(
        outcome="REFUSED", accepted_amount=0, own_amount=D("1000.00"), commitment=None
    )
    step = surcharge.book_cash_surcharge(budget=budget, year=2023)
    assert step.step == D("-119.40")
    assert step.entry_id is not None


def test_r12_no_surcharge_for_voucher_or_licensed_spending(cash_world):
    budget = cash_world["budget"]
    file(budget, cash_world["licensed_cash"], "2000.00", kind="PROVIDER_INVOICE")
    assert surcharge.book_cash_surcharge(budget=budget, year=2023).step == D("0.00")


def test_r12_the_command_books_for_the_year_and_a_dry_run_keeps_nothing(cash_world):
    budget = cash_world["budget"]
    file(budget, cash_world["assistant"], "1000.00")
    out = StringIO()
    call_command("book_cash_surcharge", "--year", "2023", "--dry-run", stdout=out)
    assert "Proef (niets opgeslagen)" in out.getvalue()
    assert "119,40" in out.getvalue()
    assert not Entry.objects.filter(idempotency_key__startswith="cash-surcharge:").exists()
    out = StringIO()
    call_command("book_cash_surcharge", "--year", "2023", stdout=out)
    assert "EUR 119,40 toeslag geboekt" in out.getvalue()
    assert Entry.objects.filter(idempotency_key__startswith="cash-surcharge:").count() == 1
