"""The admin in Dutch for agency staff: search by name and national register number."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.models import Person
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory

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
    by_number = staff_client.get("/admin/dossiers/person/", {"q": dotted}).content.decode()
    assert "Verhaegen" in by_number and "Maes" not in by_number
    # Lists show the national number masked.
    assert lotte.national_number not in by_name


def test_admin_search_budget_by_national_number(staff_client):
    budget = BudgetFactory()
    other = BudgetFactory(person=PersonFactory(last_name="Anders", birth_date=date(1970, 1, 1)))
    page = staff_client.get(
        "/admin/dossiers/budget/", {"q": budget.person.national_number}
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
