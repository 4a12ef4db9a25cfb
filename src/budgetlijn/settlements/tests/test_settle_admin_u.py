"""R33/R34 in the admin (helper U): agency staff with ``settlements.add_settlement`` settle a
stopped budget on a page: a dry run first shows what would be booked and keeps nothing, then a
confirmation settles all or nothing, audited as the staff member, only if the figures are still
the ones shown. Others get no page."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from budgetlijn.audit.models import AuditEvent
from budgetlijn.ledger.models import Entry
from budgetlijn.settlements.models import Settlement
from budgetlijn.settlements.tests.helpers import first_quarter, started_pab, stop

pytestmark = pytest.mark.django_db

URL = "admin:settlements_settlement_settle"
ON = "2023-07-10"


def staff(username, *codenames):
    user = get_user_model().objects.create_user(
        username, password="geheim-1-wachtwoord", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="settlements", codename__in=codenames)
    )
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def stopped():
    data = started_pab()
    first_quarter(data)  # EUR 4 500 accepted, not yet paid
    stop(data["budget"], date(2023, 6, 1))
    return data["budget"]


@pytest.fixture
def settler(client):
    user = staff("afrekenaar", "add_settlement", "view_settlement")
    client.force_login(user)
    return user


def test_r33_staff_without_the_permission_get_no_settle_page(client, stopped):
    client.force_login(staff("kijker", "view_settlement"))
    response = client.post(reverse(URL), {"budget": stopped.pk, "on": ON, "preview": "1"})
    assert response.status_code == 403
    page = client.get(reverse("admin:settlements_settlement_changelist"))
    assert "Eindafrekening maken" not in page.content.decode()
    assert not Settlement.objects.exists()


def test_r33_admin_dry_run_shows_what_would_be_booked_and_keeps_nothing(client, settler, stopped):
    entries = Entry.objects.count()
    page = client.get(reverse("admin:settlements_settlement_changelist"))
    assert "Eindafrekening maken" in page.content.decode()
    response = client.post(reverse(URL), {"budget": stopped.pk, "on": ON, "preview": "1"})
    text = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "Proef, niets opgeslagen" in text and "EUR 4 500,00" in text
    assert "Bevestigen en boeken" in text
    assert not Settlement.objects.exists()
    assert Entry.objects.count() == entries
    assert not AuditEvent.objects.filter(object_type="settlements.Settlement").exists()


def test_r33_admin_confirm_settles_once_audited_as_the_staff_member(client, settler, stopped):
    preview = client.post(reverse(URL), {"budget": stopped.pk, "on": ON, "preview": "1"})
    shown = preview.context["form"].initial["shown"]
    response = client.post(
        reverse(URL), {"budget": stopped.pk, "on": ON, "shown": shown, "confirm": "1"}
    )
    settlement = Settlement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:settlements_settlement_change", args=[settlement.pk]
    )
    assert settlement.payable == 4500
    event = AuditEvent.objects.get(
        object_type="settlements.Settlement", object_id=str(settlement.pk)
    )
    assert event.actor == settler
    again = client.post(
        reverse(URL), {"budget": stopped.pk, "on": ON, "shown": shown, "confirm": "1"}
    )
    assert again.status_code == 302
    assert Settlement.objects.count() == 1


def test_r33_admin_confirm_keeps_nothing_when_the_figures_changed(client, settler, stopped):
    entries = Entry.objects.count()
    response = client.post(
        reverse(URL), {"budget": stopped.pk, "on": ON, "shown": "stale", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "De cijfers zijn veranderd" in response.content.decode()
    assert not Settlement.objects.exists()
    assert Entry.objects.count() == entries


def test_r33_admin_refuses_a_running_budget_and_a_future_day_in_dutch(client, settler):
    running = started_pab()["budget"]
    response = client.post(reverse(URL), {"budget": running.pk, "on": ON, "preview": "1"})
    assert "is niet stopgezet" in response.content.decode()
    response = client.post(reverse(URL), {"budget": running.pk, "on": "2999-01-01"})
    assert "ligt na vandaag" in response.content.decode()
    response = client.post(reverse(URL), {"budget": 987654, "on": ON})
    assert "bestaat niet" in response.content.decode()
    assert not Settlement.objects.exists()
