"""Failed sign-ins are throttled on every way in (django-axes): after LOGIN_FAILURE_LIMIT wrong
passwords the right password is refused too, until the lock-out period has passed."""

import base64
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from budgetlijn.reporting.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WRONG = "helemaal-fout-wachtwoord"
API_URL = "/api/v1/statistieken/"


def portal_login(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and SESSION_KEY in client.session


def api_basic(client, username, password):
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    response = client.get(API_URL, HTTP_AUTHORIZATION=f"Basic {credentials}")
    return response.status_code == 200


# The admin has no password form of its own (its login page sends to the portal's, below), and
# DRF's session authentication uses the session the portal's form made: these are all the ways
# a password is checked.
WAYS_IN = {"portal": portal_login, "api-basic": api_basic}


@pytest.fixture
def user():
    # An analyst: both ways in let them through (staff are refused on HTTP Basic, which cannot
    # carry their second factor: security/tests/test_two_factor.py).
    return make_user("ingrid", analyst=True)


def test_the_admin_login_checks_no_password_itself(client, user):
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("way_in", WAYS_IN)
def test_the_right_password_passes_after_one_failure_fewer_than_the_limit(client, user, way_in):
    sign_in = WAYS_IN[way_in]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert not sign_in(client, user.username, WRONG)
    assert sign_in(client, user.username, PASSWORD)


@pytest.mark.parametrize("way_in", WAYS_IN)
def test_after_the_limit_the_right_password_is_refused(client, user, way_in):
    sign_in = WAYS_IN[way_in]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not sign_in(client, user.username, WRONG)
    assert not sign_in(client, user.username, PASSWORD)
    client.logout()
    assert not sign_in(client, user.username, PASSWORD)


@pytest.mark.parametrize("way_in", WAYS_IN)
def test_a_lock_out_on_one_way_in_holds_on_the_others(client, user, way_in):
    """Thirty wrong passwords on the API, then the right one on the form, is not a way round."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        WAYS_IN[way_in](client, user.username, WRONG)
    for other in WAYS_IN.values():
        assert not other(client, user.username, PASSWORD)


def test_the_lock_out_page_is_dutch_with_status_429(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        portal_login(client, user.username, WRONG)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Aanmelden tijdelijk geblokkeerd" in text
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"pas opnieuw na {minutes} minuten" in text


def test_the_right_password_passes_again_after_the_lock_out_period(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        portal_login(client, user.username, WRONG)
    assert not portal_login(client, user.username, PASSWORD)
    # One minute short of the period: still locked.
    period = settings.AXES_COOLOFF_TIME
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= period - timedelta(minutes=1)
        attempt.save()
    assert not portal_login(client, user.username, PASSWORD)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= period + timedelta(minutes=1)
        attempt.save()
    assert portal_login(client, user.username, PASSWORD)


def test_a_lock_out_is_per_username(client, user):
    other = make_user("otto", analyst=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_basic(client, user.username, WRONG)
    # Failures from this address also count for the address: another address signs in.
    assert api_basic(client.__class__(REMOTE_ADDR="10.0.0.9"), other.username, PASSWORD)
    assert not api_basic(client.__class__(REMOTE_ADDR="10.0.0.9"), user.username, PASSWORD)


def test_a_lock_out_is_per_address(client, user):
    """One password tried on many accounts from one address locks the address."""
    for index in range(settings.AXES_FAILURE_LIMIT):
        api_basic(client, f"gok{index}", WRONG)
    assert not api_basic(client, user.username, PASSWORD)
    assert api_basic(client.__class__(REMOTE_ADDR="10.0.0.9"), user.username, PASSWORD)


def test_passwords_are_hashed_with_argon2_in_production(settings):
    # The test settings hash with MD5 for speed; production puts Argon2 first.
    from budgetlijn.conf import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    encoded = make_password("een-wachtwoord")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("een-wachtwoord", encoded)
    assert not check_password("een-ander-wachtwoord", encoded)


def test_an_older_hash_is_replaced_by_argon2_at_the_next_sign_in(settings, client):
    from budgetlijn.conf import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("oud")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert portal_login(client, "oud", PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
