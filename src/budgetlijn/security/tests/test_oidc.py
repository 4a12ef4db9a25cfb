"""Sign-in through OpenID Connect (eID, itsme) against a local provider over real HTTP: the
national register number claim finds the account, the subject is bound at the first sign-in."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from budgetlijn.reporting.tests.factories import make_user
from budgetlijn.security.models import OidcIdentity
from budgetlijn.security.tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db

NUMBER = "85073003328"


@pytest.fixture
def provider(settings):
    with Provider() as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "budgetlijn.security.oidc.NationalNumberOIDCBackend",
        ]
        yield running


@pytest.fixture
def citizen():
    user = make_user("burger")
    OidcIdentity.objects.create(user=user, national_number=NUMBER)
    return user


def sign_in_with_provider(client, provider):
    """The browser's round trip: Budgetlijn -> provider's /authorize -> back with a code."""
    start = client.get(reverse("oidc_start"))
    assert start.status_code == 302
    assert start.url.startswith(f"{provider.issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(start.url).query).items()}
    assert query["client_id"] == "budgetlijn-test"
    assert query["code_challenge_method"] == "S256" and query["nonce"]
    at_provider = requests.get(start.url, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("oidc_callback")
    return client.get(f"{back.path}?{back.query}")


def test_oidc_is_off_unless_enabled(client):
    assert client.get(reverse("oidc_start")).status_code == 404
    assert "eID of itsme" not in client.get(reverse("login")).content.decode()


def test_the_login_page_offers_eid_and_itsme_when_enabled(client, provider):
    assert "Aanmelden met eID of itsme" in client.get(reverse("login")).content.decode()


def test_a_citizen_signs_in_with_the_national_number_claim(client, provider, citizen):
    provider.sign_in_as(sub="sub-123", rrn="85.07.30-033.28")
    response = sign_in_with_provider(client, provider)
    assert response.status_code == 302 and response.url == "/"
    assert int(client.session[SESSION_KEY]) == citizen.pk
    identity = OidcIdentity.objects.get(user=citizen)
    assert identity.subject == "sub-123" and identity.issuer == provider.issuer
    assert identity.first_sign_in_at is not None


def test_the_next_sign_in_goes_by_subject_and_needs_the_same_number(client, provider, citizen):
    provider.sign_in_as(sub="sub-123", rrn=NUMBER)
    sign_in_with_provider(client, provider)
    client.logout()
    assert int(sign_in_with_provider(client, provider).status_code) == 302
    assert int(client.session[SESSION_KEY]) == citizen.pk
    client.logout()
    provider.sign_in_as(sub="sub-123", rrn="90040200114")
    refused = sign_in_with_provider(client, provider)
    assert refused.url == "/accounts/login/?oidc=mislukt"
    assert SESSION_KEY not in client.session


def test_an_unknown_number_gets_no_account(client, provider, citizen):
    provider.sign_in_as(sub="sub-999", rrn="90040200114")
    response = sign_in_with_provider(client, provider)
    assert response.url == "/accounts/login/?oidc=mislukt"
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "nog geen account aan uw rijksregisternummer gekoppeld" in page


def test_a_number_bound_to_another_subject_is_refused(client, provider, citizen):
    provider.sign_in_as(sub="sub-123", rrn=NUMBER)
    sign_in_with_provider(client, provider)
    client.logout()
    provider.sign_in_as(sub="someone-else", rrn=NUMBER)
    assert sign_in_with_provider(client, provider).url == "/accounts/login/?oidc=mislukt"
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "claims",
    [{"aud": "another-client"}, {"iss": "http://127.0.0.1:1"}, {"nonce": "replayed"}],
    ids=["audience", "issuer", "nonce"],
)
def test_an_id_token_for_another_client_issuer_or_request_is_refused(
    client, provider, citizen, claims
):
    provider.sign_in_as(sub="sub-123", rrn=NUMBER)
    provider.token_claims_override = claims
    response = sign_in_with_provider(client, provider)
    assert response.url == "/accounts/login/?oidc=mislukt"
    assert SESSION_KEY not in client.session


def test_userinfo_about_another_subject_is_refused(client, provider, citizen):
    provider.sign_in_as(sub="sub-123", rrn=NUMBER)
    provider.userinfo_override = {"sub": "sub-456"}
    assert sign_in_with_provider(client, provider).url == "/accounts/login/?oidc=mislukt"


def test_an_invalid_national_number_claim_is_refused(client, provider, citizen):
    provider.sign_in_as(sub="sub-123", rrn="85073003329")
    assert sign_in_with_provider(client, provider).url == "/accounts/login/?oidc=mislukt"


def test_a_resolver_may_find_the_account_for_a_number(client, provider, settings):
    holder = make_user("houder")
    settings.OIDC_USER_FOR_NATIONAL_NUMBER = "budgetlijn.security.tests.test_oidc.resolve_houder"
    provider.sign_in_as(sub="sub-777", rrn="90040200114")
    response = sign_in_with_provider(client, provider)
    assert response.url == "/"
    assert int(client.session[SESSION_KEY]) == holder.pk
    assert OidcIdentity.objects.get(user=holder).national_number == "90040200114"


def resolve_houder(number):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="houder").first()
