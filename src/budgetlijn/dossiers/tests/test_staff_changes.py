"""Changes agency staff make to a running budget or a person: booked, audited, never silent."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

V_2023 = Decimal("42326.64")  # PVB old category V
VI_2023 = Decimal("49582.63")  # PVB old category VI


@pytest.fixture
def started():
    """PVB old V, in force from 1 September 2023 (4/12 of 2023 booked), started 2 October."""
    budget = BudgetFactory(allocated_on=date(2023, 9, 1), letter_received_on=date(2023, 9, 4))
    return services.start_budget(budget, on=date(2023, 10, 2))


def test_r3_category_change_books_the_difference_from_the_day_in_booked_years(started):
    assert ledger_selectors.balances(started, 2023).entitlement == Decimal("14108.88")
    services.change_budget_allocation(
        started, category="VI", from_day=date(2023, 11, 1), reason="herziening", by=None
    )
    adjustment = Entry.objects.get(budget=started, kind=EntryKind.ADJUSTMENT)
    # November-December: 2/12 of VI (8 263,77) minus 2/12 of V (7 054,44).
    assert adjustment.amount == Decimal("1209.33")
    assert adjustment.year == 2023
    assert adjustment.effective_date == date(2023, 11, 1)
    # September-October stay at V, November-December at VI.
    assert ledger_selectors.balances(started, 2023).budget_line == Decimal("15318.21")
    started.refresh_from_db()
    assert started.category == "VI"
    # A year opened later takes the new amount in full.
    services.open_budget_year(started, 2024)
    assert ledger_selectors.balances(started, 2024).entitlement == started.yearly_amount(2024)


def test_r3_change_audit_holds_old_and_new_values_day_and_reason(started):
    services.change_budget_allocation(
        started, category="VI", from_day=date(2023, 11, 1), reason="beslissing 12/10", by=None
    )
    event = AuditEvent.objects.get(
        object_type="dossiers.Budget", details__change="allocation_change"
    )
    assert event.details["old"]["category"] == "V"
    assert event.details["new"]["category"] == "VI"
    assert event.details["from_day"] == "2023-11-01"
    assert event.details["reason"] == "beslissing 12/10"
    assert event.details["adjustments"] == {"2023": "1209.33"}


def test_r3_a_second_different_change_is_booked_under_a_new_key(started):
    services.change_budget_allocation(
        started, category="VI", from_day=date(2023, 11, 1), reason="herziening"
    )
    services.change_budget_allocation(
        started, category="V", from_day=date(2023, 12, 1), reason="terug naar V"
    )
    keys = list(
        Entry.objects.filter(budget=started, kind=EntryKind.ADJUSTMENT)
        .order_by("id")
        .values_list("idempotency_key", "amount")
    )
    assert len(keys) == 2 and keys[0][0] != keys[1][0]
    # December back at V: the second change takes 1/12 of the difference back.
    vi_dec = VI_2023 - Decimal("45450.74")  # round(VI * 11/12)
    v_dec = V_2023 - Decimal("38799.42")  # round(V * 11/12)
    assert keys[1][1] == v_dec - vi_dec
    assert ledger_selectors.balances(started, 2023).entitlement == Decimal("14108.88") + Decimal(
        "1209.33"
    ) + (v_dec - vi_dec)


def test_r26_change_below_what_is_paid_is_refused_and_nothing_is_saved(started):
    ledger.pay(
        budget=started,
        year=2023,
        kind=EntryKind.REIMBURSEMENT,
        amount=Decimal("14000.00"),
        reason="kostenstaat",
    )
    with pytest.raises(RuleViolations) as refused:
        services.change_budget_allocation(
            started, category="I", from_day=date(2023, 9, 1), reason="herziening"
        )
    assert refused.value.violations[0].code == "change_below_paid"
    assert "betaald of vastgelegd" in refused.value.violations[0].text()
    started.refresh_from_db()
    assert started.category == "V"
    assert not Entry.objects.filter(budget=started, kind=EntryKind.ADJUSTMENT).exists()


def test_change_refuses_bad_input_with_dutch_messages_per_field(started):
    with pytest.raises(RuleViolations) as refused:
        services.change_budget_allocation(
            started, category="XX", from_day=date(2023, 8, 1), reason=" "
        )
    fields = {v.field for v in refused.value.violations}
    assert {"reason", "from_day"} <= fields
    with pytest.raises(RuleViolations) as unknown:
        services.change_budget_allocation(
            started, category="XX", from_day=date(2023, 11, 1), reason="herziening"
        )
    assert unknown.value.violations and all(v.text() for v in unknown.value.violations)
    with pytest.raises(RuleViolations) as future:
        services.change_budget_allocation(
            started, category="VI", from_day=date(2999, 1, 1), reason="herziening"
        )
    assert {v.code for v in future.value.violations} == {"from_day_in_future"}
    started.refresh_from_db()
    assert started.category == "V"


def test_person_edit_is_audited_with_masked_numbers_and_old_and_new_values():
    person = PersonFactory(first_name="Lotte", last_name="Peeters")
    old = {name: getattr(person, name) for name in services.PERSON_AUDITED_FIELDS}
    person.last_name = "Verhaegen"
    services.record_person_change(person, old=old, by=None)
    event = AuditEvent.objects.filter(details__has_key="changes").get()
    assert event.details["changes"] == {"last_name": {"old": "Peeters", "new": "Verhaegen"}}
    assert person.national_number not in str(event.details)


def test_r34_date_of_death_stops_running_budgets_from_the_day_after(started):
    person = started.person
    old = {name: getattr(person, name) for name in services.PERSON_AUDITED_FIELDS}
    person.date_of_death = date(2023, 11, 15)
    services.record_person_change(person, old=old, by=None)
    budget = Budget.objects.get(pk=started.pk)
    assert budget.status == BudgetStatus.STOPPED
    assert budget.stop_reason == "DEATH"
    assert budget.stopped_on == date(2023, 11, 16)
    # November (the month of death) still counts: 3/12 of V.
    assert ledger_selectors.balances(budget, 2023).entitlement == Decimal("10581.66")
    event = AuditEvent.objects.filter(details__has_key="changes").get()
    assert event.details["changes"]["date_of_death"] == {"old": None, "new": "2023-11-15"}


def test_national_number_change_is_audited_masked_never_in_full():
    from budgetlijn.dossiers.tests.factories import national_number_for
    from budgetlijn.rules import identity

    person = PersonFactory(birth_date=date(1985, 7, 30))
    old_number = person.national_number
    old = {name: getattr(person, name) for name in services.PERSON_AUDITED_FIELDS}
    person.national_number = national_number_for(date(1985, 7, 30), 501)
    services.record_person_change(person, old=old, by=None)
    change = AuditEvent.objects.get(details__has_key="changes").details["changes"]
    assert change["national_number"] == {
        "old": identity.mask(old_number),
        "new": identity.mask(person.national_number),
    }
    assert old_number not in str(change) and person.national_number not in str(change)
