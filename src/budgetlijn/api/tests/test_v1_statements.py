"""Cost statements through the API: filing with an Idempotency-Key, refusals as problems,
reading each line's outcome and reasons, the review queue; per role, guessed ids."""

import pytest

from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db

URL = "/api/v1/kostenstaten/"


def body(world, amount="1200.00", month=2, late_reason=""):
    line = {
        "contract_id": world.target["contract"].pk,
        "cost_kind": "WAGE",
        "booking_type": "COST",
        "period_from": f"2023-{month:02d}-01",
        "period_to": f"2023-{month:02d}-28",
        "amount": amount,
    }
    if late_reason:
        line["late_reason"] = late_reason
    return {"budget_id": world.target["budget"].pk, "year": 2023, "lines": [line]}


def post(api, data, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(URL, data, content_type="application/json", **headers)


def test_filing_twice_with_one_key_books_once(as_user, world):
    api = as_user("mother")
    statements, entries = CostStatement.objects.count(), Entry.objects.count()
    first = post(api, body(world), key="3c9a7f0e-0b1d-4c55-9a43-1f0d2b8e6a11")
    assert first.status_code == 201, first.content
    booked = Entry.objects.count()
    again = post(api, body(world), key="3c9a7f0e-0b1d-4c55-9a43-1f0d2b8e6a11")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert CostStatement.objects.count() == statements + 1
    assert Entry.objects.count() == booked >= entries
    data = first.json()
    assert data["filed_by_role"] == "HOLDER" and data["source"] == "API"
    line = data["lines"][0]
    assert line["amount"] == "1200.00"
    assert line["outcome"] in {"ACCEPTED", "PARTLY_ACCEPTED", "WAITING", "REFUSED"}
    assert line["outcome_label"]
    statement = CostStatement.objects.get(pk=data["id"])
    assert statement.idempotency_key == (
        f"api:{world.users['mother'].pk}:3c9a7f0e-0b1d-4c55-9a43-1f0d2b8e6a11"
    )


def test_one_key_with_other_content_is_a_422_problem(as_user, world):
    api = as_user("mother")
    assert post(api, body(world), key="sleutel-1").status_code == 201
    count = CostStatement.objects.count()
    problem = assert_problem(
        post(api, body(world, amount="999.00"), key="sleutel-1"),
        422,
        "api_idempotency_key_reused",
    )
    assert problem["errors"][0]["code"] == "cost_idempotency_key_reused"
    assert CostStatement.objects.count() == count


def test_keys_are_kept_apart_per_user(as_user, world):
    assert post(as_user("mother"), body(world), key="k1").status_code == 201
    # Another caller's same key is not theirs: it is a new key for them.
    other = post(as_user("staff_full_mandate"), body(world, amount="10.00"), key="k1")
    assert other.status_code == 201


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 65, "é"])
def test_a_malformed_key_is_a_400_problem(as_user, world, key):
    assert_problem(
        post(as_user("mother"), body(world), key=key), 400, "api_idempotency_key_invalid"
    )


def test_unknown_fields_are_refused_not_passed_on(as_user, world):
    data = body(world)
    data["idempotency_key"] = "in-de-body"  # only the header sets the key
    data["lines"][0]["korting"] = "10"
    problem = assert_problem(post(as_user("mother"), data), 400, "api_unknown_field")
    fields = {e["field"] for e in problem["errors"]}
    assert fields == {"idempotency_key", "lines[0].korting"}
    assert CostStatement.objects.filter(source="API").count() == 0


def test_field_errors_of_the_service_name_the_line_and_field(as_user, world):
    problem = assert_problem(
        post(as_user("mother"), body(world, amount="veel")), 400, "api_invalid"
    )
    assert {
        "field": "lines[0].amount",
        "code": "cost_amount_invalid",
        "message": "Geef het bedrag in euro, zoals 125,50.",
    } in problem["errors"]


@pytest.mark.parametrize("data", [[], "tekst", {"year": 2023, "lines": []}, {"budget_id": True}])
def test_a_body_without_a_budget_is_a_400_problem(as_user, world, data):
    response = post(as_user("mother"), data)
    assert response.status_code == 400


