"""The admin in Dutch for agency staff: search by name and national register number."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.models import Person
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.testing import admin_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser(
        "medewerker", "m@vaph.test", "geheim-wachtwoord-1"
    )
    client.force_login(user)
    return client


def test_admin_is_in_dutch(staff_client):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lang="nl-be"' in text
    assert "Dossiers en budgetten" in text
    assert "Afmelden" in text


def test_admin_search_person_by_name_and_national_number(staff_client):
    lotte = PersonFactory(first_name="Lotte", last_name="Verhaegen", birth_date=date(1990, 4, 2))
    PersonFactory(first_name="Wout", last_name="Maes", birth_date=date(1979, 11, 23))
    by_name = staff_client.get("/admin/dossiers/person/", {"q": "Verhaegen"}).content.decode()
    assert "Verhaegen" in by_name and "Maes" not in by_name
    dotted = f"{lotte.national_number[:2]}.{lotte.national_number[2:4]}.{lotte.national_number[4:6]}-{lotte.national_number[6:9]}.{lotte.national_number[9:]}"
    by_number = admin_search(staff_client, "/admin/dossiers/person/", dotted).content.decode()
    assert "Verhaegen" in by_number and "Maes" not in by_number
    # Lists show the national number masked.
    assert lotte.national_number not in by_name


def test_admin_search_budget_by_national_number(staff_client):
    budget = BudgetFactory()
    other = BudgetFactory(person=PersonFactory(last_name="Anders", birth_date=date(1970, 1, 1)))
    page = admin_search(
        staff_client, "/admin/dossiers/budget/", budget.person.national_number
    ).content.decode()
    assert f"/admin/dossiers/budget/{budget.pk}/change/" in page
    assert f"/admin/dossiers/budget/{other.pk}/change/" not in page


def test_opening_a_dossier_is_audited(staff_client):
    person = PersonFactory()
    response = staff_client.get(f"/admin/dossiers/person/{person.pk}/change/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE)
    assert event.person_id == person.pk
    assert event.actor.username == "medewerker"


def test_admin_refuses_invalid_national_number_in_dutch(staff_client):
    response = staff_client.post(
        "/admin/dossiers/person/add/",
        {
            "first_name": "Jef",
            "last_name": "Claes",
            "national_number": "85073003329",
            "province": "ANT",
            "municipality": "Mechelen",
            "relations-TOTAL_FORMS": "0",
            "relations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Dit rijksregisternummer klopt niet" in response.content.decode()
    assert Person.objects.count() == 0


def test_every_admin_list_page_answers_in_dutch(staff_client):
    BudgetFactory()
    for url in [
        "/admin/dossiers/person/",
        "/admin/dossiers/budget/",
        "/admin/dossiers/relation/",
        "/admin/ledger/entry/",
        "/admin/parameters/parameteroverride/",
        "/admin/audit/auditevent/",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "Zoeken" in response.content.decode() or "Filter" in response.content.decode(), url


def test_audit_trail_cannot_be_changed_in_the_admin(staff_client):
    PersonFactory()
    staff_client.get("/admin/dossiers/person/")
    event = AuditEvent.objects.create(action="COMMAND", object_type="x", summary="test")
    assert staff_client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403


def test_budget_page_shows_the_budget_line_per_year_from_the_ledger(staff_client):
    from budgetlijn.dossiers import services

    budget = BudgetFactory(allocated_on=date(2023, 9, 1), letter_received_on=date(2023, 9, 4))
    services.start_budget(budget, on=date(2023, 10, 2))
    page = staff_client.get(f"/admin/dossiers/budget/{budget.pk}/change/").content.decode()
    assert "Budgetlijn per jaar" in page
    # PVB old category V 2023 = 42 326,64; in force from September: 4/12 = 14 108,88.
    assert "EUR 14\xa0108,88" in page


# --- Item 9: the admin never changes money behind the ledger's back ------------------------


def _started_budget():
    from budgetlijn.dossiers import services

    budget = BudgetFactory(allocated_on=date(2023, 9, 1), letter_received_on=date(2023, 9, 4))
    return services.start_budget(budget, on=date(2023, 10, 2))


def _budget_post(budget, **overrides):
    """The change form of a budget as the admin posts it (no inline rows changed)."""
    data = {
        "person": budget.person_id,
        "kind": budget.kind,
        "scheme": budget.scheme,
        "category": budget.category,
        "band": budget.band or "",
        "specific_amount": "",
        "applied_on": "",
        "allocated_on": budget.allocated_on.isoformat(),
        "letter_received_on": budget.letter_received_on.isoformat(),
        "support_plan_filed_on": "",
        "payment_mode": budget.payment_mode,
        "estimated_cash_amount": "",
        "_save": "Bewaren",
    }
    for prefix, total in [
        ("holders", 0),
        ("management_statements", 0),
        ("account", 0),
        ("events", 0),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = str(total)
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    data.update(overrides)
    return data


def test_r3_category_of_a_started_budget_is_read_only_in_the_change_form(staff_client):
    from decimal import Decimal

    from budgetlijn.ledger import selectors as ledger_selectors

    budget = _started_budget()
    url = f"/admin/dossiers/budget/{budget.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert 'name="category"' not in page
    assert "Budget wijzigen" in page
    holder = budget.holders.create(person=budget.person, role="SELF")
    response = staff_client.post(
        url,
        _budget_post(
            budget,
            category="VI",
            support_plan_filed_on="2023-09-10",
            **{
                "holders-TOTAL_FORMS": "1",
                "holders-INITIAL_FORMS": "1",
                "holders-0-id": str(holder.pk),
                "holders-0-budget": str(budget.pk),
                "holders-0-person": str(budget.person_id),
                "holders-0-role": "SELF",
                "holders-0-manages": "on",
            },
        ),
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.support_plan_filed_on == date(2023, 9, 10)
    assert budget.category == "V"
    assert ledger_selectors.balances(budget, 2023).entitlement == Decimal("14108.88")


def test_r3_budget_wijzigen_page_books_the_difference_and_audits_old_and_new(staff_client):
    from decimal import Decimal

    from budgetlijn.ledger import selectors as ledger_selectors

    budget = _started_budget()
    url = f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "category": "VI",
            "band": "",
            "specific_amount": "",
            "from_day": "2023-11-01",
            "reason": "herziening",
        },
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.category == "VI"
    assert ledger_selectors.balances(budget, 2023).budget_line == Decimal("15318.21")
    event = AuditEvent.objects.get(details__change="allocation_change")
    assert (event.details["old"]["category"], event.details["new"]["category"]) == ("V", "VI")
    assert event.actor.username == "medewerker"


def test_budget_wijzigen_shows_dutch_errors_and_saves_nothing(staff_client):
    budget = _started_budget()
    url = f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/"
    response = staff_client.post(
        url,
        {
            "category": "VI",
            "band": "",
            "specific_amount": "",
            "from_day": "2023-08-01",
            "reason": "herziening",
        },
    )
    assert response.status_code == 200
    assert "De wijziging kan niet ingaan vóór 01/09/2023" in response.content.decode()
    budget.refresh_from_db()
    assert budget.category == "V"


def test_budget_change_in_the_admin_is_audited_with_old_and_new_values(staff_client):
    budget = BudgetFactory(category="V")
    from budgetlijn.dossiers.models import BudgetHolder

    BudgetHolder.objects.create(budget=budget, person=budget.person, role="SELF")
    data = _budget_post(budget, category="VI")
    data.update(
        {
            "holders-TOTAL_FORMS": "1",
            "holders-INITIAL_FORMS": "1",
            "holders-0-id": str(budget.holders.get().pk),
            "holders-0-budget": str(budget.pk),
            "holders-0-person": str(budget.person_id),
            "holders-0-role": "SELF",
            "holders-0-manages": "on",
        }
    )
    response = staff_client.post(f"/admin/dossiers/budget/{budget.pk}/change/", data, follow=True)
    page = response.content.decode()
    assert "Het budget" in page and "De budget" not in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_type="dossiers.Budget")
    assert event.details["changes"]["category"] == {"old": "V", "new": "VI"}


def test_r33_staff_stop_a_budget_with_a_reason_and_a_date(staff_client):
    from budgetlijn.dossiers.constants import BudgetStatus

    budget = _started_budget()
    url = "/admin/dossiers/budget/"
    form = staff_client.post(url, {"action": "stop_budgets", "_selected_action": [budget.pk]})
    assert "Reden van stopzetting" in form.content.decode()
    response = staff_client.post(
        url,
        {
            "action": "stop_budgets",
            "_selected_action": [budget.pk],
            "apply": "1",
            "reason": "FRAUD",
            "on": "2023-12-01",
        },
        follow=True,
    )
    assert "1 budget(ten) stopgezet." in response.content.decode()
    budget.refresh_from_db()
    assert (budget.status, budget.stop_reason, budget.stopped_on) == (
        BudgetStatus.STOPPED,
        "FRAUD",
        date(2023, 12, 1),
    )


def test_r33_a_refused_stop_shows_the_dutch_message_and_changes_nothing(staff_client):
    from budgetlijn.dossiers.constants import BudgetStatus

    budget = _started_budget()
    response = staff_client.post(
        "/admin/dossiers/budget/",
        {
            "action": "stop_budgets",
            "_selected_action": [budget.pk],
            "apply": "1",
            "reason": "OWN_CHOICE",
            "on": "2023-01-01",
        },
        follow=True,
    )
    assert "De stopdatum ligt vóór de start van het budget" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STARTED


def test_r7_staff_convert_a_pab_to_a_pvb_in_the_admin(staff_client):
    from budgetlijn.dossiers import services
    from budgetlijn.dossiers.constants import BudgetStatus

    person = PersonFactory(birth_date=date(2005, 6, 1))
    pab = BudgetFactory(
        pab=True,
        person=person,
        allocated_on=date(2023, 3, 1),
        letter_received_on=date(2023, 3, 3),
        support_plan_filed_on=date(2023, 3, 1),
    )
    services.start_budget(pab, on=date(2023, 4, 1))
    url = "/admin/dossiers/budget/"
    refused = staff_client.post(
        url,
        {
            "action": "convert_pab_to_pvb",
            "_selected_action": [pab.pk],
            "apply": "1",
            "scheme": "old",
            "category": "V",
            "on": "2023-07-01",
            "support_plan_filed_on": "2027-06-01",
        },
        follow=True,
    )
    pab.refresh_from_db()
    assert pab.status == BudgetStatus.STARTED and pab.support_plan_filed_on == date(2023, 3, 1)
    assert "Omzetten kan niet" in refused.content.decode()
    staff_client.post(
        url,
        {
            "action": "convert_pab_to_pvb",
            "_selected_action": [pab.pk],
            "apply": "1",
            "scheme": "old",
            "category": "V",
            "on": "2023-07-01",
        },
    )
    pab.refresh_from_db()
    assert pab.status == BudgetStatus.CONVERTED
    assert pab.converted_to.kind == "PVB" and pab.converted_to.status == BudgetStatus.STARTED


def _person_post(person, **overrides):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "national_number": person.national_number,
        "birth_date": person.birth_date.isoformat(),
        "date_of_death": "",
        "province": person.province,
        "municipality": person.municipality,
        "postal_code": person.postal_code,
        "care_allowance_since": "",
        "care_allowance_stopped_on": "",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_person_edit_in_the_admin_is_audited_with_masked_number(staff_client):
    person = PersonFactory(last_name="Peeters")
    staff_client.post(
        f"/admin/dossiers/person/{person.pk}/change/",
        _person_post(person, last_name="Verhaegen"),
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE)
    assert event.details["changes"] == {"last_name": {"old": "Peeters", "new": "Verhaegen"}}
    assert person.national_number not in str(event.details)


def test_r34_date_of_death_in_the_admin_stops_the_budget_from_the_day_after(staff_client):
    from budgetlijn.dossiers.constants import BudgetStatus

    budget = _started_budget()
    person = budget.person
    response = staff_client.post(
        f"/admin/dossiers/person/{person.pk}/change/",
        _person_post(person, date_of_death="2023-11-15"),
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.status, budget.stop_reason, budget.stopped_on) == (
        BudgetStatus.STOPPED,
        "DEATH",
        date(2023, 11, 16),
    )


def test_r34_a_date_of_death_before_the_budget_is_refused_in_dutch(staff_client):
    budget = _started_budget()
    person = budget.person
    response = staff_client.post(
        f"/admin/dossiers/person/{person.pk}/change/",
        _person_post(person, date_of_death="2023-01-10"),
    )
    assert response.status_code == 200
    assert "De stopdatum ligt vóór de start van het budget" in response.content.decode()
    person.refresh_from_db()
    assert person.date_of_death is None


def test_dossier_opened_is_recorded_only_when_the_dossier_is_shown(staff_client):
    person = PersonFactory()
    staff_client.get("/admin/dossiers/person/")
    staff_client.get("/admin/dossiers/person/999999/change/")
    staff_client.post(
        f"/admin/dossiers/person/{person.pk}/change/",
        _person_post(person, national_number="123"),
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).exists()
    staff_client.get(f"/admin/dossiers/person/{person.pk}/change/")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).count() == 1


def test_budget_changelist_shows_the_key_columns(staff_client):
    BudgetFactory(pab=True)
    page = staff_client.get("/admin/dossiers/budget/").content.decode()
    for header in ["persoon", "soort budget", "categorie", "status", "opgestart op"]:
        assert f">{header.capitalize()}<" in page or f">{header}<" in page.lower(), header
    assert "II/2" in page


def test_ledger_changelist_shows_amount_year_and_kind(staff_client):
    _started_budget()
    page = staff_client.get("/admin/ledger/entry/").content.decode()
    for header in ["Bedrag", "Budgetjaar", "Soort boeking"]:
        assert f">{header}<" in page or f">{header}</a>" in page, header
    assert "EUR 14\xa0108,88" in page


def test_the_person_page_links_to_the_audit_trail_of_the_dossier(staff_client):
    """The trail is answerable per dossier: the person page counts its events and links to
    them, and the trail's list shows that dossier's events only."""
    person, other = PersonFactory(last_name="Peeters"), PersonFactory(last_name="Janssens")
    for who in (person, other):
        staff_client.post(
            f"/admin/dossiers/person/{who.pk}/change/", _person_post(who, last_name="Nieuw")
        )
    page = staff_client.get(f"/admin/dossiers/person/{person.pk}/change/").content.decode()
    link = f"/admin/audit/auditevent/?person_id={person.pk}"
    assert link in page
    # opening the page itself is an event too (a view of the national register number)
    count = AuditEvent.objects.filter(person_id=person.pk).count()
    assert count == 2
    trail = staff_client.get(link)
    assert trail.status_code == 200
    shown = {event.pk for event in trail.context["cl"].result_list}
    assert shown == set(AuditEvent.objects.filter(person_id=person.pk).values_list("pk", flat=True))
    assert not shown & set(
        AuditEvent.objects.filter(person_id=other.pk).values_list("pk", flat=True)
    )
