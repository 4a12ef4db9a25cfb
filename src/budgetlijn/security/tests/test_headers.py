"""Content security policy and Cache-Control on pages, exports and the API."""

import re

import pytest
from django.urls import reverse

from budgetlijn.reporting.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client):
    client.force_login(make_user("analist", analyst=True))
    return client


@pytest.fixture
def admin_client_(client):
    client.force_login(make_user("beheerder", staff=True, superuser=True))
    return client


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "url",
    [
        reverse("reporting:statistics"),
        reverse("reporting:export_csv"),
        reverse("reporting:export_xlsx"),
        "/api/v1/statistieken/",
    ],
    ids=["statistics", "csv", "xlsx", "api"],
)
def test_statistical_pages_and_exports_are_private_and_not_stored(analyst_client, url):
    response = analyst_client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)
    assert "public" not in cache_directives(response)


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/dossiers/person/", "/admin/ledger/entry/"],
)
def test_admin_pages_with_personal_data_are_private(admin_client_, url):
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


def test_the_login_page_is_private_too(client):
    response = client.get(reverse("login"))
    assert {"private", "no-store"} <= cache_directives(response)


def test_every_page_has_a_content_security_policy_without_unsafe_inline(analyst_client):
    response = analyst_client.get(reverse("reporting:statistics"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_portal_and_admin_templates_carry_no_inline_style_or_script(admin_client_):
    for url in [reverse("reporting:statistics"), "/admin/", "/admin/dossiers/person/"]:
        page = admin_client_.get(url).content.decode()
        assert "<style" not in page, url
        assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page) is None, url
        assert 'style="' not in page, url


def test_the_api_documentation_uses_the_nonce_for_its_one_inline_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = response.content.decode()
    assert f'<style nonce="{nonce}">' in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
