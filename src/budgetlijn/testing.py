"""Helpers the test suites of several apps share: how a test searches the admin and signs in
the way a person would."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from budgetlijn.admin_search import SEARCH_FLAG
from budgetlijn.security.two_factor import needs_two_factor


def admin_search(client, url: str, term: str, **params):
    """Type ``term`` into the search box of the admin list at ``url`` (with the list's other
    ``params``) and follow to the list, as a browser would: the box posts, so a national
    register number never goes into the address."""
    response = client.post(url, {"q": term, SEARCH_FLAG: "1", **params})
    assert response.status_code == 302, response.status_code
    return client.get(response.url)


class TwoFactorClient(Client):
    """The test client, signing staff in as they sign in for real: with both steps.

    Agency staff need a second factor (budgetlijn.security.two_factor); ``force_login`` of a
    staff member or superuser therefore also links a confirmed TOTP device and marks the
    session as verified with it, as the second step does. ``verified=False`` signs in with the
    password step only (to test what an unverified staff session may reach). The suite's
    ``client`` and ``admin_client`` fixtures are this client (src/budgetlijn/conftest.py).
    """

    def force_login(self, user, backend=None, *, verified=True):
        super().force_login(user, backend)
        if verified and needs_two_factor(user):
            device = verified_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


def verified_device(user):
    """The user's confirmed TOTP device (made when missing)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_token(device, at: float | None = None) -> str:
    """The code an authenticator app shows for ``device`` now (or at time ``at``), computed
    with RFC 6238 from the device's key, as the app does."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
