"""Mandates through the API: who sees which, granting as a holder, revoking; guessed ids."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem
from budgetlijn.assistance.models import Mandate

pytestmark = pytest.mark.django_db

URL = "/api/v1/volmachten/"


def listed(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def test_the_holder_sees_every_mandate_on_the_dossier_in_every_state(as_user, world):
    rows = listed(as_user("mother"))
    child = {m.pk for key, m in world.mandates.items() if key != "other"}
    assert set(rows) == child
    assert rows[world.mandates["revoked"].pk]["state"] == "revoked"
    full = rows[world.mandates["full"].pk]
    assert full["state"] == "active"
    assert full["rights"] == ["ask_free_share", "file_costs", "register_contracts", "view"]
    assert full["organisation"]["name"] == "Bijstandsorganisatie Vol"
    assert rows[world.mandates["view"].pk]["rights"] == ["view"]


def test_organisation_staff_see_only_their_own_organisations_mandates(as_user, world):
    assert set(listed(as_user("staff_full_mandate"))) == {world.mandates["full"].pk}
    assert set(listed(as_user("staff_revoked_mandate"))) == {world.mandates["revoked"].pk}
    assert set(listed(as_user("adult_holder"))) == set()


def test_mandates_filtered_by_dossier(as_user, world):
    api = as_user("inspector")
    rows = listed(api, dossier=world.other["person"].pk)
    assert set(rows) == {world.mandates["other"].pk}


def grant(api, world, **changes):
    data = {
        "dossier": world.target["person"].pk,
        "organisation": world.organisations["elsewhere"].pk,
        "rights": ["file_costs"],
        "starts_on": timezone.localdate().isoformat(),
        **changes,
    }
    return api.post(URL, data, content_type="application/json")


def test_the_holder_grants_a_mandate_of_one_year_by_default(as_user, world):
    response = grant(as_user("mother"), world)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rights"] == ["file_costs", "view"]
    mandate = Mandate.objects.get(pk=body["id"])
    assert mandate.granted_by == world.users["mother"]
    assert mandate.ends_on > timezone.localdate() + timedelta(days=360)
    # The organisation now reaches the dossier.
    api = as_user("staff_elsewhere")
    assert api.get(f"/api/v1/dossiers/{world.target['person'].pk}/").status_code == 200


def test_a_grant_the_service_refuses_is_a_400_problem_naming_the_field(as_user, world):
    today = timezone.localdate()
    response = grant(
        as_user("mother"),
        world,
        starts_on=today.isoformat(),
        ends_on=(today - timedelta(days=1)).isoformat(),
    )
    problem = assert_problem(response, 400, "api_invalid")
    assert problem["errors"][0]["field"] == "ends_on"
    assert problem["errors"][0]["code"] == "mandate_ends_before_start"


def test_an_overlapping_grant_is_refused(as_user, world):
    response = grant(as_user("mother"), world, organisation=world.organisations["full"].pk)
    problem = assert_problem(response, 400, "api_invalid")
    assert problem["errors"][0]["code"] == "mandate_overlaps"


def test_an_unknown_organisation_or_right_is_a_400_problem(as_user, world):
    problem = assert_problem(
        grant(as_user("mother"), world, organisation=999999), 400, "api_invalid"
    )
    assert problem["errors"][0]["field"] == "organisation"
    problem = assert_problem(grant(as_user("mother"), world, rights=["alles"]), 400, "api_invalid")
    assert problem["errors"][0]["field"] == "rights[0]"


def test_who_may_not_grant(as_user, world):
    # The child sees the dossier but does not manage the budget: 403.
    assert_problem(grant(as_user("child"), world), 403, "api_permission_denied")
    assert_problem(grant(as_user("staff_full_mandate"), world), 403, "api_permission_denied")
    # Out of sight: 404.
    assert_problem(grant(as_user("adult_holder"), world), 404, "api_not_found")
    assert_problem(grant(as_user("staff_elsewhere"), world), 404, "api_not_found")


def test_who_may_not_grant_hears_so_before_an_unknown_organisation(as_user, world):
    count = Mandate.objects.count()
    for role in ("child", "staff_full_mandate"):
        response = grant(as_user(role), world, organisation=999999)
        assert_problem(response, 403, "api_permission_denied")
    assert_problem(grant(as_user("adult_holder"), world, organisation=999999), 404, "api_not_found")
    assert Mandate.objects.count() == count


def test_the_holder_revokes_at_once_and_again_changes_nothing(as_user, world):
    mandate = world.mandates["full"]
    api = as_user("mother")
    response = api.post(f"{URL}{mandate.pk}/intrekken/")
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    revoked_at = response.json()["revoked_at"]
    assert api.post(f"{URL}{mandate.pk}/intrekken/").json()["revoked_at"] == revoked_at
    # The organisation no longer reaches the dossier.
    staff = as_user("staff_full_mandate")
    person = world.target["person"].pk
    assert_problem(staff.get(f"/api/v1/dossiers/{person}/"), 404, "api_not_found")


def test_who_may_not_revoke(as_user, world):
    mandate = world.mandates["full"]
    # The organisation sees its own mandate, but only the holder revokes it.
    response = as_user("staff_full_mandate").post(f"{URL}{mandate.pk}/intrekken/")
    assert_problem(response, 403, "api_permission_denied")
    for role in ("adult_holder", "staff_elsewhere", "staff_view_mandate"):
        response = as_user(role).post(f"{URL}{mandate.pk}/intrekken/")
        assert_problem(response, 404, "api_not_found")
    assert_problem(as_user("mother").post(f"{URL}999999999/intrekken/"), 404, "api_not_found")
    assert_problem(
        as_user("anonymous").post(f"{URL}{mandate.pk}/intrekken/"), 401, "api_not_authenticated"
    )
    mandate.refresh_from_db()
    assert mandate.revoked_at is None


def test_a_day_without_the_rule_parameters_is_a_422_problem(as_user, world):
    # assistance.mandate_length_months has no value in 2000: no default end can be worked out.
    problem = assert_problem(
        grant(as_user("mother"), world, starts_on="2000-01-01"), 422, "api_parameter_missing"
    )
    assert "assistance.mandate_length_months" in problem["detail"]


def test_dates_outside_2000_2099_are_a_400_problem(as_user, world):
    problem = assert_problem(
        grant(as_user("mother"), world, starts_on="9999-06-01"), 400, "api_invalid"
    )
    assert problem["errors"][0]["field"] == "starts_on"
