"""Every act under a mandate records who acted, for which organisation, for whom (R36); the
record is append-only, by the model and by the database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from budgetlijn.assistance import selectors, services
from budgetlijn.assistance.constants import ErrorCode, MandateAction
from budgetlijn.assistance.models import MandateAct, MandateActsAreAppendOnly
from budgetlijn.assistance.tests.factories import MandateFactory, MemberFactory, UserFactory
from budgetlijn.audit.tests.append_only import (
    assert_database_refuses_changes,
    assert_model_refuses_changes,
    assert_only_the_test_flush_empties_the_table,
    expected_triggers,
    triggers_on,
)

pytestmark = pytest.mark.django_db

MESSAGE = "handelingen onder een mandaat kunnen alleen aangevuld"


def codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


@pytest.fixture
def mandate():
    return MandateFactory(may_file_costs=True)


@pytest.fixture
def staff(mandate):
    return MemberFactory(organisation=mandate.organisation).user


@pytest.fixture
def act(mandate, staff):
    return services.record_act(
        mandate=mandate,
        user=staff,
        action=MandateAction.COSTS_FILED,
        obj=mandate.person,
        summary="Kostenstaat maart ingediend",
    )


def test_r36_an_act_records_who_for_which_organisation_for_whom(act, mandate, staff):
    act = MandateAct.objects.get(pk=act.pk)
    assert (act.user, act.organisation, act.person, act.mandate) == (
        staff,
        mandate.organisation,
        mandate.person,
        mandate,
    )
    assert (act.object_type, act.object_id) == ("dossiers.Person", str(mandate.person.pk))
    assert list(selectors.acts_for_person(mandate.person_id)) == [act]


def test_r36_an_act_needs_the_right_it_uses(mandate, staff):
    with pytest.raises(ValidationError) as caught:
        services.record_act(
            mandate=mandate,
            user=staff,
            action=MandateAction.CONTRACT_REGISTERED,
            summary="Overeenkomst geregistreerd",
        )
    assert codes(caught.value, "mandate") == [ErrorCode.MANDATE_RIGHT_MISSING]
    services.record_act(
        mandate=mandate, user=staff, action=MandateAction.VIEWED, summary="Dossier bekeken"
    )
    assert MandateAct.objects.count() == 1


@pytest.mark.parametrize("state", ["expired", "revoked", "future"])
def test_r36_no_act_under_a_mandate_not_in_force_today(state):
    today = timezone.localdate()
    traits = {
        "expired": {"expired": True},
        "revoked": {"revoked": True},
        "future": {"starts_on": today + timedelta(days=1)},
    }[state]
    mandate = MandateFactory(**traits)
    staff = MemberFactory(organisation=mandate.organisation).user
    with pytest.raises(ValidationError) as caught:
        services.record_act(
            mandate=mandate, user=staff, action=MandateAction.VIEWED, summary="Bekeken"
        )
    assert codes(caught.value, "mandate") == [ErrorCode.MANDATE_NOT_ACTIVE]
    assert MandateAct.objects.count() == 0


def test_r36_a_mandate_ending_today_still_allows_acts():
    today = timezone.localdate()
    mandate = MandateFactory(starts_on=date(2020, 1, 1), ends_on=today)
    staff = MemberFactory(organisation=mandate.organisation).user
    services.record_act(mandate=mandate, user=staff, action="VIEWED", summary="Bekeken")


def test_r36_only_active_staff_of_the_organisation_act(mandate):
    outsider = MemberFactory().user  # staff of another organisation
    former = MemberFactory(organisation=mandate.organisation, active=False).user
    for user in (outsider, former, UserFactory(), None):
        with pytest.raises(ValidationError) as caught:
            services.record_act(
                mandate=mandate, user=user, action=MandateAction.VIEWED, summary="Bekeken"
            )
        assert codes(caught.value, "user") == [ErrorCode.MANDATE_ACT_NOT_A_MEMBER]


def test_an_unknown_action_is_refused(mandate, staff):
    with pytest.raises(ValidationError) as caught:
        services.record_act(mandate=mandate, user=staff, action="PAID_OUT", summary="x")
    assert codes(caught.value, "action") == [ErrorCode.MANDATE_ACT_UNKNOWN_ACTION]


def test_the_model_refuses_every_change(act):
    assert_model_refuses_changes(act, MandateActsAreAppendOnly, "summary", "verborgen")
    with pytest.raises(MandateActsAreAppendOnly, match=MESSAGE):
        act.delete()


def test_the_database_refuses_update_and_delete_on_every_backend(act):
    assert_database_refuses_changes(act, "summary", "'verborgen'", MESSAGE)


def test_the_migrated_database_has_the_triggers():
    assert triggers_on(MandateAct) == expected_triggers(MandateAct)


def test_only_the_test_flush_empties_the_acts(act):
    assert_only_the_test_flush_empties_the_table(act, MESSAGE)
