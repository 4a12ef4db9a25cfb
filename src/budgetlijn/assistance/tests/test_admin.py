"""The admin of organisations, staff, mandates and acts: every change through the services."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from budgetlijn.assistance.constants import MandateAction, MandateRight
from budgetlijn.assistance.models import Mandate, MandateAct, Organisation, OrganisationMember
from budgetlijn.assistance.services import record_act
from budgetlijn.assistance.tests.factories import (
    MandateFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
    enterprise_number,
    iban,
)
from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser(
        "medewerker", "m@vaph.test", "geheim-wachtwoord-1"
    )


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def organisation_post(**overrides):
    number = enterprise_number()
    data = {
        "kind": "ASSISTANCE_ORGANISATION",
        "name": "Bijstand Beheer vzw",
        "enterprise_number": f"{number[:4]}.{number[4:7]}.{number[7:]}",
        "iban": iban(),
        "bic": "",
        "licence_number": "",
        "licensed_from": "",
        "licensed_until": "",
        "active": "on",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_adding_an_organisation_goes_through_the_service(staff_client, admin_user):
    account = iban()
    printed = " ".join(account[i : i + 4] for i in range(0, len(account), 4))
    data = organisation_post(iban=printed)
    response = staff_client.post("/admin/assistance/organisation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get()
    assert organisation.enterprise_number == data["enterprise_number"].replace(".", "")
    assert organisation.iban == account
    event = AuditEvent.objects.get(object_type="assistance.Organisation")
    assert (event.action, event.actor) == (AuditEvent.Action.CREATE, admin_user)


def test_r36_the_admin_shows_the_licence_limit_on_the_form(staff_client):
    for _ in range(5):
        OrganisationFactory(licensed=True)
    response = staff_client.post(
        "/admin/assistance/organisation/add/", organisation_post(licensed_from="2024-01-01")
    )
    assert response.status_code == 200
    assert "hoogstens 5" in response.content.decode()
    assert Organisation.objects.count() == 5


def test_changing_an_organisation_is_audited_and_it_cannot_be_deleted(staff_client):
    organisation = OrganisationFactory()
    data = organisation_post(
        name="Nieuwe naam vzw",
        enterprise_number=organisation.enterprise_number,
        iban=organisation.iban,
    )
    url = f"/admin/assistance/organisation/{organisation.pk}/change/"
    assert staff_client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nieuwe naam vzw"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).count() == 1
    delete = f"/admin/assistance/organisation/{organisation.pk}/delete/"
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403


def test_members_are_added_and_deactivated_through_the_services(staff_client):
    organisation = OrganisationFactory()
    user = UserFactory()
    response = staff_client.post(
        "/admin/assistance/organisationmember/add/",
        {"organisation": organisation.pk, "user": user.pk, "active": "on"},
    )
    assert response.status_code == 302
    member = OrganisationMember.objects.get()
    url = f"/admin/assistance/organisationmember/{member.pk}/change/"
    assert staff_client.post(url, {}).status_code == 302  # "actief" unticked
    member.refresh_from_db()
    assert member.active is False
    summaries = AuditEvent.objects.filter(object_type="assistance.OrganisationMember")
    assert summaries.count() == 2


def mandate_post(person, organisation, **overrides):
    data = {
        "person": person.pk,
        "organisation": organisation.pk,
        "may_file_costs": "on",
        "starts_on": "2026-03-01",
        "ends_on": "",
    }
    return data | overrides


def test_r36_the_agency_enters_a_mandate_of_one_year_by_default(staff_client, admin_user):
    person, organisation = PersonFactory(), OrganisationFactory()
    response = staff_client.post(
        "/admin/assistance/mandate/add/", mandate_post(person, organisation)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mandate = Mandate.objects.get()
    assert (mandate.starts_on, mandate.ends_on) == (date(2026, 3, 1), date(2027, 2, 28))
    assert mandate.rights == {MandateRight.VIEW, MandateRight.FILE_COSTS}
    assert mandate.granted_by == admin_user
    assert AuditEvent.objects.get(object_type="assistance.Mandate").person_id == person.pk


def test_r36_the_admin_refuses_an_overlapping_mandate_on_the_form(staff_client):
    existing = MandateFactory(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    response = staff_client.post(
        "/admin/assistance/mandate/add/", mandate_post(existing.person, existing.organisation)
    )
    assert response.status_code == 200
    assert "al een mandaat" in response.content.decode()
    assert Mandate.objects.count() == 1


def test_r36_a_mandate_is_never_changed_in_the_admin_only_revoked(staff_client):
    mandate = MandateFactory()
    url = f"/admin/assistance/mandate/{mandate.pk}/change/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"starts_on": "2020-01-01", "ends_on": "2030-12-31"})
    before = (mandate.starts_on, mandate.ends_on)
    mandate.refresh_from_db()
    assert (mandate.starts_on, mandate.ends_on) == before
    delete = f"/admin/assistance/mandate/{mandate.pk}/delete/"
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403


def test_r36_the_revoke_action_revokes_at_once_and_once(staff_client, admin_user):
    active, other = MandateFactory(), MandateFactory()
    data = {"action": "revoke", "_selected_action": [active.pk]}
    changelist = "/admin/assistance/mandate/"
    assert staff_client.post(changelist, data).status_code == 302
    assert staff_client.post(changelist, data).status_code == 302
    active.refresh_from_db()
    other.refresh_from_db()
    assert active.revoked_by == admin_user and other.revoked_at is None
    assert AuditEvent.objects.filter(object_type="assistance.Mandate").count() == 1


@pytest.mark.parametrize("state", ["active", "future", "ended", "revoked"])
def test_mandate_changelist_filters_by_state_today(staff_client, state):
    today = timezone.localdate()
    mandates = {
        "active": MandateFactory(),
        "future": MandateFactory(starts_on=today + timedelta(days=3)),
        "ended": MandateFactory(expired=True),
        "revoked": MandateFactory(revoked=True),
    }
    page = staff_client.get(f"/admin/assistance/mandate/?state={state}").content.decode()
    for name, mandate in mandates.items():
        assert (f"/admin/assistance/mandate/{mandate.pk}/change/" in page) is (name == state)


def test_acts_are_read_only_in_the_admin(staff_client):
    mandate = MandateFactory()
    staff = MemberFactory(organisation=mandate.organisation).user
    act = record_act(mandate=mandate, user=staff, action=MandateAction.VIEWED, summary="Bekeken")
    assert staff_client.get("/admin/assistance/mandateact/").status_code == 200
    assert staff_client.get("/admin/assistance/mandateact/add/").status_code == 403
    url = f"/admin/assistance/mandateact/{act.pk}/change/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"summary": "verborgen"})
    assert MandateAct.objects.get().summary == "Bekeken"


def test_the_changelists_answer(staff_client):
    MandateFactory()
    for model in ("organisation", "organisationmember", "mandate", "mandateact"):
        assert staff_client.get(f"/admin/assistance/{model}/").status_code == 200


def test_a_forged_selection_is_refused_without_a_server_error(staff_client):
    response = staff_client.post(
        "/admin/assistance/mandate/", {"action": "revoke", "_selected_action": ["abc"]}
    )
    assert response.status_code in (200, 302)
