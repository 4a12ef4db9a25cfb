"""Short-term support used (R21): days, nights and sessions under an approved contract."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract, ShortTermUsage
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.rules import short_term
from budgetlijn.rules.money import to_decimal
from budgetlijn.rules.violations import RuleViolations

# --- R21 short-term support -------------------------------------------------------------


@transaction.atomic
def record_short_term_usage(
    contract: Contract, *, on: date, counter: str, quantity: Decimal, by: Any = None
) -> ShortTermUsage:
    """Record days, nights or sessions of short-term support; the caps of R21 count per
    calendar year across all the holder's contracts, with the cap in force on the day."""
    budget = lock_budget(contract.budget)
    contract = Contract.objects.get(pk=contract.pk)
    violations = short_term.check_usage(
        approved=contract.status == ContractStatus.APPROVED,
        type_code=contract.type_code,
        on=on,
        start=contract.start_date,
        end=contract.end_date,
        quantity=quantity,
    )
    if violations:
        raise RuleViolations(violations)
    existing = [
        short_term.Usage(on=u.on, counter=u.counter, quantity=u.quantity)
        for u in ShortTermUsage.objects.filter(budget=budget, on__year=on.year)
    ]
    new = short_term.Usage(on=on, counter=counter, quantity=to_decimal(quantity))
    violations = short_term.check_short_term(
        existing, new, contract.provider_kind, contract.type_code
    )
    if violations:
        raise RuleViolations(violations)
    usage = ShortTermUsage.objects.create(
        budget=budget,
        contract=contract,
        on=on,
        counter=counter,
        quantity=new.quantity,
        recorded_by=user_or_none(by),
    )
    record(
        action=AuditEvent.Action.CREATE,
        obj=usage,
        summary=f"Kortdurende ondersteuning: {usage}",
        actor=by,
        person_id=budget.person_id,
    )
    return usage
