"""GET budgets, a budget line per year, contracts with their versions: per role, guessed ids."""

import pytest

from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    "role, sees",
    [
        ("mother", {"target"}),
        ("child", {"target"}),
        ("adult_holder", {"adult"}),
        ("staff_full_mandate", {"target"}),
        ("staff_revoked_mandate", set()),
        ("staff_elsewhere", {"other"}),
        ("staff_without_group", set()),
        ("inspector", {"target", "other", "adult"}),
    ],
)
def test_each_role_lists_the_budgets_it_reaches(as_user, world, role, sees):
    budgets = {name: getattr(world, name)["budget"].pk for name in ("target", "other", "adult")}
    found = {row["id"] for row in results(as_user(role).get("/api/v1/budgets/"))}
    assert found == {budgets[name] for name in sees}


def test_a_budget_lists_its_years_and_filters_work(as_user, world):
    api = as_user("inspector")
    budget = world.target["budget"]
    body = api.get(f"/api/v1/budgets/{budget.pk}/").json()
    assert body["kind"] == "PAB" and body["dossier"] == world.target["person"].pk
    assert 2023 in body["years"]
    assert [r["kind"] for r in results(api.get("/api/v1/budgets/", {"kind": "PVB"}))] == ["PVB"]
    mine = results(api.get("/api/v1/budgets/", {"dossier": world.target["person"].pk}))
    assert [r["id"] for r in mine] == [budget.pk]
    problem = assert_problem(api.get("/api/v1/budgets/", {"kind": "XYZ"}), 400, "api_invalid")
    assert problem["errors"][0]["field"] == "kind"
    assert_problem(api.get("/api/v1/budgets/", {"dossier": 10**30}), 400, "api_invalid")


def test_the_budget_line_of_a_year(as_user, world):
    budget = world.target["budget"]
    body = as_user("mother").get(f"/api/v1/budgets/{budget.pk}/lijn/2023/").json()
    assert body["year"] == 2023
    assert body["yearly_amount"] == "20000.00"
    assert body["committed"] == "1500.00"  # the statement of the world (1 500 for January)
    assert body["remaining"] == "18500.00"
    assert body["via_room"] == "1400.00"  # 7 % of a PAB (R27)


@pytest.mark.parametrize("year", [2019, 1999, 2100, 99999])
def test_a_year_without_a_line_is_a_404_problem(as_user, world, year):
    budget = world.target["budget"]
    response = as_user("mother").get(f"/api/v1/budgets/{budget.pk}/lijn/{year}/")
    assert_problem(response, 404, "api_year_not_found")


@pytest.mark.parametrize("role", ["adult_holder", "staff_elsewhere", "staff_revoked_mandate"])
def test_guessed_budget_and_line_ids_answer_404(as_user, world, role):
    api = as_user(role)
    budget = world.target["budget"]
    assert_problem(api.get(f"/api/v1/budgets/{budget.pk}/"), 404, "api_not_found")
    assert_problem(api.get(f"/api/v1/budgets/{budget.pk}/lijn/2023/"), 404, "api_not_found")
    contract = world.target["contract"]
    assert_problem(api.get(f"/api/v1/contracts/{contract.pk}/"), 404, "api_not_found")


def test_contracts_per_role_with_status(as_user, world):
    target = {world.target["contract"].pk, world.target["provider_contract"].pk}
    assert {r["id"] for r in results(as_user("mother").get("/api/v1/contracts/"))} == target
    assert results(as_user("adult_holder").get("/api/v1/contracts/")) == []
    rows = results(as_user("staff_full_mandate").get("/api/v1/contracts/", {"status": "APPROVED"}))
    assert [r["id"] for r in rows] == [world.target["contract"].pk]
    assert rows[0]["status_label"] == "goedgekeurd"


def test_a_contract_detail_lists_its_versions(as_user, world):
    contract = world.target["provider_contract"]
    body = as_user("mother").get(f"/api/v1/contracts/{contract.pk}/").json()
    assert body["status"] == "REGISTERED" and body["version"] == 1
    assert [v["id"] for v in body["versions"]] == [contract.pk]


def test_anonymous_gets_401_on_budgets_and_contracts(client, world):
    for url in ("/api/v1/budgets/", "/api/v1/contracts/"):
        assert_problem(client.get(url), 401, "api_not_authenticated")
