"""Registering a contract and a new version through the API (R19, R36): who may (holder who
manages, organisation under a mandate with the right, agency), 404 out of sight and 403 in
sight, unknown fields, typed values, persons of the dossier only, idempotency."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.access.roles import CONTRACT_APPROVAL
from budgetlijn.access.tests.world import mandate, organisation, staff_of, user
from budgetlijn.api.models import IdempotentRequest
from budgetlijn.api.tests.test_v1_auth_and_problems import assert_problem
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.contracts import services as contract_services
from budgetlijn.contracts.models import Contract
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.dossiers.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contracts/"


def versions_url(contract) -> str:
    return f"{URL}{contract.pk}/versies/"


def body(world, budget=None, **overrides):
    """A complete PAB employment contract starting next month, signed today, as JSON."""
    today = timezone.localdate()
    start = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    data = employment(
        start_date=start,
        end_date=start.replace(year=start.year + 1) - timedelta(days=1),
        holder_signed_on=today,
        counterparty_signed_on=today,
    )
    data = {
        name: str(value) if not isinstance(value, bool) else value for name, value in data.items()
    }
    data["budget_id"] = (budget or world.target["budget"]).pk
    data.update(overrides)
    return data


def post(api, url, data, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(url, data, content_type="application/json", **headers)


def agency(world):
    return user("contract-approver", CONTRACT_APPROVAL, is_staff=True)


def test_r19_the_managing_holder_registers_a_contract(as_user, world):
    count = Contract.objects.count()
    response = post(as_user("mother"), URL, body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    contract = Contract.objects.get(pk=data["id"])
    assert Contract.objects.count() == count + 1
    assert data["status"] == "REGISTERED" and data["version"] == 1
    assert data["budget"] == world.target["budget"].pk
    assert [v["id"] for v in data["versions"]] == [contract.pk]
    assert contract.registered_by_role == "HOLDER"
    assert contract.registered_by == world.users["mother"]
    assert contract.weekly_hours == Decimal("12.00")
    assert contract.hourly_cost == Decimal("14.50")


def test_r36_organisation_staff_register_under_a_mandate_and_leave_an_act(as_user, world):
    acts = MandateAct.objects.count()
    response = post(as_user("staff_full_mandate"), URL, body(world))
    assert response.status_code == 201, response.content
    contract = Contract.objects.get(pk=response.json()["id"])
    assert contract.registered_by_role == "ASSISTANCE_ORGANISATION"
    assert contract.registered_by_organisation == "Bijstandsorganisatie Vol"
    act = MandateAct.objects.order_by("-pk").first()
    assert MandateAct.objects.count() == acts + 1
    assert act.action == MandateAction.CONTRACT_REGISTERED
    assert act.mandate == world.mandates["full"]
    assert act.user == world.users["staff_full_mandate"]


def signed_in(client, account):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=account)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def test_the_agency_registers_with_the_add_contract_permission(client, world):
    acts = MandateAct.objects.count()
    response = post(signed_in(client, agency(world)), URL, body(world))
    assert response.status_code == 201, response.content
    contract = Contract.objects.get(pk=response.json()["id"])
    assert contract.registered_by_role == "AGENCY"
    assert MandateAct.objects.count() == acts


@pytest.mark.parametrize(
    "role, status",
    [
        ("child", 403),  # sees the budget, does not manage it
        ("staff_view_mandate", 403),  # a mandate without the right to register contracts
        ("staff_revoked_mandate", 404),
        ("staff_elsewhere", 404),  # another dossier's organisation
        ("adult_holder", 404),  # the holder of another dossier
        ("inspector", 403),  # reads everything, changes nothing
        ("staff_without_group", 404),
    ],
)
def test_who_may_not_register(as_user, world, role, status):
    count = Contract.objects.count()
    code = "api_permission_denied" if status == 403 else "api_not_found"
    assert_problem(post(as_user(role), URL, body(world)), status, code)
    assert Contract.objects.count() == count


def test_an_expired_mandate_reaches_nothing(client, world):
    today = timezone.localdate()
    ended = organisation(name="Bijstandsorganisatie Verlopen")
    mandate(
        world.target["person"],
        ended,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    count = Contract.objects.count()
    response = post(signed_in(client, staff_of(ended, "expired")), URL, body(world))
    assert_problem(response, 404, "api_not_found")
    assert Contract.objects.count() == count


@pytest.mark.parametrize("budget_id", [999_999_999, 2**63 - 1])
def test_a_guessed_budget_is_a_404_like_another_dossiers(as_user, world, budget_id):
    guessed = assert_problem(
        post(as_user("mother"), URL, body(world, budget_id=budget_id)), 404, "api_not_found"
    )
    other = assert_problem(
        post(as_user("mother"), URL, body(world, budget=world.other["budget"])),
        404,
        "api_not_found",
    )
    assert guessed["detail"] == other["detail"]


def test_unknown_fields_are_refused_by_name(as_user, world):
    count = Contract.objects.count()
    data = body(world, status="APPROVED", registered_by_role="AGENCY")
    problem = assert_problem(post(as_user("mother"), URL, data), 400, "api_unknown_field")
    assert {e["field"] for e in problem["errors"]} == {"status", "registered_by_role"}
    assert Contract.objects.count() == count


@pytest.mark.parametrize("budget_id", [None, "abc", True, 0, -1, 2**63, 1.5])
def test_a_missing_or_malformed_budget_id_is_a_400(as_user, world, budget_id):
    data = body(world)
    data["budget_id"] = budget_id
    problem = assert_problem(post(as_user("mother"), URL, data), 400, "api_invalid")
    assert [e["field"] for e in problem["errors"]] == ["budget_id"]


def test_bad_values_are_answered_per_field_in_dutch(as_user, world):
    data = body(
        world,
        start_date="2027-02-30",
        weekly_hours="veel",
        hourly_cost=[1],
        indefinite_duration="misschien",
        end_date="1899-01-01",
        notice_terms="a\x00b",
        counterparty_person=True,
    )
    problem = assert_problem(post(as_user("mother"), URL, data), 400, "api_invalid")
    fields = {e["field"]: e for e in problem["errors"]}
    assert set(fields) == {
        "start_date",
        "weekly_hours",
        "hourly_cost",
        "indefinite_duration",
        "end_date",
        "notice_terms",
        "counterparty_person",
    }
    assert fields["end_date"]["code"] == "contract_date_out_of_range"
    assert "2000" in fields["end_date"]["message"]
    # Django's own Dutch messages of the model fields
    assert "datum" in fields["start_date"]["message"]
    assert "decimaal" in fields["weekly_hours"]["message"].lower()


def test_json_numbers_with_a_fraction_arrive_as_decimals(as_user, world):
    import json

    data = body(world)
    text = json.dumps(data).replace('"14.50"', "14.10").replace('"12.00"', "12.3")
    response = as_user("mother").post(URL, text, content_type="application/json")
    assert response.status_code == 201, response.content
    contract = Contract.objects.get(pk=response.json()["id"])
    assert contract.hourly_cost == Decimal("14.10")  # 14.1 as a float is 14.0999...
    assert contract.weekly_hours == Decimal("12.3")


def test_r19_rule_violations_are_422_problems_with_field_code_and_dutch_message(as_user, world):
    data = body(world)
    del data["counterparty_signed_on"]
    problem = assert_problem(post(as_user("mother"), URL, data), 422, "api_rule_violated")
    assert problem["errors"]
    fields = {e["field"] for e in problem["errors"]}
    assert "counterparty_signed_on" in fields
    assert all(e["code"] and e["message"] for e in problem["errors"])


def test_the_holder_signatory_must_hold_that_budget(as_user, world):
    mother = world.target["mother"]
    response = post(as_user("mother"), URL, body(world, holder_signatory=mother.pk))
    assert response.status_code == 201, response.content
    assert Contract.objects.get(pk=response.json()["id"]).holder_signatory == mother


def test_persons_outside_the_dossier_get_one_message_whatever_the_id(as_user, world):
    stranger = PersonFactory()
    other_mother = world.other["mother"]
    child = world.target["person"]  # of the dossier, but no holder
    answers = []
    for pk in (stranger.pk, other_mother.pk, 2**62, child.pk):
        problem = assert_problem(
            post(as_user("mother"), URL, body(world, holder_signatory=pk)), 400, "api_invalid"
        )
        assert [e["field"] for e in problem["errors"]] == ["holder_signatory"]
        answers.append(problem["errors"][0])
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["code"] == "api_person_not_in_dossier"
    for pk in (stranger.pk, other_mother.pk, 2**62):
        problem = assert_problem(
            post(as_user("mother"), URL, body(world, counterparty_person=pk)), 400, "api_invalid"
        )
        assert [e["code"] for e in problem["errors"]] == ["api_person_not_in_dossier"]


def test_r9_a_managing_parent_of_the_dossier_is_named_and_refused_by_the_rules(as_user, world):
    father = world.target["father"]  # a relative and a managing holder of the budget
    data = body(
        world,
        counterparty_person=father.pk,
        counterparty_name=father.full_name,
        counterparty_national_number=father.national_number,
        family_second_degree=True,
    )
    problem = assert_problem(post(as_user("mother"), URL, data), 422, "api_rule_violated")
    # Of the dossier: no person error; R9's violation at the field the caller sent.
    codes = {(e["field"], e["code"]) for e in problem["errors"]}
    assert ("counterparty_person", "holder_is_assistant") in codes
    assert all(e["code"] != "api_person_not_in_dossier" for e in problem["errors"])


def test_one_key_and_body_registers_once(as_user, world):
    api = as_user("mother")
    count = Contract.objects.count()
    first = post(api, URL, body(world), key="c0ffee-1")
    assert first.status_code == 201, first.content
    again = post(api, URL, body(world), key="c0ffee-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Contract.objects.count() == count + 1
    record = IdempotentRequest.objects.get(user=world.users["mother"], key="c0ffee-1")
    assert record.object_id == first.json()["id"]


def test_one_key_with_another_body_is_a_422(as_user, world):
    api = as_user("mother")
    assert post(api, URL, body(world), key="c0ffee-2").status_code == 201
    count = Contract.objects.count()
    other = body(world, counterparty_name="Piet Janssens")
    assert_problem(post(api, URL, other, key="c0ffee-2"), 422, "api_idempotency_key_reused")
    assert Contract.objects.count() == count


def test_keys_are_kept_apart_per_user_and_a_refused_request_keeps_no_key(as_user, world):
    assert post(as_user("mother"), URL, body(world), key="k").status_code == 201
    assert post(as_user("staff_full_mandate"), URL, body(world), key="k").status_code == 201
    bad = body(world)
    del bad["counterparty_signed_on"]
    assert post(as_user("mother"), URL, bad, key="k-bad").status_code == 422
    assert not IdempotentRequest.objects.filter(key="k-bad").exists()
    # the same key may be sent again once the request is right
    assert post(as_user("mother"), URL, body(world), key="k-bad").status_code == 201


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 65, "é"])
def test_a_malformed_key_is_a_400(as_user, world, key):
    assert_problem(
        post(as_user("mother"), URL, body(world), key=key), 400, "api_idempotency_key_invalid"
    )


def test_a_body_that_is_no_object_is_a_400(as_user, world):
    assert_problem(post(as_user("mother"), URL, [1, 2]), 400, "api_invalid")


# --- new versions -----------------------------------------------------------------------------


def approved(world):
    """The target budget's approved employment contract (a fresh one per test)."""
    data = employment(
        start_date=timezone.localdate().replace(day=1),
        end_date=None,
        indefinite_duration=True,
        holder_signed_on=timezone.localdate(),
        counterparty_signed_on=timezone.localdate(),
    )
    contract = contract_services.register_contract(budget=world.target["budget"], data=data)
    return contract_services.approve_contract(contract)


