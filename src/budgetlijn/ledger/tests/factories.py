"""Factories for ledger tests: a person, a budget, a user, entries booked through the services."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from stdnum.be import nn

from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.ledger import services
from budgetlijn.ledger.constants import EntryKind


def national_number(birth_date: date, serial: int) -> str:
    """A valid Belgian national number (born before 2000); the check digits come from stdnum."""
    base = f"{birth_date:%y%m%d}{serial:03d}"
    return next(f"{base}{check:02d}" for check in range(100) if nn.is_valid(f"{base}{check:02d}"))


def _birth_date(n: int) -> date:
    return date(1985, 7, 30) - timedelta(days=n // 997)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Peeters{n}")
    birth_date = factory.Sequence(_birth_date)
    national_number = factory.Sequence(lambda n: national_number(_birth_date(n), n % 997 + 1))
    province = "ANT"
    municipality = "Antwerpen"


class BudgetFactory(factory.django.DjangoModelFactory):
    """A started PVB (created with objects.create: no full_clean)."""

    class Meta:
        model = Budget

    person = factory.SubFactory(PersonFactory)
    kind = "PVB"
    scheme = "old"
    category = "V"
    status = "STARTED"
    allocated_on = date(2023, 1, 10)
    letter_received_on = date(2023, 1, 14)

    class Params:
        pab = factory.Trait(kind="PAB", scheme="", category="III", band=2)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@vaph.example")


def allocate(budget, year=2024, amount="12000.00", **kwargs):
    """Book the year's allocation through the service."""
    kwargs.setdefault("reason", "Toekenningsbrief")
    return services.book(
        budget=budget, year=year, kind=EntryKind.ALLOCATION, amount=Decimal(amount), **kwargs
    )


def funded_budget(year=2024, amount="12000.00", **kwargs) -> Budget:
    """A budget with its allocation for ``year`` booked."""
    budget = BudgetFactory(**kwargs)
    allocate(budget, year=year, amount=amount)
    return budget
