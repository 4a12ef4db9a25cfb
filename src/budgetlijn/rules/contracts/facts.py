"""The plain data the contract rules read (``ContractFacts``, ``PartyFacts``) and the small
questions every contract rule asks of them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from budgetlijn.rules import contract_types as ct

PVB, PAB, CONVENANT = ct.PVB, ct.PAB, ct.CONVENANT
PERSON, ENTERPRISE = ct.PERSON, ct.ENTERPRISE
MINORS_BUDGETS = frozenset({PAB, CONVENANT})


@dataclass(frozen=True)
class PartyFacts:
    """The other party of a contract: a person (assistant) or an enterprise."""

    kind: str  # "PERSON" or "ENTERPRISE"
    name: str
    national_number: str | None = None  # national register number or BIS number of a person
    enterprise_number: str | None = None  # Belgian enterprise number (KBO)
    person_id: int | None = None  # when the party is a person known in the dossier
    birth_date: date | None = None
    lives_abroad: bool = False  # an assistant living abroad needs a BIS number (R20)
    provider_kind: str = "NONE"  # a code of contract_types.provider_kinds()


@dataclass(frozen=True, kw_only=True)
class ContractFacts:
    """What a contract says, and the dossier facts its rules need. Keyword arguments only."""

    type_code: str
    budget_kind: str  # PVB / PAB / CONVENANT
    payment_mode: str = "CASH"  # CASH / VOUCHER
    person_id: int  # the person with a disability
    person_name: str = ""
    holder_ids: frozenset[int]  # managing budget holders
    non_managing_holder_ids: frozenset[int] = frozenset()  # e.g. the parent who is assistant
    parent_ids: frozenset[int] = frozenset()
    guardian_ids: frozenset[int] = frozenset()
    counterparty: PartyFacts
    registered_by_id: int | None = None  # the holder who signs and registers, if a person
    counterparty_family_second_degree: bool = False
    counterparty_same_household: bool = False
    minor_name: str = ""  # required when a parent contracts for a minor (R18)
    start_date: date | None = None
    end_date: date | None = None
    indefinite_duration: bool = False  # instead of an end date (open-ended contract)
    notice_terms: str = ""
    task_description: str = ""
    weekly_hours: Decimal | None = None
    hourly_cost: Decimal | None = None
    payment_terms: str = ""
    holder_signed_on: date | None = None
    counterparty_signed_on: date | None = None
    holder_enterprise_number: str | None = None  # the holder as employer (seed 003 §3.3.1)
    student_minor: bool = False
    parents_consent_on: date | None = None
    wijk_werk_registered_on: date | None = None  # the inschrijvingsdocument, valid 1 year
    provider_declaration_on: date | None = None  # seed 003 §3.3.5
    management_statement: bool = False  # R9: when one parent is assistant
    supervising_guardian_signed_on: date | None = None  # R9: a guardian as assistant
    justice_of_peace_consent_on: date | None = None  # R9: a guardian as assistant
    support_function: str | None = None  # R16 (PVB) / R8 (convenant), a support function code
    excluded_use: str | None = None  # R6, a code of contract_types.excluded_uses()
    hotel_costs_included: bool = False  # R23


# Every field of the facts: what a contract type's ``required_fields`` may name lies within.
CONTRACT_FIELDS = frozenset(f.name for f in fields(ContractFacts))


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def assistant_person_id(facts: ContractFacts) -> int | None:
    party = facts.counterparty
    return party.person_id if party.kind == PERSON else None


def is_parent_assistant(facts: ContractFacts) -> bool:
    """The other party is a parent of the person (so a parent is the assistant)."""
    person = assistant_person_id(facts)
    return person is not None and person in facts.parent_ids


def is_family_member(facts: ContractFacts) -> bool:
    """The one who does the work is family to the 2nd degree, in the household, or a parent."""
    return (
        facts.counterparty_family_second_degree
        or facts.counterparty_same_household
        or is_parent_assistant(facts)
    )


def lookup_type(code: str) -> ct.ContractType | None:
    try:
        return ct.contract_type(code)
    except ct.UnknownContractType:
        return None
