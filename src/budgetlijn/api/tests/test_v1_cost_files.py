"""Cost files through the API (bulk submission): check, report, book; every statement only for a
budget the caller may file costs for (R36 mandates with the right, holders who manage, the
agency), rows of any other budget reported bad and never booked; the same file books once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from budgetlijn.access.tests.world import mandate, organisation, staff_of
from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.costs.constants import ErrorCode as CostErrorCode
from budgetlijn.costs.models import CostStatement
from budgetlijn.costs.tests.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db

URL = "/api/v1/kostenbestanden/"
UNKNOWN_BUDGET = 999_999_999


def own_rows(world, amount="100.00", months=(3, 4)):
    return [row(world.target["budget"], world.target["contract"], amount, month=m) for m in months]


def foreign_rows(world):
    """A row for the other family's budget and one for a budget that does not exist."""
    other = row(world.other["budget"], world.other["contract"], "100.00", month=3)
    unknown = row(world.target["budget"], world.target["contract"], "100.00", month=5)
    unknown["budgetnummer"] = UNKNOWN_BUDGET
    return [other, unknown]


def upload(api, data, name="kosten.csv", **extra):
    return api.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


def book(api, pk, only_valid_rows=None):
    data = {} if only_valid_rows is None else {"only_valid_rows": only_valid_rows}
    return api.post(f"{URL}{pk}/boeken/", data, content_type="application/json")


def statements_of(budget):
    return CostStatement.objects.filter(budget=budget).count()


def test_every_bad_row_is_reported_and_other_budgets_look_unknown(as_user, world):
    api = as_user("mother")
    before = CostStatement.objects.count()
    response = upload(api, csv_bytes(own_rows(world) + foreign_rows(world)))
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["status"] == "CHECKED" and report["booking"] is None
    assert report["row_count"] == 4 and report["valid_row_count"] == 2
    assert report["error_row_count"] == 2
    errors = {e["row"]: e for e in report["errors"]}
    assert set(errors) == {4, 5}  # the header is row 1
    other, unknown = errors[4], errors[5]
    assert other["column"] == "budgetnummer" == unknown["column"]
    # a budget outside reach answers exactly as one that does not exist (no probing)
    assert (other["code"], other["message"]) == (unknown["code"], unknown["message"])
    assert other["code"] == CostErrorCode.BUDGET_UNKNOWN
    assert CostStatement.objects.count() == before  # checking books nothing


def test_booking_the_good_rows_books_only_the_callers_budget_once(as_user, world):
    api = as_user("mother")
    report = upload(api, csv_bytes(own_rows(world) + foreign_rows(world))).json()
    own, other = statements_of(world.target["budget"]), statements_of(world.other["budget"])
    assert_problem(book(api, report["id"]), 422, "api_rule_violated")  # the file has errors
    assert statements_of(world.target["budget"]) == own
    booked = book(api, report["id"], only_valid_rows=True)
    assert booked.status_code == 200, booked.content
    data = booked.json()
    assert data["status"] == "BOOKED"
    assert data["booking"]["statements"] == 1 == len(data["statements"])
    assert sum(data["booking"]["outcomes"].values()) == 2
    assert statements_of(world.target["budget"]) == own + 1
    assert statements_of(world.other["budget"]) == other
    # booking again, or uploading the same file again, books nothing twice
    again = book(api, report["id"], only_valid_rows=True)
    assert again.status_code == 200 and again.json()["booking"] is None
    same = upload(api, csv_bytes(own_rows(world) + foreign_rows(world)))
    assert same.status_code == 200 and same.json()["id"] == report["id"]
    assert same.json()["status"] == "BOOKED"
    assert statements_of(world.target["budget"]) == own + 1


