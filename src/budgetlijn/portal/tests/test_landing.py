"""``/``: each user starts where their role works, and sign-in leads there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED = {
    "mother": "portal:home",
    "father_not_managing": "portal:home",
    "child": "portal:home",
    "adult_holder": "portal:home",
    "staff_full_mandate": "portal:holders",
    "staff_view_mandate": "portal:holders",
    "staff_expired_mandate": "portal:holders",  # still staff; the list says no holder today
    "provider_staff": "portal:holders",
    "intake": "admin:index",
    "contract_approval": "admin:index",
    "cost_review": "admin:index",
    "payments": "admin:index",
    "inspector": "admin:index",
    "superuser": "admin:index",
    "analyst": "reporting:statistics",
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_starts_where_it_works(client, fresh, role):
    client.force_login(fresh(role))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(EXPECTED[role])
    # and that page opens for them (no 403 behind the first link)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("role", ["staff_without_group", "staff_inactive_member"])
def test_a_user_without_a_role_is_told_so_in_plain_dutch(client, fresh, role):
    client.force_login(fresh(role))
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nog geen toegang" in page and "aan geen enkel dossier" in page
    assert "private" in response["Cache-Control"]


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


def test_signing_in_without_a_next_page_lands_on_the_start_page(client, world):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=world.users["mother"].pk)
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "een-lang-wachtwoord-2026"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("landing")
    assert client.get("/")["Location"] == reverse("portal:home")
