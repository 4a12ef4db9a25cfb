"""Short-term support used (R21): days, nights and sessions under an approved contract."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract, ShortTermUsage
from budgetlijn.contracts.selectors import (
    locked_budget,
)
from budgetlijn.rules import contract_types, short_term
from budgetlijn.rules.violations import RuleViolations, Violation, _

# --- R21 short-term support -------------------------------------------------------------


@transaction.atomic
def record_short_term_usage(
    contract: Contract, *, on: date, counter: str, quantity: Decimal, by: Any = None
) -> ShortTermUsage:
    """Record days, nights or sessions of short-term support; the caps of R21 count per
    calendar year across all the holder's contracts, with the cap in force on the day."""
    budget = locked_budget(contract.budget)
    contract = Contract.objects.get(pk=contract.pk)
    violations: list[Violation] = []
    ctype = contract_types.contract_type(contract.type_code)
    if contract.status != ContractStatus.APPROVED:
        violations.append(
            Violation(
                "R19",
                "contract_not_approved",
                _("Kortdurende ondersteuning telt pas onder een goedgekeurde overeenkomst."),
                "contract",
            )
        )
    if ctype.short_term_counter is None:
        violations.append(
            Violation(
                "R21",
                "not_short_term",
                _("Deze overeenkomst is geen overeenkomst voor kortdurende ondersteuning."),
                "contract",
            )
        )
    if on < contract.start_date or (contract.end_date and on > contract.end_date):
        violations.append(
            Violation(
                "R21",
                "outside_contract",
                _("De datum valt buiten de looptijd van de overeenkomst. Controleer de datum."),
                "on",
            )
        )
    if violations:
        raise RuleViolations(violations)
    existing = [
        short_term.Usage(on=u.on, counter=u.counter, quantity=u.quantity)
        for u in ShortTermUsage.objects.filter(budget=budget, on__year=on.year)
    ]
    new = short_term.Usage(on=on, counter=counter, quantity=Decimal(quantity))
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
        quantity=quantity,
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
