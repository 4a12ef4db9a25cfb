"""Changing a registered contract (R9, R19)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from budgetlijn.rules.contracts import ContractFacts, PartyFacts, check_amendment

MOTHER, FATHER = 10, 11


def parent_assistant_contract(**changes):
    """The father is assistant under a contract that runs on by the exception of 003 §2.3.1."""
    facts = ContractFacts(
        type_code="PAB_FAMILY_EMPLOYMENT",
        budget_kind="PAB",
        person_id=1,
        person_name="Lotte Peeters",
        holder_ids=frozenset({MOTHER}),
        non_managing_holder_ids=frozenset({FATHER}),
        parent_ids=frozenset({MOTHER, FATHER}),
        counterparty=PartyFacts(
            "PERSON", "Piet Peeters", national_number="80021400112", person_id=FATHER
        ),
        registered_by_id=MOTHER,
        counterparty_family_second_degree=True,
        minor_name="Lotte Peeters",
        start_date=date(2015, 1, 1),
        indefinite_duration=True,
        notice_terms="Wettelijke opzegtermijnen",
        task_description="Verzorging",
        weekly_hours=Decimal("19"),
        hourly_cost=Decimal("14.50"),
        payment_terms="Maandelijks",
        holder_signed_on=date(2014, 12, 20),
        counterparty_signed_on=date(2014, 12, 20),
        holder_enterprise_number="0403170701",
        management_statement=True,
    )
    return replace(facts, **changes)


def codes(previous, new, running=True):
    return [(v.code, v.field) for v in check_amendment(previous, new, running)]


def test_r9_a_running_parent_assistant_contract_can_be_ended():
    previous = parent_assistant_contract()
    ended = replace(previous, indefinite_duration=False, end_date=date(2024, 6, 30))
    assert check_amendment(previous, ended, True) == []
    earlier = replace(ended, end_date=date(2024, 3, 31))
    assert check_amendment(ended, earlier, True) == []
    assert check_amendment(ended, ended, True) == []  # nothing changed


def test_r9_a_running_parent_assistant_contract_cannot_be_extended():
    ended = parent_assistant_contract(indefinite_duration=False, end_date=date(2024, 6, 30))
    later = replace(ended, end_date=date(2024, 12, 31))
    violations = check_amendment(ended, later, True)
    assert [(v.rule_id, v.code) for v in violations] == [
        ("R9", "parent_assistant_contract_only_end_earlier")
    ]
    assert "30/06/2024" in violations[0].text()
    reopened = replace(ended, end_date=None, indefinite_duration=True)
    assert codes(ended, reopened) == [("parent_assistant_contract_only_end_earlier", "end_date")]
    no_end = replace(ended, end_date=None)
    assert codes(ended, no_end) == [("parent_assistant_contract_only_end_earlier", "end_date")]


def test_r9_a_running_parent_assistant_contract_cannot_be_changed_otherwise():
    previous = parent_assistant_contract()
    changed = replace(
        previous,
        weekly_hours=Decimal("25"),
        hourly_cost=Decimal("15.00"),
        counterparty=replace(previous.counterparty, name="Pieter Peeters"),
    )
    assert codes(previous, changed) == [
        ("parent_assistant_contract_frozen", "weekly_hours"),
        ("parent_assistant_contract_frozen", "hourly_cost"),
        ("parent_assistant_contract_frozen", "counterparty.name"),
    ]


def test_r9_dossier_facts_may_change_around_a_frozen_contract():
    previous = parent_assistant_contract()
    new = replace(
        previous,
        registered_by_id=None,
        person_name="Lotte Peeters-Maes",
        holder_ids=frozenset({MOTHER}),
        guardian_ids=frozenset({99}),
    )
    assert check_amendment(previous, new, True) == []


def test_r9_other_contracts_can_be_changed():
    previous = parent_assistant_contract()
    changed = replace(previous, weekly_hours=Decimal("25"), end_date=None)
    assert check_amendment(previous, changed, False) == []


def test_r19_an_amendment_cannot_change_the_type_the_person_or_the_other_party():
    previous = parent_assistant_contract()
    new = replace(
        previous,
        type_code="PAB_FAMILY_TASK_AGREEMENT",
        person_id=2,
        counterparty=replace(previous.counterparty, national_number="85073003328"),
    )
    assert codes(previous, new, running=False) == [
        ("amendment_changes_contract", "type_code"),
        ("amendment_changes_contract", "person_id"),
        ("amendment_changes_contract", "counterparty.national_number"),
    ]
    written_differently = replace(
        previous, counterparty=replace(previous.counterparty, national_number="80.02.14-001.12")
    )
    assert check_amendment(previous, written_differently, False) == []