def test_r19_a_change_is_a_new_version_to_approve_again(as_user, world):
    contract = approved(world)
    response = post(as_user("mother"), versions_url(contract), {"weekly_hours": 16})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["version"] == 2 and data["previous"] == contract.pk
    assert data["status"] == "REGISTERED"
    assert [v["id"] for v in data["versions"]] == [contract.pk, data["id"]]
    new = Contract.objects.get(pk=data["id"])
    assert new.weekly_hours == Decimal("16") and new.registered_by_role == "HOLDER"
    contract.refresh_from_db()
    assert contract.status == "APPROVED"  # until the new version is approved


def test_r36_a_new_version_under_a_mandate_leaves_a_contract_changed_act(as_user, world):
    contract = approved(world)
    response = post(as_user("staff_full_mandate"), versions_url(contract), {"weekly_hours": "20"})
    assert response.status_code == 201, response.content
    act = MandateAct.objects.order_by("-pk").first()
    assert act.action == MandateAction.CONTRACT_CHANGED
    assert act.organisation == world.organisations["full"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("child", 403),
        ("staff_view_mandate", 403),
        ("inspector", 403),
        ("staff_revoked_mandate", 404),
        ("staff_elsewhere", 404),
        ("adult_holder", 404),
    ],
)
def test_who_may_not_change_a_contract(as_user, world, role, status):
    contract = approved(world)
    count = Contract.objects.count()
    code = "api_permission_denied" if status == 403 else "api_not_found"
    assert_problem(
        post(as_user(role), versions_url(contract), {"weekly_hours": "20"}), status, code
    )
    assert Contract.objects.count() == count


