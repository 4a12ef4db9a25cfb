"""Budgets and holders: R1, R2, R3, R5, R7, R9, R13 on the Django side."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget, BudgetHolder, LifecycleEvent
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory
from budgetlijn.ledger import selectors
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

ACCOUNT = services.AccountInput("BE68 5390 0754 7034", "Peeters Lotte", "HOLDER")


def minor_with_parents(birth=date(2015, 3, 14)):
    child = PersonFactory(birth_date=birth)
    mother = RelationFactory(person=child, kind="PARENT").relative
    father = RelationFactory(person=child, kind="PARENT").relative
    return child, mother, father


def allocate_pab(child, holders, **overrides):
    fields = {
        "person": child,
        "kind": "PAB",
        "category": "II",
        "band": 2,
        "allocated_on": date(2023, 2, 10),
        "letter_received_on": date(2023, 2, 14),
        "holders": holders,
        "account": ACCOUNT,
    }
    fields.update(overrides)
    return services.allocate_budget(**fields)


def allocate_pvb(person=None, **overrides):
    person = person or PersonFactory(adult=True)
    fields = {
        "person": person,
        "kind": "PVB",
        "scheme": "old",
        "category": "V",
        "allocated_on": date(2023, 9, 1),
        "letter_received_on": date(2023, 9, 4),
        "holders": [services.HolderInput(person, "SELF")],
        "account": ACCOUNT,
        "estimated_cash_amount": Decimal("20000.00"),
    }
    fields.update(overrides)
    return services.allocate_budget(**fields)


def test_r9_both_parents_hold_a_pab():
    child, mother, father = minor_with_parents()
    budget = allocate_pab(
        child, [services.HolderInput(mother, "PARENT"), services.HolderInput(father, "PARENT")]
    )
    assert budget.status == BudgetStatus.ALLOCATED
    assert set(BudgetHolder.objects.filter(budget=budget).values_list("person", flat=True)) == {
        mother.pk,
        father.pk,
    }
    assert LifecycleEvent.objects.filter(budget=budget, to_status="ALLOCATED").count() == 1


def test_r2_new_pab_for_an_adult_is_refused_and_nothing_saved():
    adult = PersonFactory(birth_date=date(2004, 1, 5))
    parent = RelationFactory(person=adult, kind="PARENT").relative
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(
            adult, [services.HolderInput(parent, "PARENT")], allocated_on=date(2023, 2, 10)
        )
    codes = [v.code for v in refused.value.violations]
    assert "pab_for_adult" in codes
    message = refused.value.by_field()["kind"][0]
    assert "alleen voor minderjarigen" in message
    assert Budget.objects.count() == 0


def test_r2_age_is_checked_on_the_application_day():
    # Applied at 17, allocated after the 18th birthday (seed 003 §8 knows this case).
    person = PersonFactory(birth_date=date(2005, 1, 20))
    parent = RelationFactory(person=person, kind="PARENT").relative
    budget = allocate_pab(
        person,
        [services.HolderInput(person, "SELF")],
        applied_on=date(2022, 12, 1),
        allocated_on=date(2023, 2, 10),
    )
    assert budget.pk
    assert parent.pk


def test_r9_step_parent_as_pab_holder_is_refused_and_nothing_saved():
    child, mother, _father = minor_with_parents()
    step = RelationFactory(person=child, kind="STEP_PARENT").relative
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(
            child,
            [services.HolderInput(mother, "PARENT"), services.HolderInput(step, "STEP_PARENT")],
        )
    assert any("plusouder" in m for m in refused.value.by_field()["holders"])
    assert Budget.objects.count() == 0
    assert BudgetHolder.objects.count() == 0


def test_r9_holder_role_needs_a_recorded_relation():
    child, _mother, _father = minor_with_parents()
    stranger = PersonFactory(parent_age=True)
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(child, [services.HolderInput(stranger, "PARENT")])
    assert [v.code for v in refused.value.violations] == ["holder_relation_not_recorded"]


def test_r9_parent_as_assistant_needs_the_management_statement():
    child, mother, father = minor_with_parents()
    holders = [
        services.HolderInput(mother, "PARENT"),
        services.HolderInput(father, "PARENT", manages=False),
    ]
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(child, holders)
    assert [v.code for v in refused.value.violations] == ["management_statement_missing"]
    statement = services.StatementInput(mother, father, date(2023, 2, 1), date(2023, 2, 3))
    budget = allocate_pab(child, holders, statements=[statement])
    assert budget.management_statements.get().assistant_parent == father


def test_r9_guardian_holds_instead_of_parents():
    child = PersonFactory(minor=True)
    guardian = RelationFactory(person=child, kind="GUARDIAN").relative
    budget = allocate_pab(child, [services.HolderInput(guardian, "GUARDIAN")])
    assert budget.holders.get().role == "GUARDIAN"


def test_r9_administrator_cannot_hold_a_minors_budget():
    child = PersonFactory(minor=True)
    administrator = RelationFactory(person=child, kind="ADMINISTRATOR").relative
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(child, [services.HolderInput(administrator, "ADMINISTRATOR")])
    assert [v.code for v in refused.value.violations] == ["holder_role_not_for_minor"]


def test_r1_pvb_for_a_minor_is_refused():
    with pytest.raises(RuleViolations) as refused:
        allocate_pvb(PersonFactory(minor=True))
    assert "pvb_for_minor" in [v.code for v in refused.value.violations]


def test_r3_unknown_category_or_band_is_refused():
    child, mother, _ = minor_with_parents()
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(child, [services.HolderInput(mother, "PARENT")], category="II", band=7)
    assert [v.code for v in refused.value.violations] == ["category_without_amount"]


def test_all_violations_are_listed_at_once():
    adult = PersonFactory(birth_date=date(2000, 1, 1))
    step = RelationFactory(person=adult, kind="STEP_PARENT").relative
    with pytest.raises(RuleViolations) as refused:
        allocate_pab(
            adult,
            [services.HolderInput(step, "STEP_PARENT")],
            account=services.AccountInput("BE00", "", "OTHER"),
        )
    fields = set(refused.value.by_field())
    assert {
        "kind",
        "holders",
        "account.iban",
        "account.holder_name",
        "account.holder_kind",
    } <= fields


def test_r1_start_books_the_pro_rata_year_and_r13_pvb_advance():
    budget = allocate_pvb()
    services.start_budget(budget, on=date(2023, 10, 2))
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STARTED
    balances = selectors.balances(budget, 2023)
    # PVB old category V 2023 = 42 326,64; in force from 1 September: 4/12 (cumulative rounding).
    assert balances.entitlement == Decimal("42326.64") - Decimal("28217.76")
    assert balances.advance_outstanding == Decimal("5000.00")  # 1/4 of 20 000 cash


def test_r13_pab_advance_is_a_quarter_of_the_yearly_budget_rounded():
    child, mother, _ = minor_with_parents()
    budget = allocate_pab(child, [services.HolderInput(mother, "PARENT")])
    services.start_budget(budget, on=date(2023, 3, 1))
    # PAB II band 2 in 2023: 23 890,08 -> 1/4 = 5 972,52 -> rounded to the euro: 5 973.
    assert selectors.balances(budget, 2023).advance_outstanding == Decimal("5973.00")
    # R15 seed example: started 1 March, so 10/12 of the yearly amount.
    assert selectors.balances(budget, 2023).entitlement == Decimal("19908.40")


def test_r1_start_twice_is_refused_and_books_once():
    budget = allocate_pvb()
    services.start_budget(budget, on=date(2023, 10, 2))
    with pytest.raises(RuleViolations):
        services.start_budget(budget, on=date(2023, 10, 3))
    assert Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION).count() == 1


def test_r1_start_after_the_deadline_is_refused():
    budget = allocate_pvb()
    with pytest.raises(RuleViolations) as refused:
        services.start_budget(budget, on=date(2024, 1, 5))
    assert refused.value.violations[0].code == "start_too_late"


def test_r1_start_in_a_later_year_opens_every_year_since_allocation():
    budget = allocate_pvb(allocated_on=date(2023, 11, 15), letter_received_on=date(2023, 11, 20))
    services.start_budget(budget, on=date(2024, 2, 1))
    years = set(
        Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION).values_list(
            "year", flat=True
        )
    )
    assert years == {2023, 2024}


def test_r5_care_allowance_stops_when_the_budget_starts():
    person = PersonFactory(adult=True, care_allowance_since=date(2020, 1, 1))
    budget = allocate_pvb(person)
    services.start_budget(budget, on=date(2023, 10, 2))
    person.refresh_from_db()
    assert person.care_allowance_stopped_on == date(2023, 10, 2)


def test_r2_extension_once_for_pab_only():
    child, mother, _ = minor_with_parents()
    pab = allocate_pab(child, [services.HolderInput(mother, "PARENT")])
    services.grant_extension(pab, requested_on=date(2023, 5, 1), granted_on=date(2023, 5, 3))
    pab.refresh_from_db()
    assert pab.status == BudgetStatus.EXTENDED
    assert pab.start_deadline == date(2023, 10, 14)
    with pytest.raises(RuleViolations) as refused:
        services.grant_extension(pab, requested_on=date(2023, 6, 1), granted_on=date(2023, 6, 1))
    assert refused.value.violations[0].code == "extension_once"
    pvb = allocate_pvb()
    with pytest.raises(RuleViolations) as refused:
        services.grant_extension(pvb, requested_on=date(2023, 10, 1), granted_on=date(2023, 10, 1))
    assert refused.value.violations[0].code == "extension_only_pab"


def test_r33_stop_makes_the_last_year_pro_rata():
    budget = allocate_pvb(allocated_on=date(2023, 1, 2), letter_received_on=date(2023, 1, 5))
    services.start_budget(budget, on=date(2023, 2, 1))
    services.stop_budget(budget, on=date(2023, 7, 1), reason="OWN_CHOICE")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STOPPED
    # January to June: 6/12 of 42 326,64.
    assert selectors.balances(budget, 2023).entitlement == Decimal("21163.32")
    with pytest.raises(RuleViolations):
        services.stop_budget(budget, on=date(2023, 7, 1), reason="OWN_CHOICE")


def test_r7_pab_becomes_pvb_after_youth_care():
    person = PersonFactory(birth_date=date(2005, 6, 1))
    mother = RelationFactory(person=person, kind="PARENT").relative
    pab = allocate_pab(
        person,
        [services.HolderInput(mother, "PARENT")],
        allocated_on=date(2023, 3, 1),
        letter_received_on=date(2023, 3, 3),
    )
    services.start_budget(pab, on=date(2023, 4, 1))
    with pytest.raises(RuleViolations) as refused:
        services.convert_to_pvb(pab, on=date(2024, 1, 1), scheme="new", category="8")
    assert refused.value.violations[0].code == "support_plan_missing"
    with pytest.raises(RuleViolations) as refused:
        services.convert_to_pvb(
            pab,
            on=date(2027, 9, 1),
            scheme="new",
            category="8",
            support_plan_filed_on=date(2027, 6, 1),
        )
    assert "support_plan_too_late" in [v.code for v in refused.value.violations]
    pvb = services.convert_to_pvb(
        pab, on=date(2023, 7, 1), scheme="old", category="V", support_plan_filed_on=date(2023, 3, 1)
    )
    pab.refresh_from_db()
    assert pab.status == BudgetStatus.CONVERTED
    assert pab.converted_to == pvb
    assert pvb.status == BudgetStatus.STARTED
    assert pvb.holders.get().role == "SELF"
    # The PAB keeps April-June 2023 (3/12 of 23 890,08), the PVB runs from July: no month twice.
    assert selectors.balances(pab, 2023).entitlement == Decimal("5972.52")
    assert selectors.balances(pvb, 2023).entitlement == Decimal("21163.32")


def test_r33_stop_on_new_year_takes_back_an_opened_year():
    budget = allocate_pvb(allocated_on=date(2023, 1, 2), letter_received_on=date(2023, 1, 5))
    services.start_budget(budget, on=date(2023, 2, 1))
    services.open_budget_year(budget, 2024)
    assert selectors.balances(budget, 2024).entitlement > 0
    services.stop_budget(budget, on=date(2024, 1, 1), reason="DEATH")
    assert selectors.balances(budget, 2024).entitlement == Decimal("0.00")
    assert selectors.balances(budget, 2023).entitlement == Decimal("42326.64")


def test_r33_stop_never_takes_back_what_is_paid():
    from budgetlijn.ledger import services as ledger

    budget = allocate_pvb(allocated_on=date(2023, 1, 2), letter_received_on=date(2023, 1, 5))
    services.start_budget(budget, on=date(2023, 2, 1))
    ledger.pay(
        budget=budget,
        year=2023,
        kind=EntryKind.REIMBURSEMENT,
        amount=Decimal("30000.00"),
        reason="kosten",
    )
    services.stop_budget(budget, on=date(2023, 4, 1), reason="OWN_CHOICE")
    balances = selectors.balances(budget, 2023)
    assert balances.entitlement == Decimal("30000.00")
    assert balances.budget_line == Decimal("0.00")
