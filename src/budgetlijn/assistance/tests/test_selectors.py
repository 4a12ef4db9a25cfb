"""The selectors the access app builds on: mandates in force on a day (R36), a user's
organisations, mandates about to end. Each is one query."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from budgetlijn.assistance import selectors
from budgetlijn.assistance.constants import MandateRight
from budgetlijn.assistance.tests.factories import (
    MandateFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
)
from budgetlijn.rules import parameters
from budgetlijn.rules.parameters import ParameterValue

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 1), date(2027, 2, 28)


@pytest.fixture
def mandate():
    return MandateFactory(starts_on=START, ends_on=END)


@pytest.mark.parametrize(
    ("day", "active"),
    [
        (START - timedelta(days=1), False),
        (START, True),
        (END, True),
        (END + timedelta(days=1), False),
    ],
)
def test_r36_a_mandate_is_active_from_its_start_to_its_end_included(mandate, day, active):
    assert list(selectors.active_mandates(on=day)) == ([mandate] if active else [])
    assert mandate.is_active_on(day) is active


def test_r36_a_revoked_mandate_or_an_inactive_organisation_is_not_active(mandate):
    MandateFactory(starts_on=START, ends_on=END, revoked=True)
    MandateFactory(starts_on=START, ends_on=END, organisation=OrganisationFactory(inactive=True))
    assert list(selectors.active_mandates(on=START)) == [mandate]


@pytest.mark.parametrize("right", list(MandateRight))
def test_r36_active_mandates_with_a_right(right):
    view_only = MandateFactory(starts_on=START, ends_on=END)
    everything = MandateFactory(starts_on=START, ends_on=END, all_rights=True)
    found = set(selectors.active_mandates(on=START, right=right))
    assert found == ({view_only, everything} if right == MandateRight.VIEW else {everything})


def test_r36_active_mandates_narrowed_to_organisations_and_persons(mandate):
    other = MandateFactory(starts_on=START, ends_on=END)
    assert list(
        selectors.active_mandates(on=START, organisation_ids=[mandate.organisation_id])
    ) == [mandate]
    assert list(selectors.active_mandates(on=START, person_ids=[other.person_id])) == [other]
    assert not selectors.active_mandates(
        on=START, organisation_ids=[mandate.organisation_id], person_ids=[other.person_id]
    ).exists()
    assert not selectors.active_mandates(on=START, organisation_ids=[]).exists()


def test_active_mandates_is_one_query_usable_as_a_subquery(django_assert_num_queries):
    for _ in range(3):
        MandateFactory(starts_on=START, ends_on=END, all_rights=True)
    user = UserFactory()
    with django_assert_num_queries(1):
        organisations = selectors.organisations_of(user).values("pk")
        found = list(
            selectors.active_mandates(
                on=START, organisation_ids=organisations, right=MandateRight.FILE_COSTS
            )
        )
    assert found == []


def test_organisations_of_a_user_are_active_memberships_of_active_organisations():
    user = UserFactory()
    member = MemberFactory(user=user)
    MemberFactory(user=user, active=False)
    MemberFactory(user=user, organisation=OrganisationFactory(inactive=True))
    MemberFactory()  # someone else's organisation
    assert list(selectors.organisations_of(user)) == [member.organisation]


def test_organisations_of_an_anonymous_or_deactivated_user_are_none():
    member = MemberFactory()
    assert not selectors.organisations_of(AnonymousUser()).exists()
    member.user.is_active = False
    member.user.save()
    assert not selectors.organisations_of(member.user).exists()


def test_r36_mandates_ending_within_the_reminder_lead_time(mandate):
    lead = int(parameters.value("assistance.mandate_reminder_days", END))
    assert lead == 30
    assert list(selectors.mandates_ending(on=END - timedelta(days=lead + 1))) == []
    assert list(selectors.mandates_ending(on=END - timedelta(days=lead))) == [mandate]
    assert list(selectors.mandates_ending(on=END)) == [mandate]
    assert list(selectors.mandates_ending(on=END + timedelta(days=1))) == []


def test_r36_a_revoked_mandate_is_not_reminded():
    MandateFactory(starts_on=START, ends_on=END, revoked=True)
    assert not selectors.mandates_ending(on=END).exists()


def test_r36_the_reminder_lead_time_is_a_dated_parameter(mandate):
    longer = ParameterValue(
        name="assistance.mandate_reminder_days",
        valid_from=date(2027, 1, 1),
        valid_until=None,
        value=Decimal(60),
        unit="dagen",
        reference="test",
        source="admin",
    )
    with parameters.isolated(override_source=lambda name: [longer] if name == longer.name else []):
        assert list(selectors.mandates_ending(on=END - timedelta(days=58))) == [mandate]
        assert list(selectors.mandates_ending(on=date(2026, 12, 31))) == []


def test_mandates_of_a_person_and_what_was_done_for_them(mandate):
    MandateFactory()
    assert list(selectors.mandates_of_person(mandate.person_id)) == [mandate]
    assert not selectors.acts_for_person(mandate.person_id).exists()
