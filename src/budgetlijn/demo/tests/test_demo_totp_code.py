"""demo_totp_code: the code a demo staff user's authenticator app would show now (DEBUG only)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-1-wachtwoord"  # noqa: S105 - a test account


def staff(name="beheerder"):
    return get_user_model().objects.create_user(name, password=PASSWORD, is_staff=True)


def code_of(user="beheerder") -> str:
    out = StringIO()
    call_command("demo_totp_code", "--user", user, stdout=out)
    text = out.getvalue()
    assert text.startswith(f"Code voor {user}: ")
    return text.split(": ", 1)[1].split(" ", 1)[0]


@override_settings(DEBUG=True)
def test_the_printed_code_is_accepted_by_the_linked_device_and_a_wrong_one_is_not():
    user = staff()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    code = code_of()
    assert len(code) == device.digits and code.isdigit()
    wrong = f"{(int(code) + 1) % 10**device.digits:0{device.digits}d}"
    assert not device.verify_token(wrong)
    device.throttle_reset()
    assert device.verify_token(code)


@override_settings(DEBUG=True)
def test_the_code_links_the_app_on_the_set_up_page():
    """The pending device the set-up page made (its QR code) takes the printed code. (A plain
    client: the suite's client links a device at sign-in.)"""
    user = staff()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("two_factor_setup")).status_code == 200
    response = client.post(reverse("two_factor_setup"), {"token": code_of()})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed


@override_settings(DEBUG=False)
def test_without_debug_it_prints_no_code():
    TOTPDevice.objects.create(user=staff(), name="app", confirmed=True)
    out = StringIO()
    with pytest.raises(CommandError, match="Alleen voor de demo"):
        call_command("demo_totp_code", stdout=out)
    assert out.getvalue() == ""


@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("niemand", "Er is geen gebruiker 'niemand'"),
        ("budgethouder", "geen medewerker van het agentschap"),
        ("nieuw", "nog geen authenticator-app gekoppeld"),
    ],
)
def test_refusals_say_what_to_do(who, message):
    get_user_model().objects.create_user("budgethouder", password=PASSWORD)
    staff("nieuw")
    with pytest.raises(CommandError, match=message):
        call_command("demo_totp_code", "--user", who, stdout=StringIO())
