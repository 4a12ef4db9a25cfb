"""A PAB of EUR 20 000 for 2023 (the costs tests' budget), started, with its advance of EUR
5 000 (a quarter, seed 003 §2.2), and what the settlement tests need around it."""

from datetime import date

from budgetlijn.costs import services as costs
from budgetlijn.costs.tests.conftest import cost, make_pab, statement
from budgetlijn.dossiers import services as dossiers

FILED = date(2023, 6, 15)


def started_pab():
    data = make_pab()
    budget = data["budget"]
    budget.refresh_from_db()
    assert budget.status == "STARTED"
    return data


def file(budget, *lines, filed_on=FILED, **extra):
    result = costs.file_statement(statement(budget, *lines, **extra), filed_on=filed_on)
    assert result.status == costs.Status.FILED, result.errors
    return result


def first_quarter(data):
    """Wages of January to March 2023: EUR 4 500 accepted, committed, not yet paid."""
    return file(data["budget"], *(cost(data["contract"], "1500.00", month=m) for m in (1, 2, 3)))


def stop(budget, on, reason="OWN_CHOICE"):
    return dossiers.stop_budget(budget, on=on, reason=reason)


__all__ = ["FILED", "cost", "file", "first_quarter", "started_pab", "statement", "stop"]
