"""R1/R2: run_deadlines lapses budgets not started in time, lists what falls due; idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget, LifecycleEvent
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory

pytestmark = pytest.mark.django_db


def run(day: str) -> str:
    out = StringIO()
    call_command("run_deadlines", "--date", day, stdout=out)
    return out.getvalue()


def test_r1_pvb_not_started_within_four_months_lapses_once():
    budget = BudgetFactory(letter_received_on=date(2023, 9, 4))  # deadline 2024-01-04
    on_time = run("2024-01-04")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ALLOCATED
    assert "Vervallen: 0" in on_time
    first = run("2024-01-05")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.LAPSED
    assert budget.lapsed_on == date(2024, 1, 5)
    assert "Vervallen: 1" in first
    events = LifecycleEvent.objects.count()
    audits = AuditEvent.objects.count()
    second = run("2024-01-05")
    assert "Vervallen: 0" in second
    assert LifecycleEvent.objects.count() == events
    assert AuditEvent.objects.count() == audits
    budget.refresh_from_db()
    assert budget.lapsed_on == date(2024, 1, 5)


def test_r2_extension_is_respected():
    budget = BudgetFactory(
        pab=True,
        letter_received_on=date(2023, 2, 14),
        status=BudgetStatus.EXTENDED,
        extension_granted_on=date(2023, 5, 3),
    )
    run("2023-10-14")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.EXTENDED
    run("2023-10-15")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.LAPSED


def test_r1_lists_start_deadlines_in_the_next_30_days():
    soon = BudgetFactory(letter_received_on=date(2026, 8, 1))  # deadline 2026-12-01
    later = BudgetFactory(letter_received_on=date(2026, 10, 1))  # deadline 2027-02-01
    out = run("2026-11-23")
    assert f"budget {soon.pk} " in out
    assert f"budget {later.pk} " not in out
    assert "01/12/2026" in out
    assert "Binnen 30 dagen te doen: 1." in out


def test_r7_lists_support_plan_before_22nd_birthday():
    person = PersonFactory(birth_date=date(2004, 12, 10))
    pab = BudgetFactory(
        pab=True,
        person=person,
        status=BudgetStatus.STARTED,
        started_on=date(2020, 1, 1),
        allocated_on=date(2019, 11, 1),
        letter_received_on=date(2019, 11, 5),
    )
    out = run("2026-11-23")
    assert f"budget {pab.pk} " in out
    assert "22ste verjaardag" in out


def test_convenant_has_no_start_deadline():
    convenant = BudgetFactory(
        kind="CONVENANT",
        scheme="",
        category="RESIDENTIAL_HIGH_FREQUENCY",
        letter_received_on=date(2022, 1, 3),
        allocated_on=date(2022, 1, 3),
    )
    run("2023-01-01")
    convenant.refresh_from_db()
    assert convenant.status == BudgetStatus.ALLOCATED


def test_bad_date_is_refused_in_dutch():
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("run_deadlines", "--date", "23/11/2026")
    assert Budget.objects.count() == 0
    assert AuditEvent.objects.count() == 0
