"""Production behind a TLS reverse proxy: `check --deploy` is clean, the proxy's settings come
from the environment, and a login form posted through the proxy is accepted."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

REPO = Path(__file__).resolve().parents[4]
PRODUCTION_ENV = {
    "SECRET_KEY": "k8#Jq2!vR9zL@p4mT7wX1cN6bF3hY0sD5gA8eU2iO9-prod-like-key",
    "ALLOWED_HOSTS": "budgetlijn.example",
    "BEHIND_TLS_PROXY": "true",
    "CSRF_TRUSTED_ORIGINS": "https://budgetlijn.example",
}
# Variables the test settings or the caller's shell may have set, which production must not see.
CLEARED = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "USE_X_FORWARDED_HOST",
    "CSRF_TRUSTED_ORIGINS",
    # Set by the browser tests' fixture in the same process; check --deploy warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "OIDC_ENABLED",
}


def production(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    clean.update(PRODUCTION_ENV)
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_setting(expression: str, **env: str) -> str:
    code = f"import budgetlijn.conf.settings as s; print({expression})"
    result = production("-c", code, PYTHONPATH=str(REPO / "src"), **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_has_no_warning_with_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_when_hsts_and_redirect_are_turned_off():
    result = production(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_proxy_and_tls_settings_come_from_the_environment():
    shown = production_setting(
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE",
        SECURE_HSTS_SECONDS="600",
        CSRF_TRUSTED_ORIGINS="https://budgetlijn.example,https://www.budgetlijn.example",
    )
    assert shown == (
        "('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://budgetlijn.example', 'https://www.budgetlijn.example'] 600 True True True "
        "True True"
    )


def test_the_proxy_header_is_not_trusted_without_a_proxy():
    shown = production_setting("getattr(s, 'SECURE_PROXY_SSL_HEADER', None)", BEHIND_TLS_PROXY="")
    assert shown == "None"


def test_a_bad_number_is_refused():
    code = "import budgetlijn.conf.settings"
    result = production("-c", code, PYTHONPATH=str(REPO / "src"), SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


# What a reverse proxy passes on: the public Host, the protocol it terminated, the browser's Origin.
PROXIED = {
    "HTTP_HOST": "testserver",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_ORIGIN": "https://testserver",
}


def post_login_through_proxy(user) -> int:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"), **PROXIED)
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {
            "username": user.username,
            "password": "een-goed-wachtwoord",
            "csrfmiddlewaretoken": token,
        },
        **PROXIED,
    )
    return response


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("analist", password="een-goed-wachtwoord")


@pytest.mark.django_db
def test_a_login_post_through_the_tls_proxy_is_accepted(settings, member):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = post_login_through_proxy(member)
    assert response.status_code == 302
    assert response.url == reverse("landing")  # the start page sends each role on
    assert "sessionid" in response.cookies


@pytest.mark.django_db
def test_without_the_proxy_setting_the_same_post_is_refused(settings, member):
    """What happened before: the origin https://... did not match the http:// Django saw."""
    settings.SECURE_PROXY_SSL_HEADER = None
    response = post_login_through_proxy(member)
    assert response.status_code == 403


def test_oidc_enabled_without_its_provider_is_refused():
    code = "import budgetlijn.conf.settings"
    result = production("-c", code, PYTHONPATH=str(REPO / "src"), OIDC_ENABLED="true")
    assert result.returncode != 0
    assert "OIDC_ENABLED needs OIDC_RP_CLIENT_ID" in result.stderr
