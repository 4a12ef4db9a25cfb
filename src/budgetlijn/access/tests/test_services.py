"""Holder accounts, and granting and revoking mandates as a signed-in user (R36): out of sight
answers 404, in sight but not allowed 403, allowed goes through the assistance services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from budgetlijn.access import services
from budgetlijn.access.constants import ErrorCode
from budgetlijn.access.models import HolderAccount
from budgetlijn.access.tests.world import ON, organisation, user
from budgetlijn.assistance.constants import MandateRight
from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

RIGHTS = {MandateRight.VIEW, MandateRight.FILE_COSTS}


def grant(world, acting_user):
    return services.grant_mandate(
        acting_user,
        person=world.target["person"],
        organisation=organisation(name="Bijstandsorganisatie Nieuw"),
        rights=RIGHTS,
        starts_on=date(2024, 1, 1),
        on=ON,
    )


def test_r36_a_managing_holder_grants_a_mandate(world, fresh):
    mother = fresh("mother")
    granted = grant(world, mother)
    assert granted.person == world.target["person"]
    assert granted.rights == RIGHTS
    assert granted.granted_by == mother
    assert (granted.starts_on, granted.ends_on) == (date(2024, 1, 1), date(2024, 12, 31))
    assert AuditEvent.objects.filter(object_id=str(granted.pk), actor=mother).exists()


@pytest.mark.parametrize(
    ("role", "answer"),
    [
        ("father_not_managing", Http404),
        ("adult_holder", Http404),
        ("staff_expired_mandate", Http404),
        ("analyst", Http404),
        ("anonymous", Http404),
        ("child", PermissionDenied),  # sees the own dossier, does not act on it
        ("staff_full_mandate", PermissionDenied),  # an organisation never grants itself
        ("inspector", PermissionDenied),
    ],
)
def test_r36_who_may_not_grant_a_mandate(world, fresh, role, answer):
    from budgetlijn.assistance.models import Mandate

    count = Mandate.objects.count()
    with pytest.raises(answer):
        grant(world, fresh(role))
    assert Mandate.objects.count() == count


def test_r36_intake_grants_for_a_holder(world, fresh):
    assert grant(world, fresh("intake")).granted_by == fresh("intake")


def test_r36_a_managing_holder_revokes_at_once_and_a_second_time_changes_nothing(world, fresh):
    mother, full = fresh("mother"), world.mandates["full"]
    revoked = services.revoke_mandate(mother, full, on=ON)
    assert revoked.revoked_at is not None and revoked.revoked_by == mother
    events = AuditEvent.objects.filter(object_id=str(full.pk)).count()
    assert services.revoke_mandate(mother, full, on=ON).revoked_at == revoked.revoked_at
    assert AuditEvent.objects.filter(object_id=str(full.pk)).count() == events
    # From now on the organisation reaches nothing of the dossier.
    from budgetlijn.access import queries

    assert not queries.persons_for(fresh("staff_full_mandate"), on=ON).exists()


@pytest.mark.parametrize(
    ("role", "answer"),
    [
        ("staff_view_mandate", Http404),  # another organisation's mandate: out of sight
        ("adult_holder", Http404),
        ("staff_full_mandate", PermissionDenied),  # its own mandate: seen, not revocable
        ("child", PermissionDenied),
        ("inspector", PermissionDenied),
    ],
)
def test_r36_who_may_not_revoke_a_mandate(world, fresh, role, answer):
    full = world.mandates["full"]
    with pytest.raises(answer):
        services.revoke_mandate(fresh(role), full, on=ON)
    full.refresh_from_db()
    assert full.revoked_at is None


def test_opening_a_holder_account_links_the_user_once(world, fresh):
    person = PersonFactory(first_name="Jef", last_name="Claes")
    citizen = user("jef")
    account = services.open_holder_account(user=citizen, person=person, actor=fresh("intake"))
    assert HolderAccount.objects.get(user=citizen).person == person
    event = AuditEvent.objects.get(object_type="access.HolderAccount", object_id=str(account.pk))
    assert event.person_id == person.pk
    with pytest.raises(ValidationError) as taken:
        services.open_holder_account(user=citizen, person=PersonFactory(), actor=None)
    assert taken.value.error_dict["user"][0].code == ErrorCode.HOLDER_ACCOUNT_EXISTS
    with pytest.raises(ValidationError) as has:
        services.open_holder_account(user=user("jef2"), person=person, actor=None)
    assert has.value.error_dict["person"][0].code == ErrorCode.PERSON_HAS_ACCOUNT
