"""GET /api/v1/statistieken/: JSON, access per role, errors in Dutch, the OpenAPI schema."""

import base64
from datetime import date
from decimal import Decimal

import pytest
import yaml

from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.tests.factories import BudgetFactory, PersonFactory
from budgetlijn.reporting.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistieken/"
QUERY = {"kind": "CONVENANT", "from": "2022-01-01", "to": "2022-12-31", "as_of": "2026-11-23"}


@pytest.fixture
def convenants():
    def add(category, province, amount=None):
        BudgetFactory(
            kind=BudgetKind.CONVENANT,
            scheme="",
            category=category,
            specific_amount=amount,
            allocated_on=date(2022, 4, 1),
            letter_received_on=date(2022, 4, 3),
            person=PersonFactory(minor=True, province=province),
        )

    for _number in range(6):
        add("RESIDENTIAL_HIGH_FREQUENCY", "ANT")
    for _number in range(5):
        add("RESIDENTIAL_HIGH_FREQUENCY", "LIM")
    add("OTHER", "ANT", Decimal("23456.78"))
    add("OTHER", "LIM", Decimal("34567.89"))


@pytest.fixture
def api(client):
    client.force_login(make_user("analist", analyst=True))
    return client


def test_r38_api_returns_rows_columns_cells_and_totals(api, convenants):
    response = api.get(URL, QUERY)
    assert response.status_code == 200
    data = response.json()
    assert data["query"]["from"] == "2022-01-01" and data["query"]["to"] == "2022-12-31"
    assert data["measure"]["code"] == "persons"
    assert data["measure"]["label"] == "aantal personen"
    assert [c["key"] for c in data["columns"]] == ["ANT", "LIM", "OVL", "VBR", "WVL", "BRU"]
    assert data["columns"][0]["label"] == "Antwerpen"
    high, other = data["rows"]
    assert high["key"] == "CONVENANT::RESIDENTIAL_HIGH_FREQUENCY"
    assert high["label"] == "Verblijf hoog frequent met dagopvang (60.259 euro)"
    assert [cell["value"] for cell in high["cells"]] == [6, 5, 0, 0, 0, 0]
    assert high["cells"][0] == {"column": "ANT", "value": 6, "display": "6", "suppressed": ""}
    assert high["total"]["value"] == 11
    assert [cell["value"] for cell in data["column_totals"]][:2] == [7, 6]
    assert data["total"]["value"] == 13
    assert data["summary"] == {
        "persons": 13,
        "budgets": 13,
        "allocated": "720873.67",  # 11 x 60 259 + 23 456,78 + 34 567,89
        "without_amount": 0,
        "suppressed": [],
    }
    assert data["suppression"] is None
    assert other["label"] == "Ander (gemengd budget, begeleiding of specifiek toegekend bedrag)"


def test_r38_api_amounts_are_strings_with_two_decimals(api, convenants):
    data = api.get(URL, {**QUERY, "measure": "allocated"}).json()
    assert data["rows"][0]["cells"][0]["value"] == "361554.00"  # 6 x 60 259
    assert data["rows"][1]["total"]["value"] == "58024.67"
    assert data["total"]["value"] == "720873.67"
    assert data["measure"]["label"] == "toegekend jaarbedrag (EUR)"


def test_r38_api_suppression_hides_small_values_and_totals(api, convenants):
    data = api.get(URL, {**QUERY, "suppress": "true", "threshold": "5"}).json()
    other = data["rows"][1]
    assert other["cells"][0] == {
        "column": "ANT",
        "value": None,
        "display": "< 5",
        "suppressed": "primary",
    }
    # The row total counts the same two children: hidden too.
    assert other["total"] == {"value": None, "display": "< 5", "suppressed": "primary"}
    assert data["total"]["value"] == 13
    assert data["summary"]["persons"] == 13 and data["summary"]["suppressed"] == []
    assert data["suppression"]["threshold"] == 5
    assert data["suppression"]["primary"] == 3
    # Two rows only: the column totals would give the small cells away, so the cells above
    # them are hidden too, and the other row total would give the small row total away.
    assert data["rows"][0]["cells"][0] == {
        "column": "ANT",
        "value": None,
        "display": "x",
        "suppressed": "secondary",
    }
    assert data["rows"][0]["total"]["display"] == "x"
    assert [cell["value"] for cell in data["column_totals"]][:2] == [7, 6]
    assert data["suppression"]["secondary"] == 3


