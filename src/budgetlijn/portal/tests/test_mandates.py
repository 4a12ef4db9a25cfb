"""Mandates in the portal (R36): the holder sees every mandate on the dossier with the acts done
under it, grants one (rights, start, end defaulting to one year) and revokes one after a
confirmation step; errors are Dutch and name the field."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgetlijn.access.tests.world import organisation
from budgetlijn.assistance.constants import MandateAction, MandateRight
from budgetlijn.assistance.models import Mandate, MandateAct
from budgetlijn.assistance.services import default_end
from budgetlijn.portal.tests.helpers import current_mandate

pytestmark = pytest.mark.django_db


def signed_in(client, fresh, role):
    client.force_login(fresh(role))
    return client


def test_r36_the_holder_sees_every_mandate_with_its_state_and_acts(client, world, fresh):
    person = world.target["person"]
    org, _member, current = current_mandate(person, "Bijstand Vandaag", "vandaag")
    response = signed_in(client, fresh, "mother").get(reverse("portal:mandates", args=[person.pk]))
    assert response.status_code == 200
    states = {
        row["mandate"].organisation.name: row["status"][0] for row in response.context["rows"]
    }
    assert states == {
        "Bijstand Vandaag": "active",
        "Bijstandsorganisatie Vol": "ended",
        "Bijstandsorganisatie Kijk": "ended",
        "Bijstandsorganisatie Verlopen": "ended",
        "Bijstandsorganisatie Ingetrokken": "revoked",
        "Bijstandsorganisatie Later": "ended",
        "Bijstandsorganisatie Gesloten": "ended",
    }
    page = response.content.decode()
    assert "ingetrokken" in page and "afgelopen" in page and "actief" in page
    # The act of the world: who, for which organisation, what.
    full = next(r for r in response.context["rows"] if r["mandate"] == world.mandates["full"])
    assert [act.pk for act in full["acts"]] == [world.target["act"].pk]
    assert "full" in page and "dossier bekeken" in page
    # Only the mandate in force can be revoked; the holder may grant.
    assert [r["mandate"] for r in response.context["rows"] if r["revocable"]] == [current]
    assert reverse("portal:revoke", args=[current.pk]) in page
    assert reverse("portal:revoke", args=[world.mandates["full"].pk]) not in page
    assert reverse("portal:grant", args=[person.pk]) in page


def test_r36_the_mandates_page_runs_a_fixed_number_of_queries(client, world, fresh):
    person = world.target["person"]
    signed_in(client, fresh, "mother")
    url = reverse("portal:mandates", args=[person.pk])
    client.get(url)  # the session, once

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for number in range(3):
        _org, member, granted = current_mandate(person, f"Bijstand {number}", f"lid{number}")
        for _ in range(2):
            MandateAct.objects.create(
                user=member,
                organisation=granted.organisation,
                person=person,
                mandate=granted,
                action=MandateAction.VIEWED,
                summary="Dossier bekeken",
            )
    assert count() == before


@pytest.mark.parametrize("role", ["child", "staff_full_mandate"])
def test_r36_who_sees_the_dossier_but_does_not_manage_may_not_grant(client, world, fresh, role):
    person = world.target["person"]
    if role == "staff_full_mandate":  # the world's mandate ended in 2023: one in force today
        _org, member, _granted = current_mandate(person, "Bijstand Vandaag", "vandaag")
        client.force_login(member)
    else:
        signed_in(client, fresh, role)
    page = client.get(reverse("portal:mandates", args=[person.pk]))
    assert page.status_code == 200
    assert reverse("portal:grant", args=[person.pk]) not in page.content.decode()
    assert not any(row["revocable"] for row in page.context["rows"])
    count = Mandate.objects.count()
    response = client.post(
        reverse("portal:grant", args=[person.pk]),
        {"organisation": world.organisations["full"].pk, "starts_on": "2030-01-01"},
    )
    assert response.status_code == 403
    assert Mandate.objects.count() == count


def test_r36_organisation_staff_see_only_their_own_organisations_mandates(client, world, fresh):
    person = world.target["person"]
    _org, member, granted = current_mandate(person, "Bijstand Vandaag", "vandaag")
    client.force_login(member)
    response = client.get(reverse("portal:mandates", args=[person.pk]))
    assert [row["mandate"] for row in response.context["rows"]] == [granted]
    assert "Bijstandsorganisatie Vol" not in response.content.decode()
    # They see their mandate, but only the holder revokes it.
    assert client.get(reverse("portal:revoke", args=[granted.pk])).status_code == 403
    assert client.post(reverse("portal:revoke", args=[granted.pk])).status_code == 403
    granted.refresh_from_db()
    assert granted.revoked_at is None


def grant_data(org, **overrides):
    data = {
        "organisation": str(org.pk),
        "rights": [MandateRight.FILE_COSTS.value, MandateRight.REGISTER_CONTRACTS.value],
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_r36_the_grant_form_offers_active_assistance_organisations_only(client, world, fresh):
    organisation(name="Bijstand Open")
    organisation(name="Bijstand Dicht", active=False)
    response = signed_in(client, fresh, "mother").get(
        reverse("portal:grant", args=[world.target["person"].pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bijstand Open" in page
    assert "Bijstand Dicht" not in page
    assert "Zorgaanbieder De Linde" not in page  # a provider gets no mandate
    assert 'type="checkbox"' in page and "kosten indienen" in page
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # the start defaults to today


def test_r36_a_holder_grants_a_mandate_for_one_year_by_default(client, world, fresh):
    person = world.target["person"]
    org = organisation(name="Bijstand Nieuw")
    signed_in(client, fresh, "mother")
    response = client.post(reverse("portal:grant", args=[person.pk]), grant_data(org))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:mandates", args=[person.pk])
    granted = Mandate.objects.get(organisation=org)
    today = timezone.localdate()
    assert granted.person == person
    assert granted.rights == {
        MandateRight.VIEW,
        MandateRight.FILE_COSTS,
        MandateRight.REGISTER_CONTRACTS,
    }
    assert (granted.starts_on, granted.ends_on) == (today, default_end(today))
    assert granted.granted_by.username == "mother"
    page = client.get(response["Location"]).content.decode()
    assert "Bijstand Nieuw heeft nu een volmacht" in page


def test_r36_a_holder_grants_a_mandate_with_an_end_and_view_only(client, world, fresh):
    person = world.target["person"]
    org = organisation(name="Bijstand Kort")
    signed_in(client, fresh, "mother")
    data = grant_data(org, rights=[], starts_on="01/03/2030", ends_on="31/03/2030")
    assert client.post(reverse("portal:grant", args=[person.pk]), data).status_code == 302
    granted = Mandate.objects.get(organisation=org)
    assert granted.rights == {MandateRight.VIEW}
    assert (granted.starts_on, granted.ends_on) == (date(2030, 3, 1), date(2030, 3, 31))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"organisation": ""}, "organisation", "Kies de bijstandsorganisatie"),
        ({"organisation": "999999"}, "organisation", "Kies een bijstandsorganisatie uit de lijst"),
        ({"starts_on": ""}, "starts_on", "Vul de begindatum in"),
        ({"starts_on": "30/02/2030"}, "starts_on", "Vul een geldige datum in"),
        ({"ends_on": "morgen"}, "ends_on", "Vul een geldige datum in"),
        ({"rights": ["everything"]}, "rights", "Kies alleen rechten uit de lijst"),
        (
            {"starts_on": "2030-05-01", "ends_on": "2030-04-30"},
            "ends_on",
            "De einddatum ligt vóór de begindatum",
        ),
    ],
)
def test_r36_grant_errors_are_dutch_and_name_the_field(
    client, world, fresh, overrides, field, message
):
    org = organisation(name="Bijstand Fout")
    signed_in(client, fresh, "mother")
    count = Mandate.objects.count()
    response = client.post(
        reverse("portal:grant", args=[world.target["person"].pk]), grant_data(org, **overrides)
    )
    assert response.status_code == 400
    assert Mandate.objects.count() == count
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    label = str(form.fields[field].label)
    page = response.content.decode()
    assert f"{label}: {message}" in page  # the summary names the field
    assert 'role="alert"' in page


def test_r36_an_overlapping_mandate_is_refused_on_the_start_field(client, world, fresh):
    person = world.target["person"]
    org, _member, current = current_mandate(person, "Bijstand Dubbel", "dubbel")
    signed_in(client, fresh, "mother")
    response = client.post(reverse("portal:grant", args=[person.pk]), grant_data(org))
    assert response.status_code == 400
    errors = response.context["form"].errors["starts_on"]
    assert any("heeft voor dit dossier al een mandaat" in error for error in errors)
    assert "Begindatum: Bijstand Dubbel heeft voor dit dossier al een mandaat" in (
        response.content.decode()
    )
    assert Mandate.objects.filter(organisation=org).count() == 1


def test_r36_revoking_asks_for_confirmation_first(client, world, fresh):
    person = world.target["person"]
    _org, _member, current = current_mandate(person, "Bijstand Weg", "weg")
    signed_in(client, fresh, "mother")
    response = client.get(reverse("portal:revoke", args=[current.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Volmacht van Bijstand Weg intrekken?" in page
    assert "Ja, volmacht intrekken" in page
    current.refresh_from_db()
    assert current.revoked_at is None  # a GET changes nothing


def test_r36_a_revoked_mandate_takes_effect_at_once(client, world, fresh):
    person = world.target["person"]
    _org, member, current = current_mandate(person, "Bijstand Weg", "weg")
    staff = client.__class__()
    staff.force_login(member)
    assert staff.get(reverse("portal:dossier", args=[person.pk])).status_code == 200

    signed_in(client, fresh, "mother")
    response = client.post(reverse("portal:revoke", args=[current.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:mandates", args=[person.pk])
    current.refresh_from_db()
    assert current.revoked_at is not None
    assert current.revoked_by.username == "mother"
    page = client.get(response["Location"]).content.decode()
    assert "De volmacht van Bijstand Weg is ingetrokken" in page

    assert staff.get(reverse("portal:dossier", args=[person.pk])).status_code == 404
    assert staff.get(reverse("portal:holders")).context["rows"] == []
    # Revoking again changes nothing.
    moment = current.revoked_at
    assert client.post(reverse("portal:revoke", args=[current.pk])).status_code == 302
    current.refresh_from_db()
    assert current.revoked_at == moment
    assert (
        "al ingetrokken" in client.get(reverse("portal:revoke", args=[current.pk])).content.decode()
    )


def test_r36_a_holder_who_does_not_manage_cannot_revoke(client, world, fresh):
    person = world.target["person"]
    _org, _member, current = current_mandate(person, "Bijstand Blijft", "blijft")
    signed_in(client, fresh, "father_not_managing")
    assert client.post(reverse("portal:revoke", args=[current.pk])).status_code == 404
    signed_in(client, fresh, "child")
    assert client.post(reverse("portal:revoke", args=[current.pk])).status_code == 403
    current.refresh_from_db()
    assert current.revoked_at is None


def test_r36_an_ended_mandate_is_not_offered_for_revoking(client, world, fresh):
    person = world.target["person"]
    signed_in(client, fresh, "mother")
    ended = world.mandates["full"]
    assert ended.ends_on < timezone.localdate() - timedelta(days=1)
    page = client.get(reverse("portal:mandates", args=[person.pk])).content.decode()
    assert reverse("portal:revoke", args=[ended.pk]) not in page


def test_r36_a_view_under_a_mandate_is_recorded_for_the_holder_and_a_holders_own_is_not(
    client, world, fresh
):
    child, budget = world.target["person"], world.target["budget"]
    _org, member, granted = current_mandate(child, "Bijstand Kijkt", "kijkt")
    before = MandateAct.objects.filter(action=MandateAction.VIEWED).count()
    client.force_login(fresh("mother"))
    assert client.get(reverse("portal:dossier", args=[child.pk])).status_code == 200
    assert MandateAct.objects.filter(action=MandateAction.VIEWED).count() == before
    client.force_login(member)
    assert client.get(reverse("portal:dossier", args=[child.pk])).status_code == 200
    assert client.get(reverse("portal:budget", args=[budget.pk])).status_code == 200
    acts = MandateAct.objects.filter(action=MandateAction.VIEWED, mandate=granted).order_by("pk")
    assert [(a.user_id, a.person_id) for a in acts] == [(member.pk, child.pk)] * 2
    assert ["Dossier bekeken in het portaal", "Budget en budgetlijn bekeken in het portaal"] == [
        a.summary for a in acts
    ]
