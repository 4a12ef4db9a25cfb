from datetime import date

import pytest

from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory

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