def test_r36_organisation_staff_file_under_a_mandate_and_leave_an_act_per_statement(as_user, world):
    api = as_user("staff_full_mandate")
    rows = own_rows(world, months=(6,)) + [{**own_rows(world, months=(7,))[0], "budgetjaar": 2024}]
    report = upload(api, csv_bytes(rows)).json()
    assert report["filed_by_role"] == "ASSISTANCE_ORGANISATION"
    assert report["organisation"] == "Bijstandsorganisatie Vol"
    acts = MandateAct.objects.filter(action=MandateAction.COSTS_FILED).count()
    data = book(api, report["id"], only_valid_rows=True).json()
    statements = data["statements"]
    assert statements
    made = MandateAct.objects.filter(action=MandateAction.COSTS_FILED).order_by("pk")
    assert made.count() == acts + len(statements)
    assert {a.mandate_id for a in made[acts:]} == {world.mandates["full"].pk}


@pytest.mark.parametrize(
    "role", ["staff_view_mandate", "staff_revoked_mandate", "staff_elsewhere", "child"]
)
def test_without_the_right_to_file_costs_every_row_is_bad_and_nothing_is_booked(
    as_user, world, role
):
    api = as_user(role)
    before = statements_of(world.target["budget"])
    report = upload(api, csv_bytes(own_rows(world, amount="12.34"))).json()
    assert report["valid_row_count"] == 0 and report["error_row_count"] == 2
    assert {e["code"] for e in report["errors"]} == {CostErrorCode.BUDGET_UNKNOWN}
    assert_problem(book(api, report["id"]), 422, "api_rule_violated")
    data = book(api, report["id"], only_valid_rows=True).json()
    assert data["statements"] == []
    assert statements_of(world.target["budget"]) == before


