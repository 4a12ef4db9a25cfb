from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory, national_number_for

ACCOUNT = dossiers.AccountInput("BE68 5390 0754 7034", "Peeters Lotte", "REPRESENTATIVE")


@pytest.fixture
def family(db):
    """A minor with two parents who hold a PAB allocated in 2023 (not yet started)."""
    child = PersonFactory(first_name="Noor", last_name="Peeters", birth_date=date(2015, 3, 14))
    mother = RelationFactory(person=child, kind="PARENT").relative
    father = RelationFactory(person=child, kind="PARENT").relative
    budget = dossiers.allocate_budget(
        person=child,
        kind="PAB",
        category="II",
        band=2,
        allocated_on=date(2023, 2, 10),
        letter_received_on=date(2023, 2, 14),
        holders=[dossiers.HolderInput(mother, "PARENT"), dossiers.HolderInput(father, "PARENT")],
        account=ACCOUNT,
    )
    return {"child": child, "mother": mother, "father": father, "budget": budget}


def employment(**overrides):
    """A complete PAB employment contract with an outside assistant (R18)."""
    data = {
        "type_code": "PAB_EMPLOYMENT",
        "payment_mode": "CASH",
        "counterparty_kind": "PERSON",
        "counterparty_name": "Jana Wouters",
        "counterparty_national_number": national_number_for(date(1990, 4, 2), 17),
        "minor_name": "Noor Peeters",
        "start_date": date(2023, 3, 1),
        "end_date": date(2023, 12, 31),
        "notice_terms": "Wettelijke opzegtermijnen",
        "task_description": "Hulp bij wassen, aankleden en de weg naar school",
        "weekly_hours": Decimal("12.00"),
        "hourly_cost": Decimal("14.50"),
        "payment_terms": "Maandelijks loon via het sociaal secretariaat",
        "holder_signed_on": date(2023, 2, 20),
        "counterparty_signed_on": date(2023, 2, 20),
        "holder_enterprise_number": "0403170701",
    }
    data.update(overrides)
    return data
