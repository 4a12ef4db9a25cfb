"""Closing a budget year after R25's late-cost window: the day after the window, not on it; what
is left lapses and nothing is booked into the next year; the advance stays; waiting lines keep
a budget year open; dry run, refusals, and a second run that changes nothing."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import closing
from budgetlijn.settlements.constants import ErrorCode
from budgetlijn.settlements.models import BudgetYearClose
from budgetlijn.settlements.tests.helpers import cost, file, first_quarter, started_pab

pytestmark = pytest.mark.django_db

# PAB costs of 2023: by 1 April 2024, exceptionally up to 1 April 2026 (seed 003 §7.3.4).
LAST_LATE_DAY = date(2026, 4, 1)


@pytest.fixture
def data():
    data = started_pab()
    first_quarter(data)
    return data


def test_r25_window_of_a_pab_year_ends_two_years_after_1_april():
    assert closing.late_until("PAB", 2023) == LAST_LATE_DAY
    assert closing.late_until("PVB", 2023) == date(2026, 3, 31)


def test_r25_year_is_not_closed_on_the_last_late_day_itself(data):
    report = closing.close_budget_year(2023, on=LAST_LATE_DAY)
    assert report.closed == [] and len(report.skipped) == 1
    assert "01/04/2026" in report.skipped[0].reason
    assert not BudgetYearClose.objects.exists()


def test_r25_year_closed_the_day_after_unused_lapses_advance_stays(data):
    budget = data["budget"]
    entries = Entry.objects.count()
    figures = ledger_selectors.balances(budget, 2023)
    report = closing.close_budget_year(2023, on=date(2026, 4, 2))
    closed = BudgetYearClose.objects.get()
    assert report.closed == [closed]
    assert closed.late_until == LAST_LATE_DAY
    assert closed.entitlement == figures.entitlement + figures.premium + figures.via
    assert closed.committed == D("4500.00")
    assert closed.unused == figures.budget_line > 0
    assert closed.advance_outstanding == D("5000.00")
    # nothing booked: no carry-over into 2024, the advance untouched
    assert Entry.objects.count() == entries
    assert not Entry.objects.filter(budget=budget, year=2024).exists()
    assert ledger_selectors.advance_outstanding(budget) == D("5000.00")
    again = closing.close_budget_year(2023, on=date(2026, 4, 3))
    assert (again.closed, again.already) == ([], 1)


def test_r25_a_waiting_late_line_keeps_the_year_open(data):
    late = file(
        data["budget"],
        cost(
            data["contract"], "100.00", month=4, late_reason="LATE_WORK_ACCIDENT_INSURANCE_INVOICE"
        ),
        filed_on=date(2024, 5, 2),
    )
    assert late.lines[0].outcome == "WAITING"
    report = closing.close_budget_year(2023, on=date(2026, 4, 2))
    assert report.closed == []
    assert "wachten nog op een beslissing" in report.skipped[0].reason


def test_r25_close_refuses_a_future_day_and_a_year_without_parameters(data):
    with pytest.raises(RuleViolations) as error:
        closing.close_budget_year(2023, on=date(2999, 1, 1))
    assert error.value.violations[0].code == ErrorCode.YEAR_CLOSE_DAY_IN_FUTURE
    with pytest.raises(RuleViolations) as error:
        closing.close_budget_year(2016, on=date(2026, 4, 2))
    assert "2016" in error.value.violations[0].text()


def test_r25_close_command_dry_run_and_report(data, capsys):
    call_command("close_budget_year", "--year", "2023", "--date", "2026-04-02", "--dry-run")
    out = capsys.readouterr().out
    assert "Proefdraai (niets opgeslagen)" in out and "1 afgesloten" in out
    assert not BudgetYearClose.objects.exists()
    call_command("close_budget_year", "--year", "2023", "--date", "2026-04-02")
    assert BudgetYearClose.objects.count() == 1
    call_command("close_budget_year", "--year", "2023", "--date", "2026-04-02")
    assert "0 afgesloten, 1 al eerder" in capsys.readouterr().out
    with pytest.raises(CommandError, match="na vandaag"):
        call_command("close_budget_year", "--year", "2023", "--date", "2999-01-01")


def _queries_to_close(new_budgets: int, expected: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(new_budgets):
        started_pab()
    with CaptureQueriesContext(connection) as queries:
        report = closing.close_budget_year(2023, on=date(2026, 4, 2), dry_run=True)
    assert len(report.closed) == expected
    return len(queries)


def test_r25_close_runs_a_fixed_number_of_queries_whatever_the_number_of_budgets(db):
    one = _queries_to_close(1, expected=1)
    assert _queries_to_close(2, expected=3) == one
