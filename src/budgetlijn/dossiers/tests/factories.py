"""Factories for dossiers, with state traits (allocated, started, minor, adult)."""

from datetime import date
from itertools import count

import factory
from stdnum.be import nn

from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, Province
from budgetlijn.dossiers.models import Budget, BudgetHolder, Person, Relation

_sequence = count(1)


def national_number_for(birth: date, sequence: int | None = None) -> str:
    """A valid national register number for ``birth``; python-stdnum decides the check."""
    seq = sequence if sequence is not None else next(_sequence) % 997 + 1
    base = f"{birth:%y%m%d}{seq:03d}"
    for check in range(1, 98):
        candidate = f"{base}{check:02d}"
        if nn.is_valid(candidate) and nn.get_birth_date(candidate) == birth:
            return candidate
    raise ValueError(f"no valid number for {birth} / {seq}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Iterator(["Lotte", "Wout", "Jana", "Arne", "Noor", "Jef"])
    last_name = factory.Iterator(["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Claes"])
    birth_date = date(1985, 7, 30)
    national_number = factory.LazyAttribute(lambda o: national_number_for(o.birth_date))
    province = Province.ANTWERPEN
    municipality = "Mechelen"
    postal_code = "2800"

    class Params:
        minor = factory.Trait(birth_date=date(2015, 3, 14))
        adult = factory.Trait(birth_date=date(1985, 7, 30))
        parent_age = factory.Trait(birth_date=date(1982, 1, 9))


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    person = factory.SubFactory(PersonFactory)
    kind = BudgetKind.PVB
    scheme = "old"
    category = "V"
    band = None
    allocated_on = date(2023, 9, 1)
    letter_received_on = date(2023, 9, 4)
    status = BudgetStatus.ALLOCATED

    class Params:
        pab = factory.Trait(
            kind=BudgetKind.PAB,
            scheme="",
            category="II",
            band=2,
            person=factory.SubFactory(PersonFactory, minor=True),
        )


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    person = factory.SubFactory(PersonFactory, minor=True)
    relative = factory.SubFactory(PersonFactory, parent_age=True)
    kind = "PARENT"


class BudgetHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetHolder

    budget = factory.SubFactory(BudgetFactory)
    person = factory.SelfAttribute("budget.person")
    role = "SELF"
