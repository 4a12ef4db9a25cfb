"""``check_registration``: every rule a contract must meet when it is registered."""

from __future__ import annotations

from datetime import date

from budgetlijn.rules.contracts.content import check_content
from budgetlijn.rules.contracts.facts import ContractFacts, lookup_type
from budgetlijn.rules.contracts.family import check_type_rules
from budgetlijn.rules.contracts.identities import check_identities
from budgetlijn.rules.contracts.kinds import check_kinds
from budgetlijn.rules.contracts.parties import check_parties, check_signatory
from budgetlijn.rules.contracts.use import check_use
from budgetlijn.rules.contracts.wage import check_minimum_wage
from budgetlijn.rules.violations import Violation


def check_registration(facts: ContractFacts, on: date) -> list[Violation]:
    """Every violation of a contract registered on day ``on``, all at once (empty: in order)."""
    t = lookup_type(facts.type_code)
    return [
        *check_kinds(facts, t),
        *check_content(facts, t, on),
        *check_identities(facts),
        *check_parties(facts, on),
        *check_signatory(facts),
        *check_type_rules(facts, t, on),
        *check_minimum_wage(facts, t, on),
        *check_use(facts, t, on),
    ]
