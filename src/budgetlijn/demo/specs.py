"""The demo plan's data: plain frozen dataclasses, no logic but a few views.

``plan`` draws persons and budgets, ``contracts`` adds each budget's contracts, ``loader`` puts
them in the database; all three share these types, so neither generator imports the other's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from budgetlijn.contracts.constants import RegisteredByRole
from budgetlijn.demo.organisations import OrganisationSpec
from budgetlijn.dossiers.constants import PaymentMode

# --- what the agency decided -------------------------------------------------------------------

Data = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class ContractSpec:
    """A contract as it is registered (its first version): by the holder, an assistance
    organisation with a mandate, or the agency for a paper form (a convenant's provider)."""

    key: str
    registered_on: date
    data: Data  # the contract fields of contracts.services.INPUT_FIELDS, as (name, value) pairs
    role: str = RegisteredByRole.HOLDER.value
    organisation: str = ""  # the assistance organisation, when it registers with a mandate
    counterparty_person: str | None = None  # key of the plan's person who is the assistant

    @property
    def on(self) -> date:
        return self.registered_on

    def fields(self) -> dict[str, Any]:
        return dict(self.data)


@dataclass(frozen=True)
class DecisionSpec:
    """The agency approves or refuses the latest version of a contract."""

    key: str
    on: date
    approve: bool
    reason: str = ""  # why it was refused, in Dutch (the holder reads it)


@dataclass(frozen=True)
class AmendmentSpec:
    """A change to the latest approved version: a new version, to be decided again."""

    key: str
    on: date
    changes: Data

    def fields(self) -> dict[str, Any]:
        return dict(self.changes)


@dataclass(frozen=True)
class UsageSpec:
    """Short-term support used under a contract (R21)."""

    key: str
    on: date
    counter: str
    quantity: Decimal


@dataclass(frozen=True)
class MfcSpec:
    """A PAB combined with an MFC, reported in writing (R4)."""

    mfc_name: str
    days_per_week: Decimal
    changed_on: date
    reported_on: date


ContractEvent = ContractSpec | DecisionSpec | AmendmentSpec | UsageSpec
# Registered, changed, decided, used: on the same day, in this order.
EVENT_ORDER = {ContractSpec: 0, AmendmentSpec: 1, DecisionSpec: 2, UsageSpec: 3}


def event_key(event: ContractEvent) -> tuple[date, int]:
    return (event.on, EVENT_ORDER[type(event)])


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    key: str
    first_name: str
    last_name: str
    gender: str  # "M" or "F"
    birth_date: date
    national_number: str
    province: str
    municipality: str
    postal_code: str
    date_of_death: date | None = None
    care_allowance_since: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class RelationSpec:
    relative_key: str
    kind: str
    valid_from: date | None = None


@dataclass(frozen=True)
class HolderSpec:
    person_key: str
    role: str
    manages: bool = True


@dataclass(frozen=True)
class StatementSpec:
    managing_key: str
    assistant_key: str
    signed_on: date
    received_on: date


@dataclass(frozen=True)
class AccountSpec:
    iban: str
    holder_name: str
    holder_kind: str


@dataclass(frozen=True)
class BudgetSpec:
    """A budget and everything that happens to it, in the order the loader applies it."""

    key: str
    person: PersonSpec
    kind: str
    category: str
    applied_on: date
    allocated_on: date
    letter_received_on: date
    holders: tuple[HolderSpec, ...]
    relatives: tuple[PersonSpec, ...] = ()
    relations: tuple[RelationSpec, ...] = ()
    statements: tuple[StatementSpec, ...] = ()
    account: AccountSpec | None = None
    scheme: str = ""
    band: int | None = None
    specific_amount: Decimal | None = None
    payment_mode: str = PaymentMode.CASH
    # PVB: the share of the yearly amount the holder estimates to spend in cash (R11, R13).
    cash_share: Decimal | None = None
    extension: tuple[date, date] | None = None  # (requested_on, granted_on), PAB only
    started_on: date | None = None
    # Book the budget years after the start year up to this year (the yearly job's work).
    open_years_until: int | None = None
    stop: tuple[date, str] | None = None  # (stopped_on, reason)
    lapsed_on: date | None = None
    # Contracts (R19), in the order things happened: registered, decided, changed, used. The
    # first approved contract starts the budget from its registration day (``started_on``).
    contract_events: tuple[ContractEvent, ...] = ()
    # Registered and not decided yet: the approval queue (loaded last, oldest first).
    pending_contracts: tuple[ContractSpec | AmendmentSpec, ...] = ()
    mfc_combinations: tuple[MfcSpec, ...] = ()  # R4, PAB only

    def contracts(self) -> list[ContractSpec]:
        """Every contract registered for the budget (decided or waiting), first versions."""
        return [
            event
            for event in (*self.contract_events, *self.pending_contracts)
            if isinstance(event, ContractSpec)
        ]


@dataclass(frozen=True)
class DemoPlan:
    scale: int
    seed: int
    today: date
    budgets: tuple[BudgetSpec, ...] = field(default_factory=tuple)
    organisations: tuple[OrganisationSpec, ...] = field(default_factory=tuple)

    def persons(self) -> list[PersonSpec]:
        """Every person of the plan once, in the order they are registered."""
        seen: dict[str, PersonSpec] = {}
        for budget in self.budgets:
            for person in (budget.person, *budget.relatives):
                seen.setdefault(person.key, person)
        return list(seen.values())

    def national_numbers(self) -> list[str]:
        return [person.national_number for person in self.persons()]

    def contracts(self) -> list[ContractSpec]:
        return [contract for budget in self.budgets for contract in budget.contracts()]

    def assistant_numbers(self) -> list[str]:
        """National numbers of the assistants who are not persons of the dossiers."""
        return [
            number
            for contract in self.contracts()
            if contract.counterparty_person is None
            and (number := contract.fields().get("counterparty_national_number"))
        ]

    def enterprise_numbers(self) -> list[str]:
        """Enterprise numbers of the organisations and of PAB holders as employers."""
        numbers = [organisation.enterprise_number for organisation in self.organisations]
        employers = {
            contract.fields().get("holder_enterprise_number") for contract in self.contracts()
        }
        return numbers + sorted(number for number in employers if number)

    def ibans(self) -> list[str]:
        return [budget.account.iban for budget in self.budgets if budget.account]

    def of_kind(self, kind: str) -> list[BudgetSpec]:
        return [budget for budget in self.budgets if budget.kind == kind]
