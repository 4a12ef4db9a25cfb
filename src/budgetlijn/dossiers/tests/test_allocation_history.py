"""A stop (or conversion) after a staff change of the allocation: each month keeps the values
in force in it (R3, R33, R7; decisions 0009 and 0013).

PVB old categories (the parameter files, the 2023 values also in force on 1 January 2024):
IV 33 256,64, V 42 326,64, VI 49 582,63. Shares of months are rounded cumulatively
(``rules.budget_year.share_of_months``)."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.audit.tests.append_only import (
    assert_database_refuses_changes,
    assert_model_refuses_changes,
    expected_triggers,
    triggers_on,
)
from budgetlijn.dossiers import services
from budgetlijn.dossiers.models import AllocationChangesAreAppendOnly, BudgetAllocationChange
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory
from budgetlijn.dossiers.tests.test_budgets import allocate_pab, allocate_pvb
from budgetlijn.ledger import selectors
from budgetlijn.ledger.models import Entry
from budgetlijn.parameters import overrides
from budgetlijn.parameters import services as parameter_services
from budgetlijn.rules import parameters
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

V = Decimal("42326.64")


@pytest.fixture(autouse=True)
def database_overrides():
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()


@pytest.fixture
def pvb():
    """PVB old V in force all of 2024 (allocated 2 January), started 1 February."""
    budget = allocate_pvb(allocated_on=date(2024, 1, 2), letter_received_on=date(2024, 1, 5))
    services.start_budget(budget, on=date(2024, 2, 1))
    assert selectors.balances(budget, 2024).entitlement == V
    return budget


def change(budget, day, **values):
    return services.change_budget_allocation(budget, from_day=day, reason="herziening", **values)


def entitlement(budget, year=2024):
    return selectors.balances(budget, year).entitlement


def end_adjustments(budget):
    return Entry.objects.filter(budget=budget, idempotency_key__startswith="end-adjustment:")


def test_r33_stop_on_the_first_of_a_month_after_a_raise_keeps_each_month_at_its_values(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    # July-December: 6/12 of VI (24 791,31) minus 6/12 of V (21 163,32).
    assert entitlement(pvb) == V + Decimal("3627.99")
    services.stop_budget(pvb, on=date(2024, 10, 1), reason="OWN_CHOICE")
    # January-June at V (21 163,32), July-September at VI (12 395,65); October is not used.
    assert entitlement(pvb) == Decimal("33558.97")
    assert end_adjustments(pvb).get().amount == Decimal("33558.97") - V - Decimal("3627.99")


def test_r33_stop_in_the_middle_of_a_month_after_a_raise_counts_that_month(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    services.stop_budget(pvb, on=date(2024, 10, 15), reason="OWN_CHOICE")
    # January-June at V (21 163,32), July-October at VI (16 527,54).
    assert entitlement(pvb) == Decimal("37690.86")


def test_r33_stop_after_a_lowering_keeps_each_month_at_its_values(pvb):
    change(pvb, date(2024, 7, 1), category="IV")
    assert entitlement(pvb) == V - Decimal("4535.00")
    services.stop_budget(pvb, on=date(2024, 10, 1), reason="OWN_CHOICE")
    # January-June at V (21 163,32), July-September at IV (8 314,16).
    assert entitlement(pvb) == Decimal("29477.48")


def test_r33_stop_after_two_changes_in_one_year(pvb):
    change(pvb, date(2024, 4, 1), category="VI")
    change(pvb, date(2024, 8, 1), category="IV")
    services.stop_budget(pvb, on=date(2024, 11, 1), reason="OWN_CHOICE")
    # January-March at V, April-July at VI, August-October at IV.
    assert entitlement(pvb) == Decimal("35423.36")


def test_r33_stop_in_the_month_of_a_change_counts_that_month_at_the_new_values(pvb):
    change(pvb, date(2024, 7, 10), category="VI")
    services.stop_budget(pvb, on=date(2024, 7, 20), reason="OWN_CHOICE")
    # January-June at V (21 163,32), July at VI (4 131,88).
    assert entitlement(pvb) == Decimal("25295.20")


def test_r33_stop_in_the_next_year_after_a_change(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    services.open_budget_year(pvb, 2025)
    assert entitlement(pvb, 2025) == Decimal("49582.63")  # opened with the new values
    services.stop_budget(pvb, on=date(2025, 3, 1), reason="OWN_CHOICE")
    # 2024 stays January-June at V, July-December at VI; 2025 January-February at VI.
    assert entitlement(pvb, 2024) == Decimal("45954.63")
    assert entitlement(pvb, 2025) == Decimal("8263.77")
    assert end_adjustments(pvb).get().year == 2025


def test_r33_stop_after_a_change_and_a_parameter_correction(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    parameter_services.add_override(
        name="pvb.yearly_amount.old.VI",
        valid_from=date(2024, 1, 1),
        value=Decimal("50000.00"),
        reference="correctie",
    )
    services.stop_budget(pvb, on=date(2024, 10, 1), reason="OWN_CHOICE")
    # January-June at V (21 163,32), July-September at the corrected VI (12 500,00).
    assert entitlement(pvb) == Decimal("33663.32")


def test_r3_change_after_a_parameter_correction_settles_the_correction_too(pvb):
    parameter_services.add_override(
        name="pvb.yearly_amount.old.V",
        valid_from=date(2024, 1, 1),
        value=Decimal("43000.00"),
        reference="correctie",
    )
    change(pvb, date(2024, 7, 1), category="VI")
    # January-June at the corrected V (21 500,00), July-December at VI (24 791,31).
    assert entitlement(pvb) == Decimal("46291.31")


def test_r33_stopping_logic_called_again_books_nothing_new(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    services.stop_budget(pvb, on=date(2024, 10, 1), reason="OWN_CHOICE")
    count = Entry.objects.filter(budget=pvb).count()
    pvb.refresh_from_db()
    assert services.settle_allocation_at_end(pvb, last_day=date(2024, 9, 30)) == []
    assert Entry.objects.filter(budget=pvb).count() == count
    assert entitlement(pvb) == Decimal("33558.97")


def test_r33_what_is_booked_and_what_should_be_agree_after_a_stop(pvb):
    change(pvb, date(2024, 4, 1), category="VI")
    change(pvb, date(2024, 8, 1), category="IV")
    services.stop_budget(pvb, on=date(2024, 11, 1), reason="OWN_CHOICE")
    pvb.refresh_from_db()
    should_be = services.allocation_should_be(pvb, 2024)
    assert should_be == services.allocation_booked(pvb, 2024) == Decimal("35423.36")


def test_r7_conversion_after_a_band_change_keeps_each_month_at_its_values():
    person = PersonFactory(birth_date=date(2005, 6, 1))
    mother = RelationFactory(person=person, kind="PARENT").relative
    pab = allocate_pab(
        person,
        [services.HolderInput(mother, "PARENT")],
        allocated_on=date(2023, 3, 1),
        letter_received_on=date(2023, 3, 3),
    )
    services.start_budget(pab, on=date(2023, 4, 1))
    change(pab, date(2023, 5, 1), band=3)
    services.convert_to_pvb(
        pab, on=date(2023, 7, 1), scheme="old", category="V", support_plan_filed_on=date(2023, 3, 1)
    )
    # April at II/2 (1/12 of 23 890,08: 1 990,84), May-June at II/3 (2/12 of 27 871,76: 4 645,29).
    assert entitlement(pab, 2023) == Decimal("6636.13")


def test_r3_each_change_is_stored_with_old_and_new_values(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    change(pvb, date(2024, 9, 1), category="IV")
    first, second = BudgetAllocationChange.objects.filter(budget=pvb).order_by("number")
    assert (first.number, first.from_day, first.old_category, first.new_category) == (
        1,
        date(2024, 7, 1),
        "V",
        "VI",
    )
    assert (second.number, second.old_category, second.new_category) == (2, "VI", "IV")
    assert first.reason == "herziening"


def test_r3_a_recorded_change_is_append_only_by_the_model_and_the_database(pvb):
    change(pvb, date(2024, 7, 1), category="VI")
    row = BudgetAllocationChange.objects.get(budget=pvb)
    assert_model_refuses_changes(row, AllocationChangesAreAppendOnly, "reason", "verborgen")
    with pytest.raises(AllocationChangesAreAppendOnly):
        row.delete()
    assert_database_refuses_changes(row, "reason", "'verborgen'", "nooit aangepast of gewist")
    assert triggers_on(BudgetAllocationChange) == expected_triggers(BudgetAllocationChange)


def test_r33_a_year_first_opened_by_the_stop_counts_the_months_through_the_last_day(pvb):
    services.stop_budget(pvb, on=date(2025, 3, 1), reason="OWN_CHOICE")
    # 1 March is the first day without the budget: January and February 2025, 2/12 of V.
    opening = Entry.objects.get(budget=pvb, year=2025, idempotency_key__startswith="allocation:")
    assert opening.amount == Decimal("7054.44")
    assert opening.reason.startswith("Jaarbudget 2025: 2/12 van ")
    assert not end_adjustments(pvb).filter(year=2025).exists()
    assert entitlement(pvb, 2025) == Decimal("7054.44")


def test_opening_a_year_after_the_last_day_books_nothing(pvb):
    services.stop_budget(pvb, on=date(2025, 1, 1), reason="OWN_CHOICE")
    pvb.refresh_from_db()
    assert services.open_budget_year(pvb, 2025) is None
    assert not Entry.objects.filter(budget=pvb, year=2025).exists()


def test_a_run_counts_only_the_entries_it_created_on_this_budget(pvb):
    other = allocate_pvb(allocated_on=date(2024, 1, 2), letter_received_on=date(2024, 1, 5))
    services.start_budget(other, on=date(2024, 2, 1))  # entries with higher ids than pvb's
    assert services.open_budget_year_in_run(pvb, 2025) == 1
    assert services.open_budget_year_in_run(pvb, 2025) == 0
    assert services.open_budget_year_in_run(other, 2025) == 1


def test_r3_a_budget_that_has_not_started_is_corrected_in_its_form_not_changed_from_a_day():
    budget = allocate_pvb(allocated_on=date(2024, 1, 2), letter_received_on=date(2024, 1, 5))
    with pytest.raises(RuleViolations) as refused:
        change(budget, date(2024, 7, 1), category="VI")
    assert "budget_not_started" in {v.code for v in refused.value.violations}
    assert "formulier" in refused.value.violations[0].text()
    assert not BudgetAllocationChange.objects.filter(budget=budget).exists()


def test_r3_the_migration_copies_changes_recorded_only_as_audit_events(pvb, django_user_model):
    """Changes made before the table existed live in audit events (decision 0013)."""
    import importlib

    from django.apps import apps

    from budgetlijn.audit.models import AuditEvent
    from budgetlijn.audit.services import record

    migration = importlib.import_module(
        "budgetlijn.dossiers.migrations.0002_budget_allocation_change"
    )
    staff = django_user_model.objects.create_user("medewerker")
    record(
        action=AuditEvent.Action.CHANGE,
        obj=pvb,
        summary="wijziging van voor de tabel",
        actor=staff,
        person_id=pvb.person_id,
        details={
            "change": "allocation_change",
            "change_id": 1,
            "from_day": "2024-07-01",
            "reason": "beslissing 12/6",
            "old": {"scheme": "old", "category": "V", "band": None, "specific_amount": None},
            "new": {"scheme": "old", "category": "VI", "band": None, "specific_amount": "100.50"},
            "adjustments": {"2024": "3627.99"},
        },
    )
    migration.copy_audited_changes(apps, None)
    row = BudgetAllocationChange.objects.get(budget=pvb)
    assert (row.number, row.from_day, row.reason, row.created_by) == (
        1,
        date(2024, 7, 1),
        "beslissing 12/6",
        staff,
    )
    assert row.values("old") == {
        "scheme": "old",
        "category": "V",
        "band": None,
        "specific_amount": None,
    }
    assert row.new_category == "VI" and row.new_specific_amount == Decimal("100.50")


def test_r33_a_capped_stop_settles_the_rest_under_a_new_key_once_the_payment_is_undone(pvb):
    from budgetlijn.ledger import services as ledger

    paid = ledger.pay(
        budget=pvb, year=2024, kind="REIMBURSEMENT", amount=Decimal("40000.00"), reason="kosten"
    )
    services.stop_budget(pvb, on=date(2024, 4, 1), reason="OWN_CHOICE")
    # 3/12 of V is 10 581,66, but 40 000,00 is paid: the reduction stops at the budget line.
    assert entitlement(pvb) == Decimal("40000.00")
    ledger.reverse(paid, reason="dubbel betaald")
    pvb.refresh_from_db()
    services.settle_allocation_at_end(pvb, last_day=date(2024, 3, 31))
    assert entitlement(pvb) == Decimal("10581.66")
    keys = list(end_adjustments(pvb).order_by("id").values_list("idempotency_key", "amount"))
    assert keys == [
        (f"end-adjustment:{pvb.pk}:2024", Decimal("-2326.64")),
        (f"end-adjustment:{pvb.pk}:2024:2", Decimal("-29418.34")),
    ]
