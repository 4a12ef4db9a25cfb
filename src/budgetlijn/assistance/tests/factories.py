"""Factories for organisations, staff and mandates, with state traits (licensed, inactive,
expired, revoked). Enterprise numbers and IBANs are valid: python-stdnum and schwifty decide
the check digits."""

from datetime import date, timedelta
from itertools import count

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from schwifty import IBAN
from stdnum.be import vat

from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.assistance.models import Mandate, Organisation, OrganisationMember
from budgetlijn.dossiers.tests.factories import PersonFactory

_enterprise = count(4_100_000)
_account = count(1_000_000)


def enterprise_number(base: int | None = None) -> str:
    """A valid enterprise number (compact) starting with "0" and seven digits."""
    prefix = f"0{base if base is not None else next(_enterprise):07d}"
    for check in range(1, 100):
        if vat.is_valid(f"{prefix}{check:02d}"):
            return f"{prefix}{check:02d}"
    raise ValueError(prefix)


def iban(account: int | None = None) -> str:
    code = f"{account if account is not None else next(_account):07d}"
    return IBAN.generate("BE", bank_code="735", account_code=code).compact


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ASSISTANCE_ORGANISATION
    name = factory.Sequence(lambda n: f"Bijstand {n} vzw")
    enterprise_number = factory.LazyFunction(enterprise_number)
    iban = factory.LazyFunction(iban)
    active = True

    class Params:
        licensed = factory.Trait(licensed_from=date(2017, 1, 1), licence_number="BO-001")
        provider = factory.Trait(kind=OrganisationKind.NON_LICENSED_PROVIDER)
        inactive = factory.Trait(active=False)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    """A mandate in force today (it started 30 days ago, runs a year), only to view."""

    class Meta:
        model = Mandate

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=364))

    class Params:
        all_rights = factory.Trait(
            may_register_contracts=True, may_file_costs=True, may_ask_free_share=True
        )
        expired = factory.Trait(starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
