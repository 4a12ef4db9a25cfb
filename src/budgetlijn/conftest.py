"""Fixtures shared by the whole suite: a real browser (Debian's Chromium driven by Playwright)
for end-to-end tests against pages served by pytest-django's live server."""

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# Properties are judged on what they find, not on how fast a loaded CI machine runs an example:
# no per-example deadline (a 200 ms deadline made property tests fail at random under load).
settings.register_profile("budgetlijn", deadline=None)
settings.load_profile("budgetlijn")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without these the browser tries Google's hosts at start-up, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and shutil.which(candidate):
            return candidate
    raise RuntimeError(
        "Debian's Chromium is needed for the browser tests: `make test` installs it "
        "(scripts/ensure-chromium.sh), or set CHROMIUM_PATH."
    )


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests still use the ORM
    # synchronously between browser steps, which is safe here (no concurrent async code).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="budgetlijn-chromium-")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def client():
    """Django's test client; staff signed in with ``force_login`` are verified with a second
    factor, as after the real two-step sign-in (budgetlijn.testing.TwoFactorClient)."""
    from budgetlijn.testing import TwoFactorClient

    return TwoFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``, signed in with both steps."""
    from budgetlijn.testing import TwoFactorClient

    signed_in = TwoFactorClient()
    signed_in.force_login(admin_user)
    return signed_in
