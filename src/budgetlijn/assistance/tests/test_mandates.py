"""R36: a holder grants an organisation a mandate on a dossier, with rights, a start and an
end (one year by default); it can be revoked at once; two mandates of one organisation on one
dossier never overlap."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgetlijn.assistance import selectors, services
from budgetlijn.assistance.constants import ErrorCode, MandateRight
from budgetlijn.assistance.models import Mandate
from budgetlijn.assistance.tests.factories import (
    MandateFactory,
    OrganisationFactory,
    UserFactory,
)
from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


@pytest.fixture
def person():
    return PersonFactory()


@pytest.fixture
def organisation():
    return OrganisationFactory(licensed=True)


def grant(person, organisation, **kwargs):
    values = {"rights": set(), "starts_on": date(2026, 3, 1)} | kwargs
    return services.grant_mandate(person=person, organisation=organisation, **values)


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (date(2026, 3, 1), date(2027, 2, 28)),
        (date(2023, 3, 1), date(2024, 2, 29)),  # the leap day is the day before 1 March 2024
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February in 2025: its last day
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 12, 3), date(2027, 12, 2)),
    ],
)
def test_r36_a_mandate_runs_one_year_by_default(person, organisation, starts_on, ends_on):
    assert services.default_end(starts_on) == ends_on
    assert grant(person, organisation, starts_on=starts_on).ends_on == ends_on


def test_r36_view_is_always_granted_and_the_rights_are_stored(person, organisation):
    mandate = grant(
        person, organisation, rights={MandateRight.FILE_COSTS, "ask_free_share"}, actor=None
    )
    mandate.refresh_from_db()
    assert mandate.rights == {
        MandateRight.VIEW,
        MandateRight.FILE_COSTS,
        MandateRight.ASK_FREE_SHARE,
    }
    assert (mandate.may_view, mandate.may_register_contracts) == (True, False)
    assert mandate.has_right(MandateRight.FILE_COSTS)
    assert not mandate.has_right(MandateRight.REGISTER_CONTRACTS)


def test_r36_only_view_when_no_right_is_asked(person, organisation):
    assert grant(person, organisation).rights == {MandateRight.VIEW}


def test_r36_an_unknown_right_is_refused(person, organisation):
    with pytest.raises(ValidationError) as caught:
        grant(person, organisation, rights={"pay_out"})
    assert codes(caught.value, "rights") == [ErrorCode.MANDATE_RIGHT_UNKNOWN]
    assert Mandate.objects.count() == 0


def test_r36_the_end_may_not_lie_before_the_start(person, organisation):
    with pytest.raises(ValidationError) as caught:
        grant(person, organisation, starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 28))
    assert codes(caught.value, "ends_on") == [ErrorCode.MANDATE_ENDS_BEFORE_START]
    one_day = grant(person, organisation, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 1))
    assert one_day.is_active_on(date(2026, 3, 1))


def test_r36_the_database_refuses_an_end_before_the_start_and_a_mandate_without_view():
    with pytest.raises(IntegrityError), transaction.atomic():
        MandateFactory(starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.filter(pk=MandateFactory().pk).update(may_view=False)


def test_r36_an_inactive_organisation_gets_no_mandate(person):
    with pytest.raises(ValidationError) as caught:
        grant(person, OrganisationFactory(inactive=True))
    assert codes(caught.value, "organisation") == [ErrorCode.ORGANISATION_INACTIVE]


def test_r36_no_mandate_starts_after_the_persons_death(organisation):
    person = PersonFactory(date_of_death=date(2026, 2, 10))
    with pytest.raises(ValidationError) as caught:
        grant(person, organisation, starts_on=date(2026, 2, 11))
    assert codes(caught.value, "starts_on") == [ErrorCode.MANDATE_PERSON_DECEASED]
    grant(person, organisation, starts_on=date(2026, 2, 10))


# --- no two overlapping mandates for one (person, organisation) ------------------------------


def test_r36_overlapping_mandates_of_one_organisation_are_refused(person, organisation):
    first = grant(person, organisation, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    with pytest.raises(ValidationError) as caught:
        grant(person, organisation, starts_on=date(2026, 6, 30))
    assert codes(caught.value, "starts_on") == [ErrorCode.MANDATE_OVERLAPS]
    assert "30/06/2026" in caught.value.error_dict["starts_on"][0].message
    with pytest.raises(ValidationError):  # one that ends on the first's first day
        grant(person, organisation, starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1))
    with pytest.raises(ValidationError):  # one that wraps the first
        grant(person, organisation, starts_on=date(2025, 1, 1), ends_on=date(2027, 1, 1))
    assert list(Mandate.objects.all()) == [first]


def test_r36_adjacent_mandates_of_one_organisation_are_allowed(person, organisation):
    grant(person, organisation, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    grant(person, organisation, starts_on=date(2026, 7, 1))
    grant(person, organisation, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    assert Mandate.objects.count() == 3


def test_r36_a_revoked_mandate_or_another_organisation_or_person_does_not_block(
    person, organisation
):
    first = grant(person, organisation, starts_on=date(2026, 1, 1))
    grant(person, OrganisationFactory(), starts_on=date(2026, 1, 1))
    grant(PersonFactory(), organisation, starts_on=date(2026, 1, 1))
    services.revoke_mandate(first)
    grant(person, organisation, starts_on=date(2026, 1, 1))
    assert Mandate.objects.count() == 4


def test_r36_granting_records_who_and_an_audit_event_on_the_dossier(person, organisation):
    holder = UserFactory(username="houder")
    mandate = grant(person, organisation, rights={MandateRight.FILE_COSTS}, actor=holder)
    assert mandate.granted_by == holder
    event = AuditEvent.objects.get(object_type="assistance.Mandate")
    assert (event.actor, event.person_id, event.action) == (
        holder,
        person.pk,
        AuditEvent.Action.CREATE,
    )
    assert event.details["rights"] == ["file_costs", "view"]
    assert organisation.name in event.summary
    assert grant(PersonFactory(), organisation, actor=None).granted_by is None


# --- revoking: at once, idempotent -----------------------------------------------------------


def test_r36_a_revoked_mandate_is_active_on_no_day(person, organisation):
    today = timezone.localdate()
    mandate = grant(person, organisation, starts_on=today - timedelta(days=10))
    holder = UserFactory(username="houder")
    services.revoke_mandate(mandate, actor=holder)
    assert mandate.revoked_by == holder and mandate.revoked_at is not None
    for day in (today - timedelta(days=10), today - timedelta(days=1), today, mandate.ends_on):
        assert not mandate.is_active_on(day)
        assert not selectors.active_mandates(on=day).exists()


def test_r36_revoking_twice_changes_nothing_the_second_time(person, organisation):
    mandate = grant(person, organisation)
    services.revoke_mandate(mandate, on=datetime(2026, 3, 5, 10, 0))
    first = mandate.revoked_at
    services.revoke_mandate(mandate, actor=UserFactory(), on=date(2026, 3, 6))
    mandate.refresh_from_db()
    assert mandate.revoked_at == first and mandate.revoked_by is None
    events = AuditEvent.objects.filter(object_type="assistance.Mandate", action="CHANGE")
    assert events.count() == 1
    assert events.get().person_id == person.pk


def test_r36_a_stale_instance_is_revoked_once(person, organisation):
    mandate = grant(person, organisation)
    stale = Mandate.objects.get(pk=mandate.pk)
    services.revoke_mandate(mandate)
    services.revoke_mandate(stale)
    assert stale.revoked_at == Mandate.objects.get(pk=mandate.pk).revoked_at
    assert AuditEvent.objects.filter(action="CHANGE").count() == 1


def test_r36_revoking_cannot_be_dated_in_the_future(person, organisation):
    mandate = grant(person, organisation)
    with pytest.raises(ValidationError) as caught:
        services.revoke_mandate(mandate, on=timezone.localdate() + timedelta(days=1))
    assert codes(caught.value, "revoked_at") == [ErrorCode.MANDATE_REVOKE_IN_FUTURE]
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