def test_an_expired_mandate_files_nothing(client, world):
    from knox.models import AuthToken

    today = timezone.localdate()
    ended = organisation(name="Bijstandsorganisatie Verlopen")
    mandate(
        world.target["person"],
        ended,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    _instance, token = AuthToken.objects.create(user=staff_of(ended, "expired"))
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    report = upload(client, csv_bytes(own_rows(world, amount="13.00"))).json()
    assert report["valid_row_count"] == 0


def test_the_agency_files_for_any_budget(as_user, world):
    api = as_user("cost_review")
    report = upload(
        api, csv_bytes(own_rows(world, amount="14.00") + foreign_rows(world)[:1])
    ).json()
    assert report["filed_by_role"] == "AGENCY"
    assert report["valid_row_count"] == 3 and report["error_row_count"] == 0


def test_reach_is_checked_again_when_booking(as_user, world):
    api = as_user("staff_full_mandate")
    report = upload(api, csv_bytes(own_rows(world, amount="15.00"))).json()
    assert report["valid_row_count"] == 2
    full = world.mandates["full"]
    full.revoked_at = timezone.now()
    full.save(update_fields=["revoked_at"])
    before = statements_of(world.target["budget"])
    assert_problem(book(api, report["id"], only_valid_rows=True), 422, "api_rule_violated")
    assert statements_of(world.target["budget"]) == before


def test_a_file_report_is_the_uploaders_only(as_user, world):
    report = upload(as_user("mother"), csv_bytes(own_rows(world, amount="16.00"))).json()
    pk = report["id"]
    assert as_user("mother").get(f"{URL}{pk}/").json()["id"] == pk
    for role in ("staff_full_mandate", "adult_holder", "child"):
        assert_problem(as_user(role).get(f"{URL}{pk}/"), 404, "api_not_found")
        assert_problem(book(as_user(role), pk, True), 404, "api_not_found")
    assert as_user("cost_review").get(f"{URL}{pk}/").status_code == 200  # the agency
    assert_problem(as_user("mother").get(f"{URL}999999999/"), 404, "api_not_found")


def test_bad_requests_are_400_problems(as_user, world):
    api = as_user("mother")
    problem = assert_problem(api.post(URL, {}), 400, "api_invalid")
    assert [e["field"] for e in problem["errors"]] == ["file"]
    problem = assert_problem(
        upload(api, csv_bytes(own_rows(world)), organisation="x"), 400, "api_invalid"
    )
    assert [e["field"] for e in problem["errors"]] == ["organisation"]
    response = api.post(URL, {"file": "x"}, content_type="application/json")
    assert_problem(response, 415, "api_unsupported_media_type")
    report = upload(api, b"geen spreadsheet", name="kosten.pdf").json()
    assert report["valid_row_count"] == 0 and report["errors"][0]["row"] == 0
    problem = assert_problem(book(api, report["id"], "misschien"), 400, "api_invalid")
    problem = assert_problem(
        api.post(f"{URL}{report['id']}/boeken/", {"force": True}, content_type="application/json"),
        400,
        "api_unknown_field",
    )
    assert [e["field"] for e in problem["errors"]] == ["force"]


def test_anonymous_gets_401(client, world):
    assert_problem(upload(client, b"x"), 401, "api_not_authenticated")


def test_a_second_filer_of_the_same_bytes_gets_their_own_file_and_books_nothing_twice(
    as_user, world
):
    """A holder and their organisation upload the same file: each has their own file, neither
    is told at upload of the other's (no 422 'already booked elsewhere', no id of the other
    file); booking the second books nothing the first booked (``already_filed``), so the same
    costs are never paid twice. (``as_user`` signs the one test client in as that role.)"""
    data = csv_bytes(own_rows(world, amount="17.00", months=(8,)))
    first = upload(as_user("mother"), data)
    assert first.status_code == 201, first.content
    mine = first.json()
    mother_booked = book(as_user("mother"), mine["id"]).json()
    assert mother_booked["status"] == "BOOKED"
    assert mother_booked["booking"]["statements"] == 1
    assert mother_booked["booking"]["already_filed"] == 0
    before = statements_of(world.target["budget"])

    second = upload(as_user("staff_full_mandate"), data)
    assert second.status_code == 201, second.content
    theirs = second.json()
    assert theirs["id"] != mine["id"]
    assert theirs["status"] == "CHECKED" and theirs["statements"] == []
    assert theirs["filed_by_role"] == "ASSISTANCE_ORGANISATION"
    assert "api_cost_file_booked" not in second.content.decode()
    # Neither sees the other's file.
    assert_problem(as_user("mother").get(f"{URL}{theirs['id']}/"), 404, "api_not_found")
    assert_problem(as_user("staff_full_mandate").get(f"{URL}{mine['id']}/"), 404, "api_not_found")
    # Booking the organisation's copy files nothing again: the statement is already filed.
    booked = book(as_user("staff_full_mandate"), theirs["id"]).json()
    assert booked["status"] == "BOOKED"
    assert booked["booking"]["statements"] == 0
    assert booked["booking"]["already_filed"] == 1
    assert booked["booking"]["accepted"] == "0.00"
    assert statements_of(world.target["budget"]) == before
    # Each filer's own upload again: their own file (200), nothing booked twice.
    for role, own in (("mother", mine), ("staff_full_mandate", theirs)):
        again = upload(as_user(role), data)
        assert again.status_code == 200 and again.json()["id"] == own["id"]
        assert again.json()["status"] == "BOOKED"
    assert statements_of(world.target["budget"]) == before


def test_the_same_filer_uploading_a_checked_file_again_gets_it_back(as_user, world):
    data = csv_bytes(own_rows(world, amount="18.00", months=(9,)))
    first = upload(as_user("mother"), data)
    again = upload(as_user("mother"), data)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "CHECKED"


def test_who_sees_a_file_but_may_not_book_it_gets_403_and_nothing_is_booked(as_user, world):
    """An inspector reads every file (costs.view_costimport) and books none: 403, not the
    422 'the file has errors' it was answered with before (the access matrix found it)."""
    report = upload(as_user("mother"), csv_bytes(own_rows(world, amount="19.00"))).json()
    before = statements_of(world.target["budget"])
    assert as_user("inspector").get(f"{URL}{report['id']}/").status_code == 200
    assert_problem(book(as_user("inspector"), report["id"]), 403, "api_permission_denied")
    assert statements_of(world.target["budget"]) == before
    assert book(as_user("mother"), report["id"]).json()["status"] == "BOOKED"
