"""A cost file end to end through the service: checked as a whole, nothing booked until the
filer chooses, every bad row named, the same file twice booked once."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.costs import imports
from budgetlijn.costs.constants import ImportStatus
from budgetlijn.costs.models import CostImport, CostLine
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db
FILED = date(2023, 6, 1)

HEADER = "budgetnummer;budgetjaar;overeenkomst;kostensoort;soort boeking;van;tot;assistent;bedrag"


def csv_file(budget, contract, *rows):
    lines = [HEADER]
    for kind, start, end, amount, contract_id in rows:
        lines.append(
            f"{budget.pk};2023;{contract_id or contract.pk};{kind};kost;{start};{end};Jana;{amount}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_bad_rows_are_named_nothing_is_booked_and_the_same_file_books_once(pab):
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(
        budget,
        contract,
        ("WAGE", "01/01/2023", "31/01/2023", "1500,00", None),
        ("WAGE", "01/02/2023", "28/02/2023", "abc", None),  # row 3: amount
        ("WAGE", "01/03/2023", "31/03/2023", "700,00", 999_999),  # row 4: contract
        ("GIFT", "01/04/2023", "30/04/2023", "45,00", None),  # row 5: gift above 40
    )
    report = imports.check_file(data, "kosten.csv", filed_on=FILED)
    assert sorted((e["row"], e["column"]) for e in report.errors) == [
        (3, "bedrag"),
        (4, "overeenkomst"),
    ]
    assert all(e["message"] for e in report.errors)
    assert not CostLine.objects.exists()
    assert ledger.balances(budget, 2023).committed == Decimal("0.00")

    with pytest.raises(RuleViolations):  # bad rows and no choice made: nothing booked
        imports.book_file(report.cost_import)
    assert not CostLine.objects.exists()

    booked = imports.book_file(report.cost_import, only_valid_rows=True)
    assert booked.cost_import.status == ImportStatus.BOOKED
    lines = CostLine.objects.order_by("period_from")
    assert [(line.cost_kind, line.accepted_amount, line.own_amount) for line in lines] == [
        ("WAGE", Decimal("1500.00"), Decimal("0.00")),
        ("GIFT", Decimal("40.00"), Decimal("5.00")),  # R29: 45 with a limit of 40
    ]
    entries = Entry.objects.count()
    again = imports.check_file(data, "kosten-opnieuw.csv", filed_on=FILED)
    assert again.already_booked
    imports.book_file(again.cost_import, only_valid_rows=True)
    assert Entry.objects.count() == entries
    assert CostImport.objects.count() == 1
    assert ledger.balances(budget, 2023).committed == Decimal("1540.00")


def test_the_check_previews_the_good_rows_as_booking_them_does(pab):
    """One pass of the check (with a preview) tells the bad rows and what the good rows of the same statement
    (budget and year) would get: the same outcomes and amounts as booking the good rows."""
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(
        budget,
        contract,
        ("GIFT", "01/01/2023", "31/01/2023", "45,00", None),  # R29: 40 accepted, 5 own
        ("WAGE", "01/02/2023", "28/02/2023", "12,345", None),  # row 3: amount too precise
        ("WAGE", "01/03/2023", "31/03/2023", "700,00", 999_999),  # row 4: contract
        ("WAGE", "01/04/2023", "30/04/2023", "900,00", None),
        ("THERAPY", "01/05/2023", "31/05/2023", "10,00", None),  # R32: never payable
    )
    report = imports.check_file(data, "kosten.csv", filed_on=FILED, preview=True)
    assert sorted((e["row"], e["column"]) for e in report.errors) == [
        (3, "bedrag"),
        (4, "overeenkomst"),
    ]
    assert report.cost_import.valid_row_count == 3
    assert report.statements == 1
    assert not CostLine.objects.exists()

    booked = imports.book_file(report.cost_import, only_valid_rows=True)
    assert booked.outcomes == report.outcomes
    assert (booked.accepted, booked.own) == (report.accepted, report.own)
    assert report.accepted == Decimal("940.00")
    assert sum(report.outcomes.values()) == 3


def test_the_check_without_preview_decides_nothing_and_finds_the_same_bad_rows(pab):
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(
        budget,
        contract,
        ("GIFT", "01/01/2023", "31/01/2023", "45,00", None),
        ("WAGE", "01/03/2023", "31/03/2023", "700,00", 999_999),  # row 3: contract
    )
    report = imports.check_file(data, "kosten.csv", filed_on=FILED)
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "overeenkomst")]
    assert not report.previewed and report.statements == 0
    assert report.cost_import.valid_row_count == 1
    assert not CostLine.objects.exists()
    booked = imports.book_file(report.cost_import, only_valid_rows=True)
    assert booked.accepted == Decimal("40.00") and booked.own == Decimal("5.00")


@pytest.mark.parametrize("hand_on", [True, False], ids=["checked-statements", "file-read-again"])
def test_booking_with_the_checks_statements_books_what_reading_the_file_again_books(pab, hand_on):
    """The import command hands the check's typed statements to booking; the admin's book
    button (another request) reads the file again: both book the same lines, numbered alike."""
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(
        budget,
        contract,
        ("WAGE", "01/01/2023", "31/01/2023", "1500,00", None),
        ("WAGE", "01/02/2023", "28/02/2023", "abc", None),  # row 3: amount
        ("GIFT", "01/03/2023", "31/03/2023", "45,00", None),
        ("WAGE", "01/04/2023", "30/04/2023", "700,00", 999_999),  # row 5: contract
        ("WAGE", "01/05/2023", "31/05/2023", "800,00", None),
    )
    report = imports.check_file(data, "kosten.csv", filed_on=FILED)
    handed_on = imports._checked_statements(report, report.cost_import)
    assert handed_on is not None and handed_on[1] == [[2, 4, 6]]  # the rows of the good lines
    imports.book_file(report.cost_import, only_valid_rows=True, checked=report if hand_on else None)
    lines = CostLine.objects.order_by("line_no")
    assert [(x.line_no, x.cost_kind, x.amount, x.accepted_amount) for x in lines] == [
        (1, "WAGE", Decimal("1500.00"), Decimal("1500.00")),
        (2, "GIFT", Decimal("45.00"), Decimal("40.00")),
        (3, "WAGE", Decimal("800.00"), Decimal("800.00")),
    ]
    again = imports.check_file(data, "kosten.csv", filed_on=FILED)
    assert again.already_booked


def test_a_report_of_another_check_is_not_handed_on(pab):
    budget, contract = pab["budget"], pab["contract"]
    first = csv_file(budget, contract, ("WAGE", "01/01/2023", "31/01/2023", "100,00", None))
    second = csv_file(budget, contract, ("WAGE", "01/02/2023", "28/02/2023", "200,00", None))
    report = imports.check_file(first, "een.csv", filed_on=FILED)
    other = imports.check_file(second, "twee.csv", filed_on=FILED)
    imports.book_file(other.cost_import, checked=report)  # not its check: the file is read
    assert [line.amount for line in CostLine.objects.all()] == [Decimal("200.00")]


def test_rows_for_a_budget_outside_the_given_budgets_are_bad_rows_like_an_unknown_budget(pab):
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(budget, contract, ("WAGE", "01/01/2023", "31/01/2023", "1500,00", None))
    unknown = data.replace(f"\n{budget.pk};".encode(), b"\n999999999;")
    outside = imports.check_file(data, "kosten.csv", filed_on=FILED, budgets=[budget.pk + 1])
    missing = imports.check_file(unknown, "kosten2.csv", filed_on=FILED)
    assert outside.cost_import.valid_row_count == 0
    assert [(e["row"], e["column"], e["code"], e["message"]) for e in outside.errors] == [
        (e["row"], e["column"], e["code"], e["message"]) for e in missing.errors
    ]
    inside = imports.check_file(
        data, "kosten.csv", filed_on=FILED, budgets=type(budget).objects.filter(pk=budget.pk)
    )
    assert inside.errors == [] and inside.cost_import.valid_row_count == 1


def test_booking_refuses_a_statement_for_a_budget_no_longer_given(pab):
    budget, contract = pab["budget"], pab["contract"]
    data = csv_file(budget, contract, ("WAGE", "01/01/2023", "31/01/2023", "1500,00", None))
    report = imports.check_file(data, "kosten.csv", filed_on=FILED, budgets=[budget.pk])
    entries = Entry.objects.count()
    with pytest.raises(RuleViolations) as refused:
        imports.book_file(report.cost_import, budgets=[])
    assert refused.value.violations[0].code == "cost_file_has_errors"
    assert Entry.objects.count() == entries
    assert imports.book_file(report.cost_import, budgets=[budget.pk]).statements == 1
