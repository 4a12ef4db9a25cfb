"""The admin agrees with ``access.queries``: for every role and every kind of dossier object,
the admin's list shows exactly what ``reach`` says the user may see, or refuses the page.

The admin is the agency's tool: it opens only for staff (and, for agency staff, after the
second factor), and its lists follow Django's model permissions. ``access.queries`` gives staff
every object of a model whose ``view_`` permission they hold (decision 0018), so the two agree
by construction; this test proves it cell by cell, so a ModelAdmin that narrows or widens its
list (a ``get_queryset``) or a group that gains a permission cannot drift unnoticed.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from budgetlijn.access.queries import KINDS, reach

pytestmark = pytest.mark.django_db

STAFF = [
    "intake",
    "contract_approval",
    "cost_review",
    "payments",
    "inspector",
    "superuser",
    "staff_without_group",
]
NOT_STAFF = ["mother", "staff_full_mandate", "provider_staff", "analyst", "anonymous"]


# The kinds with a list in the admin (the running balances have none: the ledger shows them).
LISTED = sorted((m for m in KINDS if admin.site.is_registered(m)), key=lambda m: m._meta.label)


def test_every_kind_but_the_running_balances_has_an_admin_list():
    assert {m.__name__ for m in KINDS} - {m.__name__ for m in LISTED} == {"BudgetYearBalance"}


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("model", LISTED, ids=lambda m: m.__name__)
def test_the_admin_list_shows_exactly_the_reach(client, fresh, role, model):
    user = fresh(role)
    client.force_login(user)
    response = client.get(_changelist(model))
    allowed = set(reach(user, model).values_list("pk", flat=True))
    if response.status_code == 403:
        assert allowed == set(), f"{role} reaches {model.__name__} but the admin refuses it"
        return
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert shown == allowed
    assert shown, f"the world has {model.__name__} rows for {role} to see"


@pytest.mark.parametrize("role", NOT_STAFF)
def test_users_who_are_not_staff_never_get_an_admin_list(client, fresh, role):
    user = fresh(role)
    if user.is_authenticated:
        client.force_login(user)
    for model in LISTED:
        response = client.get(_changelist(model))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
