"""The read-only ledger admin and its 'tegenboeken' action."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.urls import reverse

from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.tests.factories import UserFactory, funded_budget
from budgetlijn.rules.identity import format_national_number
from budgetlijn.testing import admin_search

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ledger_entry_changelist")


@pytest.fixture
def payment():
    budget = funded_budget(amount="1000.00")
    return services.pay(
        budget=budget, year=2024, kind=EntryKind.REIMBURSEMENT, amount="250.00", reason="kost"
    )


def test_changelist_lists_entries_with_dutch_labels(admin_client, payment):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "terugbetaling kosten" in content
    assert "Tegenboeken" in content
    assert "Verwijder geselecteerde" not in content


def test_search_by_last_name_and_national_number(admin_client, payment):
    person = payment.budget.person
    other = funded_budget()
    for term in (
        person.last_name,
        person.national_number,
        format_national_number(person.national_number),
    ):
        response = admin_search(admin_client, CHANGELIST, term)
        shown = {entry.pk for entry in response.context["cl"].result_list}
        assert payment.pk in shown
        assert not shown & set(other.ledger_entries.values_list("pk", flat=True))


def test_no_add_change_or_delete_in_the_admin(admin_client, payment):
    assert admin_client.get(reverse("admin:ledger_entry_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:ledger_entry_delete", args=[payment.pk])).status_code == 403
    )
    change_url = reverse("admin:ledger_entry_change", args=[payment.pk])
    response = admin_client.get(change_url)
    assert response.status_code == 200  # view only
    content = response.content.decode()
    assert "Stand van dit budgetjaar" in content
    assert "budgetlijn (nog te besteden)" in content
    assert "EUR 750,00" in content
    admin_client.post(change_url, {"amount": "1.00", "reason": "gewijzigd"})
    assert Entry.objects.get(pk=payment.pk).amount == Decimal("250.00")


def test_tegenboeken_asks_a_reason_then_reverses(admin_client, payment, admin_user):
    data = {"action": "reverse_selected", helpers.ACTION_CHECKBOX_NAME: [payment.pk]}
    response = admin_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "Waarom worden deze boekingen tegengeboekt?" in response.content.decode()
    assert not Entry.objects.filter(reverses=payment).exists()

    response = admin_client.post(CHANGELIST, {**data, "apply": "1", "reason": "dubbel betaald"})
    assert response.status_code == 302
    reversal = Entry.objects.get(reverses=payment)
    assert reversal.reason == "dubbel betaald"
    assert reversal.created_by == admin_user
    assert selectors.budget_line(payment.budget, 2024) == Decimal("1000.00")


def test_tegenboeken_reports_refusals_in_dutch(admin_client, payment):
    services.reverse(payment, reason="al gedaan")
    data = {
        "action": "reverse_selected",
        helpers.ACTION_CHECKBOX_NAME: [payment.pk],
        "apply": "1",
        "reason": "nog eens",
    }
    response = admin_client.post(CHANGELIST, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("is al tegengeboekt" in m for m in messages)
    assert Entry.objects.filter(kind=EntryKind.REVERSAL).count() == 1


def test_tegenboeken_needs_the_reverse_permission(client, payment):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_entry"))
    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Tegenboeken" not in response.content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="reverse_entry"))
    response = client.get(CHANGELIST)
    assert "Tegenboeken" in response.content.decode()