def test_a_guessed_contract_id_is_a_404(as_user, world):
    for pk in (world.other["contract"].pk, 999_999_999):
        response = as_user("mother").post(
            f"{URL}{pk}/versies/", {"weekly_hours": "20"}, content_type="application/json"
        )
        assert_problem(response, 404, "api_not_found")


def test_a_version_needs_a_change_and_known_fields(as_user, world):
    contract = approved(world)
    api = as_user("mother")
    problem = assert_problem(post(api, versions_url(contract), {}), 400, "api_invalid")
    assert problem["errors"][0]["code"] == "api_no_changes"
    problem = assert_problem(
        post(api, versions_url(contract), {"budget_id": 1, "weekly_hours": "20"}),
        400,
        "api_unknown_field",
    )
    assert [e["field"] for e in problem["errors"]] == ["budget_id"]


@pytest.mark.parametrize("data", [{}, {"budget_id": 1, "weekly_hours": "20"}, {"status": "X"}])
def test_who_sees_a_contract_but_may_not_change_it_hears_403_whatever_the_body(
    as_user, world, data
):
    """The refusal comes before anything about the body (no 400 for a caller who may not)."""
    contract = approved(world)
    count = Contract.objects.count()
    for role in ("child", "inspector"):
        assert_problem(
            post(as_user(role), versions_url(contract), data), 403, "api_permission_denied"
        )
    assert Contract.objects.count() == count


