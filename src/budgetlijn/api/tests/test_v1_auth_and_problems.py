"""Tokens (django-rest-knox, with an expiry), problem details (RFC 9457), paging, throttling."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.settings import api_settings

from budgetlijn.api.pagination import MAX_PAGE_SIZE
from budgetlijn.api.tests.world import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
REVOKE_URL = "/api/v1/auth/token/intrekken/"
DOSSIERS = "/api/v1/dossiers/"
PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "instance", "errors"}


def assert_problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:budgetlijn:problem:{code}"
    return body


def token_for(client, username, password=PASSWORD):
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def test_a_token_for_username_and_password_with_its_expiry(client, world):
    before = timezone.now()
    response = token_for(client, "mother")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    token = AuthToken.objects.get(user=world.users["mother"])
    # Ten hours by default (REST_KNOX["TOKEN_TTL"]), not the day or the week.
    assert before + timedelta(hours=10) <= token.expiry <= timezone.now() + timedelta(hours=10)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {body['token']}"
    assert client.get(DOSSIERS).status_code == 200


def test_a_wrong_password_is_a_401_problem_in_dutch(client, world):
    body = assert_problem(token_for(client, "mother", "fout"), 401, "api_authentication_failed")
    assert "Aanmelden is mislukt" in body["detail"]
    assert body["title"] == "Niet aangemeld"
    assert not AuthToken.objects.filter(user=world.users["mother"]).exists()


def test_an_inactive_user_gets_no_token(client, world):
    user = world.users["staff_without_group"]
    user.is_active = False
    user.save()
    assert_problem(token_for(client, "staff"), 401, "api_authentication_failed")


def test_missing_credentials_are_a_400_problem_per_field(client, world):
    body = assert_problem(
        client.post(TOKEN_URL, {"username": "mother"}, content_type="application/json"),
        400,
        "api_invalid",
    )
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("password", "required")]
    assert body["errors"][0]["message"] == "Dit veld is vereist."


def test_anonymous_gets_a_401_problem_with_the_token_scheme(client, world):
    response = client.get(DOSSIERS)
    body = assert_problem(response, 401, "api_not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert body["instance"] == DOSSIERS
    assert "POST /api/v1/auth/token/" in body["detail"]


def test_a_revoked_token_stops_working(client, world):
    token = token_for(client, "mother").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    assert client.post(REVOKE_URL).status_code == 204
    assert_problem(client.get(DOSSIERS), 401, "api_authentication_failed")


def test_an_expired_token_stops_working(client, world):
    instance, token = AuthToken.objects.create(
        user=world.users["mother"], expiry=timedelta(hours=1)
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    assert client.get(DOSSIERS).status_code == 200
    AuthToken.objects.filter(pk=instance.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert_problem(client.get(DOSSIERS), 401, "api_authentication_failed")


def test_a_garbled_token_is_a_401_problem(client, world):
    client.defaults["HTTP_AUTHORIZATION"] = "Token niet-een-token"
    assert_problem(client.get(DOSSIERS), 401, "api_authentication_failed")


def test_the_token_limit_per_user_is_a_problem(client, world, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    assert token_for(client, "mother").status_code == 200
    assert token_for(client, "mother").status_code == 200
    assert_problem(token_for(client, "mother"), 403, "api_token_limit")


def test_a_session_works_for_the_browsable_documentation(client, world):
    client.force_login(world.users["mother"])
    assert client.get(DOSSIERS).status_code == 200


def test_malformed_json_is_a_400_problem(client, world):
    response = client.post(TOKEN_URL, "{niet json", content_type="application/json")
    assert_problem(response, 400, "api_parse_error")


def test_a_wrong_method_is_a_405_problem(as_user):
    assert_problem(as_user("mother").delete(DOSSIERS), 405, "api_method_not_allowed")


def _rates(**rates):
    return {
        **api_settings.user_settings,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, **rates},
    }


def test_token_requests_are_throttled_per_caller(client, world, settings):
    with override_settings(REST_FRAMEWORK=_rates(token="2/minute")):
        assert token_for(client, "mother", "fout").status_code == 401
        assert token_for(client, "mother", "fout").status_code == 401
        response = token_for(client, "mother")  # even the right password waits now
        body = assert_problem(response, 429, "api_throttled")
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "Probeer opnieuw over" in body["detail"]


def test_users_are_throttled_at_their_rate(as_user):
    api = as_user("mother")
    with override_settings(REST_FRAMEWORK=_rates(user="3/minute")):
        for _number in range(3):
            assert api.get(DOSSIERS).status_code == 200
        assert_problem(api.get(DOSSIERS), 429, "api_throttled")


def test_anonymous_callers_are_throttled_at_their_rate(client, world):
    # DRF checks permissions before throttles: an anonymous call of a closed endpoint is a
    # 401 at once; the open ones (the token endpoint) count the anonymous rate.
    with override_settings(REST_FRAMEWORK=_rates(anon="2/minute", token="100/minute")):
        assert token_for(client, "mother", "fout").status_code == 401
        assert token_for(client, "mother", "fout").status_code == 401
        assert_problem(token_for(client, "mother"), 429, "api_throttled")


def test_pages_and_a_capped_page_size(as_user):
    api = as_user("inspector")
    body = api.get(DOSSIERS, {"page_size": 1}).json()
    assert body["count"] == 7  # two families of three (child and parents) and an adult
    assert len(body["results"]) == 1
    assert "page=2" in body["next"] and body["previous"] is None
    second = api.get(DOSSIERS, {"page_size": 1, "page": 2}).json()
    assert second["results"][0]["id"] != body["results"][0]["id"]
    assert_problem(api.get(DOSSIERS, {"page": 999}), 404, "api_not_found")


def test_the_page_size_is_capped():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from budgetlijn.api.pagination import PageNumberPagination

    request = Request(APIRequestFactory().get(DOSSIERS, {"page_size": 10_000}))
    assert PageNumberPagination().get_page_size(request) == MAX_PAGE_SIZE == 100
    request = Request(APIRequestFactory().get(DOSSIERS))
    assert PageNumberPagination().get_page_size(request) == 25


def test_staff_get_no_token_a_token_carries_no_second_factor(client, db):
    """Agency staff sign in in two steps (django-otp); a token for their password alone would
    pass that by, so the token endpoint refuses them."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        "medewerker", password="een-sterk-wachtwoord", is_staff=True
    )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "medewerker", "password": "een-sterk-wachtwoord"},
        content_type="application/json",
    )
    assert_problem(response, 403, "api_staff_needs_two_factor")
    from knox.models import get_token_model

    assert not get_token_model().objects.exists()
