"""R1/R2: run_deadlines lapses budgets not started in time, lists what falls due; idempotent."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget, LifecycleEvent
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.rules import budgets as budget_rules

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
    assert "Vervallen door deze run: 0" in on_time
    first = run("2024-01-05")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.LAPSED
    assert budget.lapsed_on == date(2024, 1, 5)
    assert "Vervallen door deze run: 1" in first
    events = LifecycleEvent.objects.count()
    audits = AuditEvent.objects.count()
    second = run("2024-01-05")
    assert "Vervallen door deze run: 0" in second
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


def refused(*args) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("run_deadlines", *args, stdout=StringIO())
    return str(refusal.value)


def test_r1_lapse_is_the_rules_decision_on_the_deadline_itself():
    """Boundary through the command: a deadline on the run day is still in time."""
    on_the_day = BudgetFactory(letter_received_on=date(2023, 9, 4))  # deadline 2024-01-04
    day_before = BudgetFactory(letter_received_on=date(2023, 9, 3))  # deadline 2024-01-03
    assert on_the_day.start_deadline == date(2024, 1, 4)
    out = run("2024-01-04")
    on_the_day.refresh_from_db()
    day_before.refresh_from_db()
    assert on_the_day.status == BudgetStatus.ALLOCATED
    assert day_before.status == BudgetStatus.LAPSED
    assert "Vervallen door deze run: 1 budget(ten)." in out


def test_r1_lapse_day_is_the_day_after_the_deadline_not_the_run_day():
    budget = BudgetFactory(letter_received_on=date(2023, 9, 4))  # deadline 2024-01-04
    out = run("2024-03-18")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.LAPSED
    assert budget.lapsed_on == date(2024, 1, 5) == budget_rules.lapse_day(budget.facts())
    event = LifecycleEvent.objects.get(budget=budget, to_status=BudgetStatus.LAPSED)
    assert event.on == date(2024, 1, 5)
    assert "vervallen op 05/01/2024" in out


def test_r1_lapse_audit_event_names_the_budget_and_the_command():
    budget = BudgetFactory(letter_received_on=date(2023, 9, 4))
    run("2024-01-05")
    events = AuditEvent.objects.all()
    assert [(e.object_type, e.object_id, e.actor_label) for e in events] == [
        ("dossiers.Budget", str(budget.pk), "run_deadlines")
    ]
    assert events[0].person_id == budget.person_id


def test_a_day_after_today_is_refused_and_nothing_lapses():
    budget = BudgetFactory(letter_received_on=date(2023, 9, 4))
    tomorrow = timezone.localdate() + timedelta(days=1)
    message = refused("--date", tomorrow.isoformat())
    assert "ligt na vandaag" in message and "--date" in message
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ALLOCATED
    assert AuditEvent.objects.count() == 0


def test_today_is_accepted():
    assert "Controle van de termijnen op" in run(timezone.localdate().isoformat())


def test_a_day_without_parameters_is_refused_in_dutch():
    message = refused("--date", "1900-01-01")
    assert "Er is geen waarde voor parameter" in message
    assert "kies een latere dag" in message


@pytest.mark.parametrize("days", ["999999999", "-1", "367"])
def test_days_out_of_range_are_refused_in_dutch(days):
    assert "--days: geef een aantal dagen van 0 tot en met 366." in refused(
        "--date", "2024-01-05", "--days", days
    )


def test_dry_run_lapses_nothing_and_says_what_it_would_do():
    budget = BudgetFactory(letter_received_on=date(2023, 9, 4))
    out = StringIO()
    call_command("run_deadlines", "--date", "2024-01-05", "--dry-run", stdout=out)
    output = out.getvalue()
    assert output.startswith("Proefdraai (niets opgeslagen)")
    assert "Vervallen door deze run: 1 budget(ten)." in output
    assert f"  - {budget.pk} " in output and "zou vervallen op 05/01/2024" in output
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ALLOCATED
    assert budget.lapsed_on is None
    assert LifecycleEvent.objects.filter(to_status=BudgetStatus.LAPSED).count() == 0
    assert AuditEvent.objects.count() == 0
