"""Two-factor sign-in for agency staff (django-otp TOTP), with real codes computed from the
device's key as an authenticator app computes them."""

import base64
import re
import time

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from budgetlijn.reporting.tests.factories import PASSWORD, make_user
from budgetlijn.testing import TwoFactorClient, totp_token, verified_device

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def password_step(client, user, next_url="/admin/"):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302 and response.url == next_url
    return client.get(next_url)


@pytest.fixture
def staff_user():
    return make_user("intake", staff=True, superuser=True)


@pytest.fixture
def browser_like():
    return TwoFactorClient()


def test_staff_without_an_app_are_sent_to_link_one_with_a_qr_code(browser_like, staff_user):
    response = password_step(browser_like, staff_user)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=/admin/"
    page = browser_like.get(response.url)
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([^"]+)"', html).group(1))
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert shown == secret
    assert f"secret={secret}" in device.config_url and "issuer=Budgetlijn" in device.config_url


def test_linking_the_app_with_a_real_code_verifies_the_session(browser_like, staff_user):
    password_step(browser_like, staff_user)
    browser_like.get(f"{SETUP}?next=/admin/")
    device = TOTPDevice.objects.get(user=staff_user)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    refused = browser_like.post(SETUP, {"token": wrong, "next": "/admin/"})
    assert refused.status_code == 200
    assert "Deze code klopt niet" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    # A wrong code makes django-otp wait before the next try; the test does not wait.
    device.throttle_reset()
    response = browser_like.post(SETUP, {"token": totp_token(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert browser_like.get("/admin/").status_code == 200


def test_staff_with_an_app_give_its_code_as_second_step(browser_like, staff_user):
    device = verified_device(staff_user)
    response = password_step(browser_like, staff_user, "/admin/dossiers/person/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=/admin/dossiers/person/"
    page = browser_like.get(response.url).content.decode()
    assert "tweede stap" in page
    token = totp_token(device)
    wrong = f"{(int(token) + 1) % 1_000_000:06d}"
    refused = browser_like.post(VERIFY, {"token": wrong, "next": "/admin/dossiers/person/"})
    assert "Deze code klopt niet" in refused.content.decode()
    assert browser_like.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    response = browser_like.post(VERIFY, {"token": token, "next": "/admin/dossiers/person/"})
    assert response.status_code == 302 and response.url == "/admin/dossiers/person/"
    assert browser_like.get("/admin/dossiers/person/").status_code == 200


def test_a_code_is_accepted_once(staff_user):
    device = verified_device(staff_user)
    token = totp_token(device)
    first, second = TwoFactorClient(), TwoFactorClient()
    for signed_in in (first, second):
        password_step(signed_in, staff_user)
    assert first.post(VERIFY, {"token": token}).status_code == 302
    refused = second.post(VERIFY, {"token": token})
    assert refused.status_code == 200
    assert "al gebruikt" in refused.content.decode()


def test_a_code_of_an_earlier_period_is_refused(browser_like, staff_user):
    device = verified_device(staff_user)
    password_step(browser_like, staff_user)
    old = totp_token(device, at=time.time() - 5 * device.step)
    assert browser_like.post(VERIFY, {"token": old}).status_code == 200


def test_repeated_wrong_codes_are_slowed_down(browser_like, staff_user):
    device = verified_device(staff_user)
    password_step(browser_like, staff_user)
    token = totp_token(device)
    browser_like.post(VERIFY, {"token": f"{(int(token) + 1) % 1_000_000:06d}"})
    # Right after a wrong code even the right one is refused until the delay has passed.
    assert browser_like.post(VERIFY, {"token": token}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_unverified_staff_session_reaches_nothing_else(browser_like, staff_user):
    verified_device(staff_user)
    password_step(browser_like, staff_user)
    for url in ("/admin/", "/admin/dossiers/person/", reverse("reporting:statistics")):
        response = browser_like.get(url)
        assert response.status_code == 302
        assert response.url.startswith(VERIFY), url
    api = browser_like.get("/api/v1/statistieken/")
    assert api.status_code == 403
    assert "in twee stappen" in api.json()["detail"]
    # Signing out stays possible.
    assert browser_like.post(reverse("logout")).status_code == 302


def test_others_sign_in_with_their_password_only(browser_like):
    analyst = make_user("analist", analyst=True)
    response = password_step(browser_like, analyst, reverse("reporting:statistics"))
    assert response.status_code == 200


def test_staff_are_refused_on_http_basic(client, staff_user):
    credentials = base64.b64encode(f"{staff_user.username}:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/statistieken/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 401
    assert "in twee stappen" in response.json()["detail"]


def test_the_admin_site_admits_only_verified_users(staff_user):
    request = RequestFactory().get("/admin/")
    request.user = staff_user
    staff_user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    staff_user.is_verified = lambda: True
    assert admin.site.has_permission(request)
    request.user = AnonymousUser()
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)


def test_the_test_client_signs_staff_in_with_both_steps(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
    unverified = TwoFactorClient()
    unverified.force_login(staff_user, verified=False)
    assert unverified.get("/admin/").status_code == 302
