"""The statistics page and exports: access per role, the page's content and accessibility."""

import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Person
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.reporting.access import ANALYSTS_GROUP, PERMISSION
from budgetlijn.reporting.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PAGE = "/statistieken/"
CSV = "/statistieken/export.csv"
XLSX = "/statistieken/export.xlsx"
URLS = [PAGE, CSV, XLSX]
QUERY = "?kind=CONVENANT&year=2022"


@pytest.fixture
def convenants():
    for province in ("ANT", "ANT", "LIM"):
        BudgetFactory(
            kind=BudgetKind.CONVENANT,
            scheme="",
            category="RESIDENTIAL_GES_PLUS",
            allocated_on=date(2022, 4, 1),
            letter_received_on=date(2022, 4, 3),
            person=PersonFactory(minor=True, province=province),
        )


def test_the_analysts_group_exists_with_the_permission_after_migrations():
    group = Group.objects.get(name=ANALYSTS_GROUP)
    assert [p.codename for p in group.permissions.all()] == ["view_statistics"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url + QUERY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", URLS)
def test_a_user_without_the_permission_gets_403(client, url):
    client.force_login(make_user("medewerker"))
    response = client.get(url + QUERY)
    assert response.status_code == 403
    if url == PAGE:
        assert "Geen toegang" in response.content.decode()


@pytest.mark.parametrize("url", URLS)
def test_staff_without_the_permission_gets_403(client, url):
    client.force_login(make_user("dossierbeheerder", staff=True))
    assert client.get(url + QUERY).status_code == 403


@pytest.mark.parametrize(
    "role",
    [
        {"analyst": True},
        {"staff": True, "permission": True},
        {"staff": True, "superuser": True},
    ],
    ids=["analyst", "staff-with-permission", "superuser"],
)
@pytest.mark.parametrize("url", URLS)
def test_analysts_staff_with_the_permission_and_superusers_get_the_statistics(
    client, convenants, role, url
):
    user = make_user("gebruiker", **role)
    assert user.has_perm(PERMISSION)
    client.force_login(user)
    response = client.get(url + QUERY)
    assert response.status_code == 200


def test_an_analyst_cannot_reach_dossiers_or_guessed_urls(analyst_client, convenants):
    # The admin (names, national numbers, budgets one by one) is for agency staff only.
    for url in ("/admin/", "/admin/dossiers/person/", "/admin/dossiers/budget/"):
        response = analyst_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    for url in (
        "/statistieken/personen/",
        "/statistieken/export.json",
        "/statistieken/budgetten.csv",
        "/api/v1/personen/",
        "/api/v1/budgetten/",
    ):
        assert analyst_client.get(url).status_code == 404, url
    # Asking for a grouping per person or per budget is refused, not answered.
    for params in ("?rows=person", "?columns=national_number", "?rows=budget&columns=id"):
        response = analyst_client.get(PAGE + params)
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.content.decode()


def test_the_page_shows_aggregates_only(analyst_client, convenants):
    html = analyst_client.get(PAGE + QUERY).content.decode()
    for person in Person.objects.all():
        assert person.national_number not in html
        assert person.last_name not in html
    assert "Verblijf GES+ (70.793 euro)" in html
    assert ">2<" in html and ">3<" in html


def test_the_page_is_dutch_and_accessible(analyst_client, convenants):
    html = analyst_client.get(PAGE + QUERY + "&measure=allocated").content.decode()
    assert '<html lang="nl-BE">' in html
    assert 'href="#inhoud"' in html and '<main id="inhoud"' in html
    assert "<caption>Toegekend jaarbedrag (EUR) per budgetcategorie en provincie" in html
    assert '<th scope="col">Budgetcategorie</th>' in html
    assert '<th scope="row">Verblijf GES+ (70.793 euro)</th>' in html
    assert "<tfoot>" in html
    # The chart: an image with a title and a description, the table as its equivalent.
    assert re.search(r'<svg role="img" aria-labelledby="grafiek-titel grafiek-beschrijving"', html)
    assert '<title id="grafiek-titel">Staafdiagram' in html
    assert "Verblijf GES+ (70.793 euro): 212\u00a0379,00" in html
    # Every form control has a label.
    for control in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{control}"' in html, control
    assert "Wat de cijfers betekenen" in html
    assert "EUR 212\u00a0379,00" in html  # the total amount (3 x 70 793)


def test_the_page_reports_invalid_questions_in_dutch(analyst_client):
    response = analyst_client.get(PAGE + "?from=2023-07-01&to=2023-01-01")
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    response = analyst_client.get(PAGE + "?rows=province&columns=province")
    assert "Kies voor de rijen en de kolommen een verschillende indeling." in (
        response.content.decode()
    )
    response = analyst_client.get(CSV + "?from=2023-01-01")
    assert response.status_code == 400
    assert "Vul zowel de begindatum als de einddatum in" in response.content.decode()


def test_the_page_defaults_to_the_current_year(analyst_client):
    response = analyst_client.get(PAGE)
    assert response.status_code == 200
    assert f'value="{timezone.localdate().year}"' in response.content.decode()


def test_the_page_links_to_its_exports_and_the_api(analyst_client, convenants):
    html = analyst_client.get(PAGE + QUERY + "&suppress=1&threshold=3").content.decode()
    assert "/statistieken/export.csv?kind=CONVENANT&amp;basis=made_available&amp;year=2022" in html
    assert "suppress=1&amp;threshold=3" in html
    assert "/api/v1/statistieken/?kind=CONVENANT" in html


def test_exports_download_as_files(analyst_client, convenants):
    response = analyst_client.get(CSV + QUERY)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statistiek-convenant')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffBudgetcategorie;Antwerpen;Limburg;")
    response = analyst_client.get(XLSX + QUERY + "&suppress=1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["Statistiek"]
    assert sheet["A1"].value == "Budgetcategorie"
    assert sheet["B2"].value == "< 5"  # 2 children in Antwerpen


def test_login_page_is_dutch_and_leads_an_analyst_to_the_statistics(client):
    make_user("analist2", analyst=True)
    html = client.get("/accounts/login/?next=/statistieken/").content.decode()
    assert "Gebruikersnaam" in html and "Wachtwoord" in html and 'lang="nl-BE"' in html
    response = client.post("/accounts/login/", {"username": "analist2", "password": PASSWORD})
    # sign-in leads to the start page, which sends an analyst on to the statistics
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/")["Location"] == "/statistieken/"
    response = client.post("/accounts/login/", {"username": "analist2", "password": "fout"})
    assert "niet juist" in response.content.decode()
