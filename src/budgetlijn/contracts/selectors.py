"""Read queries the contracts app's services, admin and commands share: the facts the contract
rules read, and the rules as they stand."""

from dataclasses import MISSING, fields
from datetime import date
from functools import cache
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Replace
from django.utils import timezone

from budgetlijn.contracts.constants import FACT_FIELDS, ContractStatus
from budgetlijn.contracts.models import Contract, MfcCombination
from budgetlijn.dossiers.constants import RelationKind
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import contracts as contract_rules
from budgetlijn.rules import identity
from budgetlijn.rules.violations import Violation


def _counterparty_person_id(contract: Contract) -> int | None:
    if contract.counterparty_person_id:
        return contract.counterparty_person_id
    if hasattr(contract, "counterparty_person_match"):  # looked up by approval_queue()
        return contract.counterparty_person_match
    number = identity.strip_punctuation(contract.counterparty_national_number)
    if not number:
        return None
    return Person.objects.filter(national_number=number).values_list("pk", flat=True).first()


PARTY = "counterparty."


def _contract_values(contract: Contract) -> tuple[dict[str, Any], dict[str, Any]]:
    """The contract's own fields as the facts name them (``FACT_FIELDS``): the contract's and
    the other party's. An empty text is None where the facts have None for 'not given'."""
    own: dict[str, Any] = {}
    party: dict[str, Any] = {}
    for model_name, fact_name in FACT_FIELDS.items():
        value = getattr(contract, Contract._meta.get_field(model_name).attname)
        target, name = (
            (party, fact_name[len(PARTY) :]) if fact_name.startswith(PARTY) else (own, fact_name)
        )
        if value == "" and _defaults(target is party).get(name, "") is None:
            value = None
        target[name] = value
    national_number = identity.strip_punctuation(contract.counterparty_national_number)
    party["national_number"] = national_number or None
    party["person_id"] = _counterparty_person_id(contract)
    return own, party


@cache
def _defaults(party: bool) -> dict[str, Any]:
    cls = contract_rules.PartyFacts if party else contract_rules.ContractFacts
    return {f.name: f.default for f in fields(cls) if f.default is not MISSING}


def contract_facts(contract: Contract) -> contract_rules.ContractFacts:
    """The plain data the contract rules need: the contract's fields (``FACT_FIELDS``) and
    what the dossier says about the budget's holders, parents and guardians."""
    budget = contract.budget
    # .all(): reads what with_rule_facts() prefetched (the approval queue), else one query.
    holders = [(h.person_id, h.manages) for h in budget.holders.all()]
    relations = [(r.relative_id, r.kind) for r in budget.person.relations.all()]
    parents = {
        rid
        for rid, kind in relations
        if kind in (RelationKind.PARENT, RelationKind.ADOPTIVE_PARENT)
    }
    guardians = {rid for rid, kind in relations if kind == RelationKind.GUARDIAN}
    own, party = _contract_values(contract)
    return contract_rules.ContractFacts(
        **own,
        counterparty=contract_rules.PartyFacts(**party),
        budget_kind=budget.kind,
        person_id=budget.person_id,
        person_name=budget.person.full_name,
        holder_ids=frozenset(pid for pid, manages in holders if manages),
        non_managing_holder_ids=frozenset(pid for pid, manages in holders if not manages),
        parent_ids=frozenset(parents),
        guardian_ids=frozenset(guardians),
        management_statement=budget.management_statements.exists(),
    )


def current_violations(contract: Contract, on: date | None = None) -> list[Violation]:
    """The rules as they stand on ``on`` (for the approval queue)."""
    return contract_rules.check_registration(contract_facts(contract), on or timezone.localdate())


def budget_open_violations(budget: Budget) -> list[Violation]:
    """R19: a budget that ended takes no more contracts."""
    return contract_rules.check_budget_open(budget.is_final, budget.get_status_display())


def registration_violations(contract: Contract, on: date) -> list[Violation]:
    """Every rule a new contract must meet on ``on`` (budget still open + the contract rules)."""
    return budget_open_violations(contract.budget) + contract_rules.check_registration(
        contract_facts(contract), on
    )


def mfc_key(combination: MfcCombination, year: int, booked: int = 0) -> str:
    """The idempotency key of the next MFC adjustment of ``combination`` in ``year`` after
    ``booked`` earlier ones: ``mfc:{combination}:{year}``, then ``...:2``, ``...:3``."""
    base = f"mfc:{combination.pk}:{year}"
    return base if booked == 0 else f"{base}:{booked + 1}"


def mfc_entries(budget: Budget, combination: MfcCombination, year: int) -> list[Entry]:
    """The adjustments already booked for ``combination`` in ``year`` (R4), oldest first."""
    base = mfc_key(combination, year)
    return list(
        Entry.objects.filter(budget=budget, year=year)
        .filter(Q(idempotency_key=base) | Q(idempotency_key__startswith=f"{base}:"))
        .order_by("id")
    )


def latest_mfc_combination(budget: Budget) -> MfcCombination | None:
    """The combination reported last for ``budget`` (by the day it started or changed)."""
    return MfcCombination.objects.filter(budget=budget).order_by("-changed_on", "-id").first()


# The characters people type in a national register number (rules.identity.strip_punctuation).
_NUMBER_PUNCTUATION = (" ", ".", "-", "/", "\t")


def _compact_number(field: str):
    expression = F(field)
    for char in _NUMBER_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def with_rule_facts(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """``contracts`` with everything the contract rules read fetched up front, so checking a
    page of them costs a fixed number of queries whatever its length: the budget and person
    (joined), the holders, the person's relations and the management statements (one query
    each), and the counterparty's person found by national register number (a subquery,
    ``counterparty_person_match``, read by ``contract_facts``)."""
    return (
        contracts.select_related("budget", "budget__person")
        .prefetch_related(
            "budget__holders", "budget__person__relations", "budget__management_statements"
        )
        .annotate(
            counterparty_compact_number=_compact_number("counterparty_national_number"),
            counterparty_person_match=Subquery(
                Person.objects.filter(
                    national_number=OuterRef("counterparty_compact_number")
                ).values("pk")[:1]
            ),
        )
    )


def approval_queue(contracts: QuerySet[Contract] | None = None) -> QuerySet[Contract]:
    """The contracts waiting for the agency's decision, oldest first, ready to be checked
    against the rules (``current_violations``) without a query per contract."""
    contracts = Contract.objects.all() if contracts is None else contracts
    return with_rule_facts(
        contracts.filter(status=ContractStatus.REGISTERED).order_by(F("registered_at").asc(), "id")
    )
