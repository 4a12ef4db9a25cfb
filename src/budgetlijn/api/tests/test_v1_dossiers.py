"""GET /api/v1/dossiers/ and /dossiers/{id}/: per role, guessed ids answer 404."""

import re

import pytest

from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossiers/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "role, sees",
    [
        ("mother", {"child", "mother"}),  # the budget she manages, and her own dossier
        ("child", {"child"}),
        ("adult_holder", {"adult"}),
        ("staff_full_mandate", {"child"}),
        ("staff_view_mandate", {"child"}),
        ("staff_revoked_mandate", set()),
        ("staff_elsewhere", {"other"}),
        ("staff_without_group", set()),
    ],
)
def test_each_role_lists_the_dossiers_it_reaches(as_user, world, role, sees):
    persons = {
        "child": world.target["person"].pk,
        "mother": world.target["mother"].pk,
        "adult": world.adult["person"].pk,
        "other": world.other["person"].pk,
    }
    assert ids(as_user(role).get(URL)) == {persons[name] for name in sees}


def test_the_inspector_reaches_every_dossier(as_user, world):
    assert world.adult["person"].pk in ids(as_user("inspector").get(URL))


def test_a_dossier_shows_the_national_number_masked_and_the_budgets_in_reach(as_user, world):
    child = world.target["person"]
    response = as_user("staff_full_mandate").get(f"{URL}{child.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["first_name"] == child.first_name
    assert re.fullmatch(r"\d\d\.\d\d\.\d\d-xxx\.xx", body["national_number"])
    assert child.national_number not in response.content.decode()
    assert body["budgets"] == [world.target["budget"].pk]


def test_a_mandated_organisation_viewing_a_dossier_is_recorded_for_the_holder(as_user, world):
    child = world.target["person"]
    as_user("staff_full_mandate").get(f"{URL}{child.pk}/")
    act = MandateAct.objects.get(person=child, action=MandateAction.VIEWED)
    assert act.user == world.users["staff_full_mandate"]
    assert act.organisation == world.organisations["full"]
    # The holder looking at the dossier is no act under a mandate.
    as_user("mother").get(f"{URL}{child.pk}/")
    assert MandateAct.objects.filter(person=child).count() == 1


@pytest.mark.parametrize(
    "role", ["adult_holder", "staff_revoked_mandate", "staff_elsewhere", "staff_without_group"]
)
def test_a_guessed_id_answers_404_like_an_unknown_one(as_user, world, role):
    api = as_user(role)
    guessed = assert_problem(api.get(f"{URL}{world.target['person'].pk}/"), 404, "api_not_found")
    unknown = assert_problem(api.get(f"{URL}999999999/"), 404, "api_not_found")
    huge = assert_problem(api.get(f"{URL}{10**30}/"), 404, "api_not_found")
    assert guessed["detail"] == unknown["detail"] == huge["detail"]
    assert guessed["title"] == "Niet gevonden"


def test_anonymous_gets_a_401_problem_for_a_dossier(client, world):
    assert_problem(client.get(f"{URL}{world.target['person'].pk}/"), 401, "api_not_authenticated")