@pytest.mark.parametrize(
    "role, status", [("child", 403), ("inspector", 403), ("adult_holder", 404)]
)
def test_who_may_not_register_hears_so_before_any_unknown_field(as_user, world, role, status):
    count = Contract.objects.count()
    code = "api_permission_denied" if status == 403 else "api_not_found"
    data = body(world, status="APPROVED")
    assert_problem(post(as_user(role), URL, data), status, code)
    assert Contract.objects.count() == count


def test_r19_only_the_last_approved_version_changes(as_user, world):
    contract = approved(world)
    api = as_user("mother")
    assert post(api, versions_url(contract), {"weekly_hours": "20"}).status_code == 201
    problem = assert_problem(
        post(api, versions_url(contract), {"weekly_hours": "21"}), 422, "api_rule_violated"
    )
    assert problem["errors"][0]["message"]


def test_one_key_makes_one_version(as_user, world):
    contract = approved(world)
    api = as_user("mother")
    first = post(api, versions_url(contract), {"weekly_hours": "20"}, key="v-1")
    assert first.status_code == 201, first.content
    again = post(api, versions_url(contract), {"weekly_hours": "20"}, key="v-1")
    assert again.status_code == 200 and again.json() == first.json()
    assert Contract.objects.filter(previous=contract).count() == 1
    assert_problem(
        post(api, versions_url(contract), {"weekly_hours": "22"}, key="v-1"),
        422,
        "api_idempotency_key_reused",
    )
