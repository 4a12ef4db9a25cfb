"""A contract's life: register, approve or refuse, amend (a new version), end (R19, R9).

One function per use case, one transaction, one audit event. Every refusal raises
RuleViolations listing every violation at once, with nothing saved."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.constants import INPUT_FIELDS, ContractStatus, RegisteredByRole
from budgetlijn.contracts.models import Contract
from budgetlijn.contracts.selectors import (
    budget_open_violations,
    contract_facts,
    current_violations,
    registration_violations,
)
from budgetlijn.contracts.signals import contract_decided
from budgetlijn.dossiers import services as dossier_services
from budgetlijn.dossiers.constants import NOT_STARTED_STATES
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.rules import contracts as contract_rules
from budgetlijn.rules.violations import RuleViolations, Violation


def _check_input(data: dict[str, Any]) -> None:
    """A programming error, not a user's: only the holder's fields may be passed."""
    unknown = sorted(set(data) - set(INPUT_FIELDS))
    if unknown:
        raise TypeError(f"unknown contract fields: {unknown}")


@transaction.atomic
def register_contract(
    *,
    budget: Budget,
    data: dict[str, Any],
    by: Any = None,
    role: str = RegisteredByRole.HOLDER,
    organisation: str = "",
    on: date | None = None,
) -> Contract:
    """R19: register a contract; costs count only once the agency approves it."""
    _check_input(data)
    budget = lock_budget(budget)
    on = on or timezone.localdate()
    contract = Contract(
        budget=budget,
        registered_on=on,
        registered_by=user_or_none(by),
        registered_by_role=role,
        registered_by_organisation=organisation,
        **data,
    )
    violations = dossier_services.full_clean(contract, exclude=["budget", "registered_by"])
    if not any(v.field in ("start_date", "type_code") for v in violations):
        violations += registration_violations(contract, on)
    violations = _unique(violations)
    if violations:
        raise RuleViolations(violations)
    contract.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=contract,
        summary=f"Overeenkomst geregistreerd: {contract}",
        actor=by,
        person_id=budget.person_id,
        details={"role": role, "organisation": organisation},
    )
    return contract


def _unique(violations: list[Violation]) -> list[Violation]:
    seen, result = set(), []
    for violation in violations:
        key = (violation.field, violation.text())
        if key not in seen:
            seen.add(key)
            result.append(violation)
    return result


def _pending(contract: Contract) -> list[Violation]:
    return contract_rules.check_pending(
        contract.status == ContractStatus.REGISTERED, contract.get_status_display()
    )


@transaction.atomic
def approve_contract(contract: Contract, *, by: Any = None, on: date | None = None) -> Contract:
    """Approve a registered contract. The first approved contract starts the budget (R1/R2)
    from the day it was registered, which books the budget year and the refundable advance
    (R13); a new version replaces the approved one before it."""
    on = on or timezone.localdate()
    budget = lock_budget(contract.budget, person=True)  # may start the budget
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = _pending(contract) + budget_open_violations(budget)
    if not violations and not _is_running_parent_assistant_version(contract):
        # The rules as they stood when the holder registered: the agency's time to decide
        # must not cost the holder (e.g. a wijk-werk document that expired meanwhile).
        violations += current_violations(contract, contract.registered_on)
    if violations:
        raise RuleViolations(violations)
    if contract.previous_id:
        previous = Contract.objects.select_for_update().get(pk=contract.previous_id)
        previous.status = ContractStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    contract.status = ContractStatus.APPROVED
    contract.decided_on = on
    contract.decided_by = user_or_none(by)
    contract.save(update_fields=["status", "decided_on", "decided_by"])
    record(
        action=AuditEvent.Action.TRANSITION,
        obj=contract,
        summary=f"Overeenkomst goedgekeurd: {contract}",
        actor=by,
        person_id=budget.person_id,
    )
    if budget.status in NOT_STARTED_STATES:
        start_on = max(contract.registered_on, budget.allocated_on)
        dossier_services.start_budget(
            budget, on=start_on, by=by, note=f"eerste goedgekeurde overeenkomst ({contract.pk})"
        )
    contract_decided.send(sender=Contract, contract=contract, by=by)
    return contract


@transaction.atomic
def refuse_contract(
    contract: Contract, *, reason: str, by: Any = None, on: date | None = None
) -> Contract:
    on = on or timezone.localdate()
    lock_budget(contract.budget)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = _pending(contract) + contract_rules.check_refusal_reason(reason)
    if violations:
        raise RuleViolations(violations)
    contract.status = ContractStatus.REFUSED
    contract.refusal_reason = reason.strip()
    contract.decided_on = on
    contract.decided_by = user_or_none(by)
    contract.save(update_fields=["status", "refusal_reason", "decided_on", "decided_by"])
    record(
        action=AuditEvent.Action.TRANSITION,
        obj=contract,
        summary=f"Overeenkomst geweigerd: {contract}",
        actor=by,
        person_id=contract.budget.person_id,
        details={"reason": contract.refusal_reason},
    )
    contract_decided.send(sender=Contract, contract=contract, by=by)
    return contract


def is_frozen_parent_contract(facts: contract_rules.ContractFacts) -> bool:
    """R9's only exception (seed 003 §2.3.1, 'In geval van 1 ouder'): a running contract with
    a parent as assistant who is also the managing budget holder may continue but can no longer
    be changed, only ended. With a management statement the assisting parent does not manage,
    and the contract changes like any other."""
    assistant = facts.counterparty.person_id
    return contract_rules.is_parent_assistant(facts) and assistant in facts.holder_ids


def _is_running_parent_assistant_version(contract: Contract) -> bool:
    """A new version of a frozen parent-assistant contract (R9 exception)."""
    if not contract.previous_id:
        return False
    return is_frozen_parent_contract(contract_facts(contract.previous))


@transaction.atomic
def amend_contract(
    contract: Contract,
    *,
    changes: dict[str, Any],
    by: Any = None,
    role: str = RegisteredByRole.HOLDER,
    organisation: str = "",
    on: date | None = None,
) -> Contract:
    """A change to an approved contract is a new version, to be approved again (R19).
    A running contract with a parent as assistant can only end (R9)."""
    _check_input(changes)
    on = on or timezone.localdate()
    budget = lock_budget(contract.budget)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = budget_open_violations(budget)
    violations += contract_rules.check_changeable(
        contract.status == ContractStatus.APPROVED
        and not Contract.objects.filter(previous=contract).exists()
    )
    new = Contract(
        budget=budget,
        previous=contract,
        version=contract.version + 1,
        registered_on=on,
        registered_by=user_or_none(by),
        registered_by_role=role,
        registered_by_organisation=organisation,
        **{name: getattr(contract, name) for name in INPUT_FIELDS},
    )
    for name, value in changes.items():
        setattr(new, name, value)
    violations += dossier_services.full_clean(new, exclude=["budget", "registered_by", "previous"])
    if not violations:
        previous_facts = contract_facts(contract)
        new_facts = contract_facts(new)
        if is_frozen_parent_contract(previous_facts):
            violations += contract_rules.check_amendment(previous_facts, new_facts, True)
        else:
            violations += contract_rules.check_amendment(previous_facts, new_facts, False)
            violations += contract_rules.check_registration(new_facts, on)
    violations = _unique(violations)
    if violations:
        raise RuleViolations(violations)
    new.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=new,
        summary=f"Nieuwe versie van overeenkomst geregistreerd: {new}",
        actor=by,
        person_id=budget.person_id,
        details={"changed": sorted(changes)},
    )
    return new


def end_contract(contract: Contract, *, end_date: date, by: Any = None, **kwargs: Any) -> Contract:
    """Ending is a change like any other: a new version with an end date, approved again."""
    return amend_contract(
        contract, changes={"end_date": end_date, "indefinite_duration": False}, by=by, **kwargs
    )
