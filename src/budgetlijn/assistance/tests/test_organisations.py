"""Organisations and their staff: identifiers stored compact, the licence limit (R36)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum.be import vat

from budgetlijn.assistance import services
from budgetlijn.assistance.constants import ErrorCode, OrganisationKind
from budgetlijn.assistance.models import (
    Organisation,
    OrganisationMember,
    format_enterprise_number,
)
from budgetlijn.assistance.tests.factories import (
    OrganisationFactory,
    UserFactory,
    enterprise_number,
    iban,
)
from budgetlijn.audit.models import AuditEvent
from budgetlijn.rules import parameters
from budgetlijn.rules.parameters import ParameterValue

pytestmark = pytest.mark.django_db


def codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def fields(**overrides):
    values = {
        "kind": OrganisationKind.ASSISTANCE_ORGANISATION,
        "name": "Bijstand Test vzw",
        "enterprise_number": enterprise_number(),
        "iban": iban(),
    }
    return values | overrides


def test_create_organisation_stores_enterprise_number_and_iban_compact():
    number = enterprise_number()
    account = iban()
    printed_iban = " ".join(account[i : i + 4] for i in range(0, len(account), 4))
    organisation = services.create_organisation(
        **fields(
            enterprise_number=format_enterprise_number(number), iban=printed_iban, bic="kredbebb"
        )
    )
    organisation.refresh_from_db()
    assert organisation.enterprise_number == number
    assert organisation.formatted_enterprise_number == f"{number[:4]}.{number[4:7]}.{number[7:]}"
    assert organisation.iban == account
    assert organisation.bic == "KREDBEBB"
    event = AuditEvent.objects.get(object_type="assistance.Organisation")
    assert event.action == AuditEvent.Action.CREATE
    assert event.object_id == str(organisation.pk)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("enterprise_number", "0403170702", ErrorCode.ORGANISATION_ENTERPRISE_NUMBER_INVALID),
        ("enterprise_number", "", ErrorCode.ORGANISATION_ENTERPRISE_NUMBER_INVALID),
        ("iban", "BE68539007547035", ErrorCode.ORGANISATION_IBAN_INVALID),
        ("bic", "GEBABEB", ErrorCode.ORGANISATION_BIC_INVALID),
    ],
)
def test_invalid_identifiers_are_refused_naming_the_field(field, value, code):
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**fields(**{field: value}))
    assert codes(caught.value, field) == [code]
    assert Organisation.objects.count() == 0


def test_a_valid_enterprise_number_one_digit_off_is_refused():
    number = enterprise_number()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert vat.is_valid(number) and not vat.is_valid(wrong)
    with pytest.raises(ValidationError):
        services.create_organisation(**fields(enterprise_number=wrong))


def test_an_enterprise_number_is_registered_once():
    first = services.create_organisation(**fields())
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            **fields(enterprise_number=format_enterprise_number(first.enterprise_number))
        )
    assert codes(caught.value, "enterprise_number") == [
        ErrorCode.ORGANISATION_ENTERPRISE_NUMBER_TAKEN
    ]
    assert first.name in caught.value.error_dict["enterprise_number"][0].message


def test_licence_end_before_start_is_refused():
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            **fields(licensed_from=date(2024, 1, 2), licensed_until=date(2024, 1, 1))
        )
    assert codes(caught.value, "licensed_until") == [ErrorCode.ORGANISATION_LICENCE_DATES]


def test_licence_end_without_start_is_refused():
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**fields(licensed_until=date(2024, 1, 1)))
    assert codes(caught.value, "licensed_from") == [ErrorCode.ORGANISATION_LICENCE_DATES]


def test_a_non_licensed_provider_has_no_licence():
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            **fields(kind=OrganisationKind.NON_LICENSED_PROVIDER, licensed_from=date(2020, 1, 1))
        )
    assert codes(caught.value, "licensed_from") == [ErrorCode.ORGANISATION_LICENCE_NOT_FOR_KIND]


def test_is_licensed_on_includes_both_ends():
    organisation = OrganisationFactory.build(
        licensed_from=date(2020, 1, 1), licensed_until=date(2020, 12, 31)
    )
    assert not organisation.is_licensed_on(date(2019, 12, 31))
    assert organisation.is_licensed_on(date(2020, 1, 1))
    assert organisation.is_licensed_on(date(2020, 12, 31))
    assert not organisation.is_licensed_on(date(2021, 1, 1))


# --- R36: at most five licensed assistance organisations at a time (seed 003 §1.4) -----------


@pytest.fixture
def five_licensed():
    return [
        OrganisationFactory(licensed_from=date(2020, 1, 1), licensed_until=None) for _ in range(5)
    ]


def test_r36_five_assistance_organisations_may_be_licensed_at_a_time(five_licensed):
    assert Organisation.objects.filter(licensed_from__isnull=False).count() == 5


def test_r36_a_sixth_licensed_assistance_organisation_is_refused(five_licensed):
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**fields(licensed_from=date(2024, 6, 1)))
    assert codes(caught.value, "licensed_from") == [ErrorCode.ORGANISATION_TOO_MANY_LICENSED]
    message = caught.value.error_dict["licensed_from"][0].message
    assert "hoogstens 5" in message and "01/06/2024" in message
    assert Organisation.objects.count() == 5


def test_r36_a_sixth_may_start_the_day_after_another_licence_ends(five_licensed):
    five_licensed[0].licensed_until = date(2024, 5, 31)
    five_licensed[0].save()
    services.create_organisation(**fields(licensed_from=date(2024, 6, 1)))
    with pytest.raises(ValidationError):
        services.create_organisation(**fields(licensed_from=date(2024, 5, 31)))


def test_r36_a_sixth_licence_that_ends_before_the_others_start_is_allowed(five_licensed):
    services.create_organisation(
        **fields(licensed_from=date(2018, 1, 1), licensed_until=date(2019, 12, 31))
    )
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            **fields(licensed_from=date(2018, 1, 1), licensed_until=date(2020, 1, 1))
        )
    assert "01/01/2020" in caught.value.error_dict["licensed_from"][0].message


def test_r36_unlicensed_and_provider_organisations_do_not_count(five_licensed):
    services.create_organisation(**fields())  # an assistance organisation without licence
    for kind in (OrganisationKind.LICENSED_PROVIDER, OrganisationKind.MULTIFUNCTIONAL_CENTRE):
        services.create_organisation(**fields(kind=kind, licensed_from=date(2021, 1, 1)))
    assert Organisation.objects.count() == 8


def test_r36_the_maximum_is_a_dated_parameter(five_licensed):
    raised = ParameterValue(
        name="assistance.max_licensed_organisations",
        valid_from=date(2025, 1, 1),
        valid_until=None,
        value=Decimal(6),
        unit="aantal",
        reference="test",
        source="admin",
    )

    def source(name):
        return [raised] if name == raised.name else []

    with parameters.isolated(override_source=source):
        with pytest.raises(ValidationError):
            services.create_organisation(**fields(licensed_from=date(2024, 12, 31)))
        services.create_organisation(**fields(licensed_from=date(2025, 1, 1)))


def test_r36_a_licence_starting_before_the_parameter_is_checked_from_its_first_value():
    """A day before 2017 has no known maximum; from 2017-01-01 on, the five count."""
    for _ in range(5):
        OrganisationFactory(licensed_from=date(2016, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**fields(licensed_from=date(2016, 6, 1)))
    assert "01/01/2017" in caught.value.error_dict["licensed_from"][0].message


def test_r36_changing_an_organisation_checks_the_limit_too(five_licensed):
    sixth = services.create_organisation(**fields())
    with pytest.raises(ValidationError):
        services.change_organisation(sixth, licensed_from=date(2022, 1, 1))
    sixth.refresh_from_db()
    assert sixth.licensed_from is None


def test_change_organisation_records_what_changed_and_nothing_when_nothing_did():
    organisation = services.create_organisation(**fields())
    services.change_organisation(organisation, name="Nieuwe naam vzw", actor=None)
    services.change_organisation(organisation, name="Nieuwe naam vzw")
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE)
    assert [event.details["changed"] for event in events] == [
        {"name": ["Bijstand Test vzw", "Nieuwe naam vzw"]}
    ]


# --- staff ------------------------------------------------------------------------------------


def test_add_member_is_idempotent_and_reactivates():
    organisation = OrganisationFactory()
    user = UserFactory()
    actor = UserFactory(username="beheerder")
    member = services.add_member(organisation, user, actor=actor)
    again = services.add_member(organisation, user, actor=actor)
    assert again.pk == member.pk and again.active
    assert services.remove_member(organisation, user, actor=actor) is True
    assert services.remove_member(organisation, user, actor=actor) is False
    assert OrganisationMember.objects.get().active is False
    services.add_member(organisation, user, actor=actor)
    assert OrganisationMember.objects.get().active is True
    events = AuditEvent.objects.filter(object_type="assistance.OrganisationMember")
    assert events.count() == 3
    assert set(events.values_list("actor", flat=True)) == {actor.pk}


def test_add_member_refuses_an_inactive_organisation_or_user():
    with pytest.raises(ValidationError) as caught:
        services.add_member(OrganisationFactory(inactive=True), UserFactory())
    assert codes(caught.value, "organisation") == [ErrorCode.ORGANISATION_INACTIVE]
    with pytest.raises(ValidationError) as caught:
        services.add_member(OrganisationFactory(), UserFactory(is_active=False))
    assert codes(caught.value, "user") == [ErrorCode.MEMBER_USER_INACTIVE]
    assert OrganisationMember.objects.count() == 0
