"""Bad input is refused with a Dutch message naming the field, and nothing is saved."""

from datetime import date

import pytest

from budgetlijn.dossiers import services
from budgetlijn.dossiers.models import Budget, BudgetAccount, Person
from budgetlijn.dossiers.tests.factories import PersonFactory, national_number_for
from budgetlijn.rules import accounts, identity
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db


def person_fields(**overrides):
    fields = {
        "first_name": "Lotte",
        "last_name": "Peeters",
        "national_number": "85.07.30-033.28",
        "province": "ANT",
        "municipality": "Mechelen",
    }
    fields.update(overrides)
    return fields


def test_r18_national_number_is_parsed_and_birth_date_read_from_it():
    person = services.register_person(**person_fields())
    assert person.national_number == "85073003328"
    assert person.birth_date == date(1985, 7, 30)
    assert person.masked_national_number == "85.07.30-xxx.xx"


def test_r18_national_number_born_after_2000_uses_stdnum_century():
    number = national_number_for(date(2012, 5, 17), 42)
    parsed = identity.parse_national_number(number)
    assert parsed.birth_date == date(2012, 5, 17)
    assert parsed.kind == "NN"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("85073003329", "national_number_invalid"),
        ("8507300332", "national_number_length"),
        ("", "national_number_missing"),
        ("85133003328", "national_number_invalid"),
    ],
)
def test_r18_invalid_national_number_is_refused_in_dutch(number, code):
    violations = identity.check_national_number(number)
    assert [v.code for v in violations] == [code]
    assert violations[0].field == "national_number"
    with pytest.raises(RuleViolations) as refused:
        services.register_person(**person_fields(national_number=number))
    messages = refused.value.by_field()["national_number"]
    assert any("rijksregisternummer" in m.lower() for m in messages)
    assert Person.objects.count() == 0


def test_r18_birth_date_must_agree_with_national_number():
    with pytest.raises(RuleViolations) as refused:
        services.register_person(**person_fields(birth_date=date(1985, 7, 31)))
    assert "past niet bij het rijksregisternummer" in refused.value.by_field()["birth_date"][0]
    assert Person.objects.count() == 0


def test_r18_bis_number_is_accepted_for_foreigners():
    # A BIS number has its month raised by 20 or 40; python-stdnum validates it.
    from stdnum.be import bis

    base = "854730033"
    number = next(f"{base}{c:02d}" for c in range(1, 98) if bis.is_valid(f"{base}{c:02d}"))
    parsed = identity.parse_national_number(number)
    assert parsed.kind == "BIS"
    assert parsed.birth_date == date(1985, 7, 30)


def test_r10_iban_is_validated_with_schwifty_and_compacted():
    assert accounts.check_budget_account("BE68 5390 0754 7034", "Lotte Peeters", "HOLDER") == []
    parsed = accounts.parse_iban("be68 5390 0754 7034")
    assert parsed.compact == "BE68539007547034"


@pytest.mark.parametrize(
    ("iban", "holder_name", "holder_kind", "field"),
    [
        ("BE68 5390 0754 7035", "Lotte Peeters", "HOLDER", "iban"),
        ("", "Lotte Peeters", "HOLDER", "iban"),
        ("BE68 5390 0754 7034", " ", "HOLDER", "holder_name"),
        ("BE68 5390 0754 7034", "Buurman", "OTHER", "holder_kind"),
    ],
)
def test_r10_bad_budget_account_refused_with_field_and_nothing_saved(
    iban, holder_name, holder_kind, field
):
    person = PersonFactory(adult=True)
    with pytest.raises(RuleViolations) as refused:
        services.allocate_budget(
            person=person,
            kind="PVB",
            scheme="old",
            category="V",
            allocated_on=date(2023, 9, 1),
            letter_received_on=date(2023, 9, 4),
            holders=[services.HolderInput(person, "SELF")],
            account=services.AccountInput(iban, holder_name, holder_kind),
        )
    assert f"account.{field}" in refused.value.by_field()
    assert Budget.objects.count() == 0
    assert BudgetAccount.objects.count() == 0
