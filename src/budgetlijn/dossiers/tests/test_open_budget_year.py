"""The yearly run open_budget_year: refuses years it cannot book right, --dry-run, all or
nothing per budget, reports what this run booked (decision 0009)."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers import services
from budgetlijn.dossiers.signals import budget_year_opened
from budgetlijn.dossiers.tests.test_budgets import allocate_pab, minor_with_parents
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.parameters import overrides
from budgetlijn.parameters import services as parameter_services
from budgetlijn.rules import parameters
from budgetlijn.rules.violations import RuleViolations, Violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_overrides():
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()


def started_pab():
    child, mother, _ = minor_with_parents()
    budget = allocate_pab(child, [services.HolderInput(mother, "PARENT")])
    services.start_budget(budget, on=date(2023, 3, 1))
    return budget


def run(*args) -> str:
    out = StringIO()
    call_command("open_budget_year", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as refusal:
        run(*args)
    return str(refusal.value)


def allocations(year):
    return Entry.objects.filter(kind=EntryKind.ALLOCATION, year=year)


def test_r3_books_the_indexed_year_and_reports_only_this_runs_work():
    first, second = started_pab(), started_pab()
    services.open_budget_year(second, 2024)  # opened by another path (or another run) before
    out = run("--year", "2024")
    assert "deze run opende 1 budgetjaar/-jaren (1 boeking(en)); 1 waren al volledig" in out
    # PAB II band 2 in 2024 (FACTS.md): 24 326,57, the full year.
    assert allocations(2024).get(budget=first).amount == Decimal("24326.57")
    again = run("--year", "2024")
    assert "deze run opende 0 budgetjaar/-jaren (0 boeking(en)); 2 waren al volledig" in again
    assert allocations(2024).count() == 2


def test_audit_event_of_the_run_names_the_budget_and_the_command():
    budget = started_pab()
    run("--year", "2024")
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMAND)
    assert (event.object_type, event.object_id) == ("dossiers.Budget", str(budget.pk))
    assert event.actor_label == "open_budget_year"
    assert event.person_id == budget.person_id
    assert event.details["year"] == 2024
    assert event.details["entries"] == [allocations(2024).get().pk]


def test_dry_run_books_nothing_and_says_what_it_would_do():
    started_pab()
    entries, events = Entry.objects.count(), AuditEvent.objects.count()
    out = run("--year", "2024", "--dry-run")
    assert out.startswith("Proefdraai (niets opgeslagen): ")
    assert "deze run zou openen 1 budgetjaar/-jaren (1 boeking(en))" in out
    assert Entry.objects.count() == entries
    assert AuditEvent.objects.count() == events


def test_a_year_more_than_one_ahead_is_refused():
    started_pab()
    after_next = timezone.localdate().year + 2
    for year in (str(after_next), "2099", "1999"):
        message = refused("--year", year)
        assert message.startswith("--year: geef een jaar van 2000 tot en met")
    assert not allocations(after_next).exists() and not allocations(2099).exists()


def test_a_year_without_its_own_yearly_amounts_is_refused_and_nothing_booked():
    started_pab()
    started_pab()
    entries = Entry.objects.count()
    message = refused("--year", "2025")  # the files hold PAB amounts up to 2024
    assert "voor 2025 ontbreken geïndexeerde jaarbedragen; er is niets geboekt" in message
    assert "Parameter pab.yearly_amount.II.2: nog geen geïndexeerd bedrag voor 2025" in message
    assert "(2 budget(ten))" in message
    assert Entry.objects.count() == entries


def test_the_year_opens_once_its_indexed_amount_is_added():
    budget = started_pab()
    run("--year", "2024")
    parameter_services.add_override(
        name="pab.yearly_amount.II.2",
        valid_from=date(2025, 1, 1),
        value=Decimal("24800.00"),
        reference="vaph.be 2025",
    )
    assert "deze run opende 1 " in run("--year", "2025")
    assert allocations(2025).get(budget=budget).amount == Decimal("24800.00")


def test_each_budget_opens_all_or_nothing():
    """A receiver of the opening (as the MFC part) that refuses rolls back that budget's
    allocation and audit event; the other budgets are opened; the run says which failed."""
    good, bad = started_pab(), started_pab()

    def refuse_for_bad(sender, *, budget, year, by=None, **kwargs):
        ledger.book(
            budget=budget,
            year=year,
            kind=EntryKind.ADJUSTMENT,
            amount=Decimal("-100.00"),
            reason="deel dat mee geboekt wordt",
            by=by,
        )
        if budget.pk == bad.pk:
            raise RuleViolations([Violation("R4", "test_refusal", "Geweigerd in de test.")])

    budget_year_opened.connect(refuse_for_bad)
    try:
        err = StringIO()
        with pytest.raises(CommandError) as refusal:
            call_command("open_budget_year", "--year", "2024", stdout=StringIO(), stderr=err)
    finally:
        budget_year_opened.disconnect(refuse_for_bad)
    assert "1 budget(ten) niet geopend" in str(refusal.value)
    assert f"Budget {bad.pk}: R4 test_refusal" in err.getvalue()
    assert not Entry.objects.filter(budget=bad, year=2024).exists()
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.COMMAND, object_id=str(bad.pk)
    ).exists()
    assert Entry.objects.filter(budget=good, year=2024).count() == 2
    # The next run (the receiver gone) opens what failed and counts only that.
    assert "deze run opende 1 budgetjaar/-jaren (1 boeking(en)); 1 waren al" in run(
        "--year", "2024"
    )
