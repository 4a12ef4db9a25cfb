"""National register numbers never travel in a URL, and are shown masked; showing one in full
is recorded in the audit trail (who, when, whose)."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.rules.identity import format_national_number
from budgetlijn.testing import admin_search

pytestmark = pytest.mark.django_db

PERSONS = "/admin/dossiers/person/"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("medewerker", "m@vaph.test", "w8woord-1")
    client.force_login(user)
    return client


@pytest.fixture
def lotte():
    return PersonFactory(first_name="Lotte", last_name="Verhaegen", birth_date=date(1990, 4, 2))


def number_forms(number: str) -> list[str]:
    return [number, format_national_number(number), number[:6]]


def addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|action|formaction|src)="([^"]*)"', html)


def test_every_admin_that_searches_national_numbers_keeps_them_out_of_the_address():
    for model, model_admin in admin.site._registry.items():
        if any("national_number" in field for field in model_admin.search_fields or []):
            assert isinstance(model_admin, NationalNumberSearchMixin), model._meta.label


def test_the_search_box_posts_and_the_list_address_carries_a_token(staff, lotte):
    PersonFactory(last_name="Maes", birth_date=date(1979, 11, 23))
    box = staff.get(PERSONS).content.decode()
    assert re.search(r'<form id="changelist-search" method="post"', box)
    typed = format_national_number(lotte.national_number)
    response = staff.post(PERSONS, {"q": typed, "_zoeken": "1", "o": "1"})
    assert response.status_code == 302
    assert "rrn%3A" in response.url and "o=1" in response.url
    for form in number_forms(lotte.national_number):
        assert form not in response.url
    page = staff.get(response.url).content.decode()
    assert "Verhaegen" in page and "Maes" not in page
    links = addresses(page)
    assert any("rrn%3A" in link for link in links)  # sorting, the result's change link
    for link in links:
        for form in number_forms(lotte.national_number):
            assert form not in link
    # The box does not hold the number either; the list says what it searched, masked.
    assert lotte.national_number not in page and typed not in page
    assert "Gezocht op rijksregisternummer 90.04.02-xxx.xx" in page


def test_a_number_in_the_address_is_not_searched(staff, lotte):
    response = staff.get(PERSONS, {"q": lotte.national_number, "o": "2"})
    assert response.status_code == 302
    assert response.url == f"{PERSONS}?o=2"
    page = staff.get(response.url).content.decode()
    assert "hoort niet in het webadres" in page


def test_a_token_of_another_session_finds_nothing(staff, client, lotte):
    response = staff.post(PERSONS, {"q": lotte.national_number, "_zoeken": "1"})
    staff.logout()
    user = get_user_model().objects.create_superuser("ander", "a@vaph.test", "w8woord-2")
    client.force_login(user)
    page = client.get(response.url).content.decode()
    assert "Verhaegen" not in page
    assert "niet meer beschikbaar" in page


def test_a_name_is_still_searched_as_before(staff, lotte):
    page = admin_search(staff, PERSONS, "Verhaegen").content.decode()
    assert "Verhaegen" in page
    assert staff.get(PERSONS, {"q": "Verhaegen"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/dossiers/budget/",
        "/admin/dossiers/relation/",
        "/admin/ledger/entry/",
        "/admin/contracts/contract/",
        "/admin/costs/coststatement/",
    ],
)
def test_every_list_searched_by_number_gets_a_token(staff, url):
    budget = BudgetFactory()
    response = staff.post(url, {"q": budget.person.national_number, "_zoeken": "1"})
    assert response.status_code == 302
    assert budget.person.national_number not in response.url
    assert staff.get(response.url).status_code == 200


def change_page(client, person):
    return client.get(reverse("admin:dossiers_person_change", args=[person.pk])).content.decode()


def test_the_change_page_shows_the_number_masked_with_a_toon_volledig_button(staff, lotte):
    page = change_page(staff, lotte)
    assert lotte.national_number not in page
    assert format_national_number(lotte.national_number) not in page
    assert "90.04.02-xxx.xx" in page
    reveal_url = reverse("admin:dossiers_person_reveal_number", args=[lotte.pk])
    assert f'formaction="{reveal_url}"' in page
    assert "Toon volledig" in page


def test_toon_volledig_shows_the_number_and_records_who_saw_whose_number(staff, lotte):
    before = AuditEvent.objects.filter(details__field="national_number").count()
    reveal_url = reverse("admin:dossiers_person_reveal_number", args=[lotte.pk])
    assert staff.get(reveal_url).status_code == 405
    assert AuditEvent.objects.filter(details__field="national_number").count() == before
    response = staff.post(reveal_url)
    assert response.status_code == 302
    assert lotte.national_number not in response.url
    event = AuditEvent.objects.get(details__field="national_number")
    assert event.action == AuditEvent.Action.VIEW_SENSITIVE
    assert event.actor.username == "medewerker"
    assert event.person_id == lotte.pk
    assert event.at is not None
    assert "volledig getoond" in event.summary
    page = change_page(staff, lotte)
    assert f'value="{lotte.national_number}"' in page  # now the editable field
    assert "vastgelegd in het auditspoor" in page


def test_the_reveal_lasts_a_few_minutes(staff, lotte, monkeypatch):
    import time

    from budgetlijn import admin_reveal

    staff.post(reverse("admin:dossiers_person_reveal_number", args=[lotte.pk]))
    assert lotte.national_number in change_page(staff, lotte)
    later = time.time() + admin_reveal.REVEAL_SECONDS + 1
    monkeypatch.setattr(admin_reveal.time, "time", lambda: later)
    assert lotte.national_number not in change_page(staff, lotte)


@pytest.mark.parametrize("revealed", [False, True])
def test_the_masked_number_can_only_be_changed_after_revealing_it(staff, lotte, revealed):
    from budgetlijn.dossiers.tests.factories import national_number_for

    number = lotte.national_number
    other = national_number_for(lotte.birth_date, sequence=int(number[6:9]) % 997 + 1)
    assert other != number
    if revealed:
        staff.post(reverse("admin:dossiers_person_reveal_number", args=[lotte.pk]))
    data = {
        "first_name": "Lotte",
        "last_name": "Verhaegen",
        "national_number": other,
        "birth_date": lotte.birth_date.isoformat(),
        "province": lotte.province,
        "municipality": lotte.municipality,
        "postal_code": lotte.postal_code,
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
    }
    response = staff.post(reverse("admin:dossiers_person_change", args=[lotte.pk]), data)
    assert response.status_code == 302  # saved
    lotte.refresh_from_db()
    assert lotte.national_number == (other if revealed else number)


def test_a_user_without_access_to_persons_cannot_reveal(client, lotte):
    user = get_user_model().objects.create_user("gast", password="w8woord-3", is_staff=True)
    client.force_login(user)
    response = client.post(reverse("admin:dossiers_person_reveal_number", args=[lotte.pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(details__field="national_number").exists()
