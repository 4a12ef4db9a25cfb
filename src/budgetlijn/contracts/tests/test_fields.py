"""One list of a contract's fields (constants.FACT_FIELDS): the services' input, the rules'
facts and the form fields all come from it."""

from dataclasses import fields
from datetime import date

import pytest

from budgetlijn.contracts import services
from budgetlijn.contracts.admin import FACTS_TO_FORM, ContractRegistrationForm
from budgetlijn.contracts.constants import FACT_FIELDS, INPUT_FIELDS
from budgetlijn.contracts.models import Contract
from budgetlijn.contracts.tests.factories import employment
from budgetlijn.rules.contracts import ContractFacts, PartyFacts

# What the dossier says, not the contract.
DOSSIER_FACTS = {
    "budget_kind",
    "person_id",
    "person_name",
    "holder_ids",
    "non_managing_holder_ids",
    "parent_ids",
    "guardian_ids",
    "management_statement",
    "counterparty",
}


def test_every_fact_of_a_contract_comes_from_one_field_of_the_contract():
    own = {f.name for f in fields(ContractFacts)} - DOSSIER_FACTS
    party = {f"counterparty.{f.name}" for f in fields(PartyFacts)} - {"counterparty.birth_date"}
    assert sorted(FACT_FIELDS.values()) == sorted(own | party)
    for name in INPUT_FIELDS:
        Contract._meta.get_field(name)  # raises for a name the model does not have
    assert INPUT_FIELDS == services.INPUT_FIELDS
    assert FACTS_TO_FORM["registered_by_id"] == "holder_signatory"
    assert set(ContractRegistrationForm.Meta.fields) == {"budget", *INPUT_FIELDS}


@pytest.mark.django_db
def test_the_facts_read_the_contract_and_blank_texts_become_none(family):
    contract = Contract(
        budget=family["budget"],
        registered_on=date(2023, 2, 21),
        **employment(holder_signatory=family["mother"], holder_enterprise_number=""),
    )
    facts = services.contract_facts(contract)
    assert facts.registered_by_id == family["mother"].pk
    assert facts.holder_enterprise_number is None
    assert facts.support_function is None and facts.excluded_use is None
    assert facts.counterparty.enterprise_number is None
    assert facts.counterparty.national_number == contract.counterparty_national_number
    assert facts.counterparty.kind == "PERSON" and facts.minor_name == "Noor Peeters"
    assert facts.holder_ids == {family["mother"].pk, family["father"].pk}
