"""Demo holder accounts: ``ensure_demo_holders`` after ``load_demo`` gives a visitor logins with
the printed demo password that open a dossier, its budget and its mandates in the portal."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from budgetlijn.access.models import HolderAccount
from budgetlijn.demo.management.commands.ensure_demo_holders import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username) -> bool:
    """Through the sign-in page, as a visitor does (the password is checked by django-axes,
    which needs the request)."""
    response = client.post(
        reverse("login"), {"username": username, "password": DEFAULT_PASSWORD, "next": "/mijn/"}
    )
    return response.status_code == 302 and response["Location"] == "/mijn/"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """``load_demo --scale 0``, loaded once for the module, in a transaction rolled back after
    (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "load_demo", "--scale", "0", "--seed", "2023", verbosity=0, stdout=StringIO()
            )
            yield
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_HOLDER_PASSWORD", raising=False)


def ensure(*args) -> str:
    out = StringIO()
    call_command("ensure_demo_holders", "--port", "8765", *args, stdout=out)
    return out.getvalue()


def test_r36_demo_holders_sign_in_and_see_their_dossier_and_mandates(demo, client):
    output = ensure()
    assert "http://127.0.0.1:8765/accounts/login/?next=/mijn/" in output
    assert f"wachtwoord:     {DEFAULT_PASSWORD}" in output
    accounts = HolderAccount.objects.filter(user__username__startswith="budgethouder")
    assert accounts.count() == 3
    for account in accounts:
        assert account.user.username in output and account.person.full_name in output
    first = HolderAccount.objects.get(user__username="budgethouder1")
    assert sign_in(client, "budgethouder1")
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    persons = list(home.context["page"])
    assert persons, "the demo holder reaches no dossier"
    # The first holder's dossier has a mandate (a child's or their own).
    with_mandate = [
        person
        for person in persons
        if client.get(reverse("portal:mandates", args=[person.pk])).context["rows"]
    ]
    assert with_mandate, first
    budget_pages = [
        client.get(reverse("portal:dossier", args=[person.pk])).context["budgets"]
        for person in persons
    ]
    budget = next(b for budgets in budget_pages for b in budgets)
    assert client.get(reverse("portal:budget", args=[budget.pk])).status_code == 200


def test_the_demo_staff_member_sees_mijn_budgethouders(demo, client):
    output = ensure()
    assert "Mijn budgethouders" in output
    line = next(line for line in output.splitlines() if "Mijn budgethouders" in line)
    username = line.split()[0]
    assert sign_in(client, username)
    response = client.get(reverse("portal:holders"))
    assert response.status_code == 200
    assert response.context["rows"]


def test_a_second_run_keeps_a_changed_password_unless_reset(demo):
    ensure()
    user = get_user_model().objects.get(username="budgethouder1")
    user.set_password("mijn-eigen-wachtwoord")
    user.save()
    output = ensure()
    user.refresh_from_db()
    assert user.check_password("mijn-eigen-wachtwoord")
    assert "eigen wachtwoord behouden" in output
    assert HolderAccount.objects.filter(user__username__startswith="budgethouder").count() == 3
    ensure("--reset-password")
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_demo_holders_only_with_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Alleen voor de demo"):
        ensure()
