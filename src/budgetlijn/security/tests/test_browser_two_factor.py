"""End to end in a real browser: a staff member signs in with the keyboard, links an
authenticator app with the QR page, and at the next sign-in gives a code as second step; each
page passes axe-core and its content security policy (no blocked style or script)."""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from budgetlijn.reporting.tests.factories import PASSWORD, make_user
from budgetlijn.reporting.tests.test_browser import serious_violations
from budgetlijn.testing import totp_token

pytestmark = pytest.mark.django_db(transaction=True)


def type_into_focused_form(page, *values):
    for index, value in enumerate(values):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")


def test_staff_sign_in_with_two_factors_in_the_browser(live_server, page):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    staff = make_user("intake", staff=True, superuser=True)
    page.goto(f"{live_server.url}/admin/")
    assert "/accounts/login/" in page.url
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    type_into_focused_form(page, "intake", PASSWORD)

    # First sign-in: link an app.
    page.wait_for_url("**/accounts/tweestaps/instellen/**")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    assert serious_violations(page) == []
    device = TOTPDevice.objects.get(user=staff)
    page.get_by_label("Code uit uw authenticator-app").fill(totp_token(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert "Dossiers" in page.content()

    # Sign out and in again: the second step asks a code (the next period's, as the app
    # would show 30 seconds later: a code is accepted once).
    page.get_by_role("button", name="Afmelden").click()
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    type_into_focused_form(page, "intake", PASSWORD)
    page.wait_for_url("**/accounts/tweestaps/?next=**")
    assert serious_violations(page) == []
    device.refresh_from_db()
    page.get_by_label("Code uit uw authenticator-app").fill(
        totp_token(device, at=time.time() + device.step)
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert blocked == []
