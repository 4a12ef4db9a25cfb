"""Filing costs runs a fixed number of queries, whatever the number of lines and budgets
(ENGINEERING.md, performance habits: one query per row is a bug)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.costs import services
from budgetlijn.costs.tests.conftest import cost, make_pab, statement

pytestmark = pytest.mark.django_db
FILED = date(2023, 6, 1)
KINDS = ("WAGE", "GIFT", "SOCIAL_SECRETARIAT_INVOICE", "MEAL_VOUCHERS", "YEAR_END_PREMIUM")


def statements(pabs, lines_each):
    return [
        statement(
            p["budget"],
            *(
                cost(p["contract"], "100.00", kind=KINDS[n % len(KINDS)], month=1 + n % 5)
                for n in range(lines_each)
            ),
        )
        for p in pabs
    ]


def queries(raws, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        results = services.file_statements(raws, filed_on=FILED, **kwargs)
    assert all(r.status == services.Status.FILED for r in results), results
    return len(captured.captured_queries)


@pytest.mark.parametrize("dry_run", [False, True])
def test_filing_costs_queries_do_not_grow_with_lines_or_budgets(dry_run):
    pabs = [make_pab() for _ in range(4)]
    small = queries(statements(pabs[:1], 2), dry_run=dry_run)
    large = queries(statements(pabs[1:], 12), dry_run=dry_run)
    assert small == large, (small, large)


def test_a_files_check_queries_do_not_grow_with_lines_or_budgets():
    pabs = [make_pab() for _ in range(4)]
    check = {"dry_run": True, "partial": True, "decide": False}
    assert queries(statements(pabs[:1], 2), **check) == queries(statements(pabs[1:], 12), **check)