def test_api_errors_are_dutch(api):
    response = api.get(URL, {"from": "2023-07-01", "to": "2023-01-01", "measure": "namen"})
    assert response.status_code == 400
    # Problem details (RFC 9457), one error per field (budgetlijn.api.problems).
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "api_invalid" and body["status"] == 400
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors["to"] == "De einddatum ligt vóór de begindatum."
    assert "Selecteer een geldige keuze" in errors["measure"]
    response = api.get(URL, {"from": "2023-07-01"})
    whole = [e for e in response.json()["errors"] if e["field"] is None]
    assert "Vul zowel de begindatum als de einddatum in" in whole[0]["message"]


def test_api_anonymous_gets_401(client):
    response = client.get(URL, QUERY)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_api_without_the_permission_gets_403_with_basic_or_session(client):
    make_user("medewerker")
    credentials = base64.b64encode(f"medewerker:{PASSWORD}".encode()).decode()
    response = client.get(URL, QUERY, HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 403
    assert "geen toegang tot de statistieken" in response.json()["detail"]
    staff = make_user("dossierbeheerder", staff=True)
    client.force_login(staff)
    assert client.get(URL, QUERY).status_code == 403


@pytest.mark.parametrize(
    "role",
    [{"analyst": True}, {"staff": True, "permission": True}, {"superuser": True, "staff": True}],
    ids=["analyst", "staff-with-permission", "superuser"],
)
def test_api_roles_with_the_permission(client, role, convenants):
    user = make_user("gebruiker", **role)
    credentials = base64.b64encode(f"gebruiker:{PASSWORD}".encode()).decode()
    response = client.get(URL, QUERY, HTTP_AUTHORIZATION=f"Basic {credentials}")
    if user.is_staff:
        # Agency staff sign in with two factors, which HTTP Basic cannot carry: refused there,
        # served in a session signed in with both steps.
        assert response.status_code == 401
        assert "in twee stappen" in response.json()["detail"]
        client.force_login(user)
        response = client.get(URL, QUERY)
    assert response.status_code == 200
    assert response.json()["total"]["value"] == 13


def test_api_has_no_rows_per_person_or_budget(api, convenants):
    for url in ("/api/v1/personen/", "/api/v1/budgetten/", "/api/v1/statistieken/1/"):
        assert api.get(url).status_code == 404, url
    response = api.get(URL, {"rows": "person"})
    assert response.status_code == 400
    text = response.content.decode()
    for person in BudgetFactory._meta.model.objects.values_list(
        "person__national_number", flat=True
    ):
        assert person not in api.get(URL, QUERY).content.decode()
    assert "national" not in text


def test_openapi_schema_documents_the_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/statistieken/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"kind", "basis", "year", "from", "to", "as_of", "measure", "rows", "columns"} <= names
    assert {"suppress", "threshold"} <= names
    measure = next(p for p in operation["parameters"] if p["name"] == "measure")
    assert set(measure["schema"]["enum"]) == {
        "persons",
        "budgets",
        "allocated",
        "entitled",
        "spent",
        "remaining",
    }
    assert "Cijfer" in measure["description"]
    assert "Statistics" in schema["components"]["schemas"]
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_api_documentation_serves_its_assets_itself(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("docs", "d@vaph.test", "geheim-wachtwoord-1")
    client.force_login(user)
    page = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page
    assert "/static/drf_spectacular_sidecar/" in page