def test_organisation_staff_file_under_their_mandate_and_leave_an_act(as_user, world):
    response = post(as_user("staff_full_mandate"), body(world), key="org-1")
    assert response.status_code == 201, response.content
    assert response.json()["filed_by_role"] == "ASSISTANCE_ORGANISATION"
    assert response.json()["organisation"] == "Bijstandsorganisatie Vol"
    act = MandateAct.objects.get(action=MandateAction.COSTS_FILED)
    assert act.person == world.target["person"]
    assert act.user == world.users["staff_full_mandate"]
    assert act.object_id == str(response.json()["id"])


def test_a_view_only_mandate_may_not_file_403(as_user, world):
    assert_problem(post(as_user("staff_view_mandate"), body(world)), 403, "api_permission_denied")


def test_the_child_sees_but_does_not_file_403(as_user, world):
    assert_problem(post(as_user("child"), body(world)), 403, "api_permission_denied")


@pytest.mark.parametrize("role", ["adult_holder", "staff_revoked_mandate", "staff_elsewhere"])
def test_filing_on_a_guessed_budget_is_a_404_problem(as_user, world, role):
    assert_problem(post(as_user(role), body(world)), 404, "api_not_found")
    assert CostStatement.objects.filter(source="API").count() == 0


def test_anonymous_may_not_file(client, world):
    assert_problem(post(client, body(world)), 401, "api_not_authenticated")


def test_statements_per_role_and_the_detail_with_each_line(as_user, world):
    statement = world.target["statement"]
    for role, sees in [("mother", True), ("staff_full_mandate", True), ("adult_holder", False)]:
        rows = as_user(role).get(URL).json()["results"]
        assert (statement.pk in {r["id"] for r in rows}) is sees, role
    detail = as_user("mother").get(f"{URL}{statement.pk}/").json()
    assert detail["year"] == 2023 and detail["budget"] == world.target["budget"].pk
    line = detail["lines"][0]
    assert line["outcome"] == "ACCEPTED" and line["accepted_amount"] == "1500.00"
    assert line["reasons"] == []
    filtered = as_user("mother").get(URL, {"year": 2022}).json()["results"]
    assert filtered == []


def test_a_refused_line_shows_its_reasons(as_user, world):
    response = post(as_user("mother"), body(world, amount="50000.00", month=3), key="groot")
    line = response.json()["lines"][0]
    assert line["outcome"] in {"PARTLY_ACCEPTED", "REFUSED", "WAITING"}
    assert line["reasons"], line
    assert {"rule", "code", "message"} <= set(line["reasons"][0])


@pytest.mark.parametrize("role", ["adult_holder", "staff_elsewhere", "staff_revoked_mandate"])
def test_a_guessed_statement_id_answers_404(as_user, world, role):
    statement = world.target["statement"]
    assert_problem(as_user(role).get(f"{URL}{statement.pk}/"), 404, "api_not_found")


def test_the_review_queue_is_for_reviewers(as_user, world):
    late = CostLine.objects.filter(pk=world.target["line"].pk)
    late.update(outcome="WAITING", wait_reason="LATE_REVIEW", late_reason="ZIEKTE")
    rows = as_user("cost_review").get("/api/v1/wachtrij/kosten/").json()["results"]
    assert [r["id"] for r in rows] == [world.target["line"].pk]
    assert rows[0]["late_reason"] == "ZIEKTE"
    for role in ("mother", "staff_full_mandate", "inspector"):
        assert as_user(role).get("/api/v1/wachtrij/kosten/").json()["results"] == [], role
    assert_problem(
        as_user("anonymous").get("/api/v1/wachtrij/kosten/"), 401, "api_not_authenticated"
    )


def test_a_form_instead_of_json_is_a_415_problem(as_user, world):
    response = as_user("mother").post(URL, {"budget_id": world.target["budget"].pk, "year": 2023})
    assert_problem(response, 415, "api_unsupported_media_type")
