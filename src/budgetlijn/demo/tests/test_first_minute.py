"""A newcomer's first minute: ``make demo PORT=...`` checks the port before anything else, and
``ensure_demo_admin`` prints the real address and keeps the password of a demo in use."""

import os
import re
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from budgetlijn.demo.management.commands.ensure_demo_admin import DEFAULT_PASSWORD, DEFAULT_USER
from budgetlijn.demo.ports import is_free

MANAGE_PY = Path(__file__).resolve().parents[4] / "manage.py"


@pytest.fixture
def taken_port():
    """A port on 127.0.0.1 where another server listens (as a demo started earlier would)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_port(*args):
    out = StringIO()
    call_command("check_port", *args, stdout=out)
    return out.getvalue()


# --- the port check ------------------------------------------------------------------------------


def test_check_port_refuses_a_taken_port_and_names_another(taken_port):
    assert not is_free(taken_port)
    with pytest.raises(CommandError) as refused:
        check_port(str(taken_port))
    message = str(refused.value)
    assert f"Poort {taken_port} is in gebruik" in message
    suggested = int(re.search(r"make demo PORT=(\d+)", message).group(1))
    assert suggested != taken_port and is_free(suggested)
    with pytest.raises(CommandError, match=r"make serve PORT="):
        check_port(str(taken_port), "--target", "serve")


def test_check_port_from_the_shell_exits_non_zero_before_any_address(taken_port):
    """What ``make demo`` runs first: exit code 1, the message on stderr, nothing on stdout (so
    no address of someone else's server is printed)."""
    run = subprocess.run(  # noqa: S603 (this Python, this project's manage.py)
        [sys.executable, str(MANAGE_PY), "check_port", str(taken_port)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "budgetlijn.conf.dev"},
        check=False,
    )
    assert run.returncode == 1
    assert f"Poort {taken_port} is in gebruik" in run.stderr
    assert "make demo PORT=" in run.stderr
    assert run.stdout == ""


def test_check_port_accepts_a_free_port():
    port = free_port()
    assert check_port(str(port)) == ""


@pytest.mark.parametrize("value", ["abc", "0", "70000", "-1"])
def test_check_port_refuses_what_is_not_a_port(value):
    with pytest.raises(CommandError, match=f"'{value}' is geen geldige poort"):
        check_port(value)


# --- the demo administrator ------------------------------------------------------------------------


@pytest.fixture
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_ADMIN_USER", raising=False)
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    return settings


def ensure_demo_admin(*args):
    out = StringIO()
    call_command("ensure_demo_admin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_demo_admin_creates_the_administrator_and_prints_the_chosen_port(demo_settings):
    output = ensure_demo_admin("--port", "8765")
    user = get_user_model().objects.get(username=DEFAULT_USER)
    assert user.is_active and user.is_staff and user.is_superuser
    assert user.check_password(DEFAULT_PASSWORD)
    assert "Budgetlijn draait op http://127.0.0.1:8765/" in output
    assert "http://127.0.0.1:8765/admin/" in output
    assert ":8000" not in output
    assert f"wachtwoord:     {DEFAULT_PASSWORD}" in output


@pytest.mark.django_db
def test_ensure_demo_admin_twice_keeps_a_changed_password(demo_settings):
    ensure_demo_admin()
    user = get_user_model().objects.get(username=DEFAULT_USER)
    user.set_password("mijn-eigen-wachtwoord")
    user.save()

    output = ensure_demo_admin()

    user.refresh_from_db()
    assert user.check_password("mijn-eigen-wachtwoord")
    assert not user.check_password(DEFAULT_PASSWORD)
    assert "ongewijzigd" in output
    assert "--reset-password" in output
    assert get_user_model().objects.filter(username=DEFAULT_USER).count() == 1


@pytest.mark.django_db
def test_ensure_demo_admin_reset_password_sets_the_default_again(demo_settings):
    ensure_demo_admin()
    user = get_user_model().objects.get(username=DEFAULT_USER)
    user.set_password("mijn-eigen-wachtwoord")
    user.is_staff = False
    user.save()

    output = ensure_demo_admin("--reset-password")

    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert user.is_staff
    assert f"wachtwoord:     {DEFAULT_PASSWORD}" in output
    assert "teruggezet" in output


@pytest.mark.django_db
def test_ensure_demo_admin_warns_when_the_kept_account_cannot_open_the_admin(demo_settings):
    get_user_model().objects.create_user(username=DEFAULT_USER, password="iets-anders")
    output = ensure_demo_admin()
    assert "geen actieve beheerder" in output
    assert not get_user_model().objects.get(username=DEFAULT_USER).is_staff


@pytest.mark.django_db
def test_ensure_demo_admin_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Alleen voor de demo"):
        ensure_demo_admin()
    assert not get_user_model().objects.exists()
