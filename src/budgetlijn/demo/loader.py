"""Puts a demo plan in the database, only through the services (``budgetlijn.dossiers.services``
and ``budgetlijn.contracts.services``).

Every person, relation, budget, contract and step of a budget's life goes through its use case,
so every rule applies, the audit trail and the life cycle are recorded and the ledger is filled.
A budget starts as it does for real: the agency approves its first contract. A refusal by the
rules is a bug in the generator (``plan.py``, ``contracts.py``), never something to work around:
it stops the load with the budget and the rules' messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from django.db.models import Count

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.selectors import first_event
from budgetlijn.audit.services import record
from budgetlijn.contracts import services as contract_services
from budgetlijn.contracts.models import Contract, MfcCombination, ShortTermUsage
from budgetlijn.demo import assistance as demo_assistance
from budgetlijn.demo import costs as demo_costs
from budgetlijn.demo import money as demo_money
from budgetlijn.demo.specs import (
    AmendmentSpec,
    BudgetSpec,
    ContractEvent,
    ContractSpec,
    DecisionSpec,
    DemoPlan,
    PersonSpec,
    UsageSpec,
    event_key,
)
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import NOT_STARTED_STATES, BudgetKind
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.fast_insert import refresh_planner_statistics
from budgetlijn.rules import budget_year
from budgetlijn.rules.money import round_cents
from budgetlijn.rules.violations import RuleViolations

# The audit event that marks a database as holding demo data (object_type of AuditEvent).
MARKER_OBJECT_TYPE = "load_demo"


class DemoPlanRefused(Exception):
    """The rules refused a step of the plan: the generator made a budget they do not allow."""

    def __init__(self, budget: BudgetSpec, step: str, error: RuleViolations):
        self.budget = budget
        self.step = step
        self.violations = error.violations
        messages = "; ".join(str(violation) for violation in error.violations)
        super().__init__(f"{budget.key} ({step}): {messages}")


class DemoPlanMismatch(Exception):
    """The services did something else than the plan says (a bug in the generator)."""


# What the marker audit event is about: the demo data set (no model of its own).
_MARKER = SimpleNamespace(pk=None, _meta=SimpleNamespace(label=MARKER_OBJECT_TYPE))


@dataclass(frozen=True)
class LoadResult:
    persons: int
    budgets: int
    contracts: int = 0
    cost_statements: int = 0
    cost_lines: int = 0
    organisations: int = 0
    mandates: int = 0


def demo_marker() -> AuditEvent | None:
    """The audit event left by an earlier load_demo, if any."""
    return first_event(action=AuditEvent.Action.COMMAND, object_type=MARKER_OBJECT_TYPE)


def load(plan: DemoPlan) -> LoadResult:
    """Register the plan's persons, budgets and contracts; the caller wraps this in one
    transaction."""
    persons: dict[str, Person] = {}
    budgets: dict[str, Budget] = {}
    contracts: dict[str, Contract] = {}  # contract key -> its latest version
    for spec in plan.budgets:
        for person_spec in (spec.person, *spec.relatives):
            if person_spec.key not in persons:
                persons[person_spec.key] = _register(spec, person_spec)
        budgets[spec.key] = _budget(spec, persons, contracts)
    _pending_contracts(plan, budgets, persons, contracts)
    refresh_planner_statistics()  # each stage reads what the one before loaded
    costs = demo_costs.load_costs(plan.seed)
    refresh_planner_statistics()
    assistance = demo_assistance.load_assistance(plan, persons)
    money = demo_money.load_money(plan.seed)
    refresh_planner_statistics()
    registered = len(plan.contracts())
    record(
        action=AuditEvent.Action.COMMAND,
        obj=_MARKER,
        summary=(
            f"Demodata geladen: schaal {plan.scale}, seed {plan.seed}, "
            f"{len(persons)} personen, {len(plan.budgets)} budgetten, "
            f"{registered} overeenkomsten, {costs.statements} kostenstaten, "
            f"{assistance.organisations} organisaties, {assistance.mandates} mandaten"
        ),
        details={
            "scale": plan.scale,
            "seed": plan.seed,
            "today": plan.today.isoformat(),
            "persons": len(persons),
            "budgets": len(plan.budgets),
            "contracts": registered,
            "cost_statements": costs.statements,
            "cost_lines": costs.lines,
            "organisations": assistance.organisations,
            "mandates": assistance.mandates,
            "free_share_requests": money.free_share_requests,
            "voucher_lines": money.voucher_lines,
            "payment_runs": money.runs,
            "returned_transfers": money.returned,
            "sampled_lines": money.sampled_lines,
            "settlements": money.settlements,
        },
    )
    return LoadResult(
        persons=len(persons),
        budgets=len(plan.budgets),
        contracts=registered,
        cost_statements=costs.statements,
        cost_lines=costs.lines,
        organisations=assistance.organisations,
        mandates=assistance.mandates,
    )


def _register(budget: BudgetSpec, spec: PersonSpec) -> Person:
    try:
        return services.register_person(
            first_name=spec.first_name,
            last_name=spec.last_name,
            national_number=spec.national_number,
            birth_date=spec.birth_date,
            date_of_death=spec.date_of_death,
            province=spec.province,
            municipality=spec.municipality,
            postal_code=spec.postal_code,
            care_allowance_since=spec.care_allowance_since,
        )
    except RuleViolations as error:
        raise DemoPlanRefused(budget, f"register_person {spec.key}", error) from error


def _budget(spec: BudgetSpec, persons: dict[str, Person], contracts: dict[str, Contract]) -> Budget:
    person = persons[spec.person.key]
    step = "add_relation"
    try:
        for relation in spec.relations:
            services.add_relation(
                person=person,
                relative=persons[relation.relative_key],
                kind=relation.kind,
                valid_from=relation.valid_from,
            )
        step = "allocate_budget"
        budget = services.allocate_budget(
            person=person,
            kind=spec.kind,
            scheme=spec.scheme,
            category=spec.category,
            band=spec.band,
            specific_amount=spec.specific_amount,
            applied_on=spec.applied_on,
            allocated_on=spec.allocated_on,
            letter_received_on=spec.letter_received_on,
            payment_mode=spec.payment_mode,
            estimated_cash_amount=_estimated_cash(spec),
            holders=[
                services.HolderInput(persons[h.person_key], h.role, h.manages) for h in spec.holders
            ],
            account=(
                services.AccountInput(
                    iban=spec.account.iban,
                    holder_name=spec.account.holder_name,
                    holder_kind=spec.account.holder_kind,
                )
                if spec.account
                else None
            ),
            statements=[
                services.StatementInput(
                    managing_parent=persons[s.managing_key],
                    assistant_parent=persons[s.assistant_key],
                    signed_on=s.signed_on,
                    received_on=s.received_on,
                )
                for s in spec.statements
            ],
        )
        if spec.extension:
            step = "grant_extension"
            requested_on, granted_on = spec.extension
            budget = services.grant_extension(
                budget, requested_on=requested_on, granted_on=granted_on
            )
        # Contracts: the first approval starts the budget (R19, R1/R2).
        for event in spec.contract_events:
            step = _step(event)
            _contract_event(event, budget, persons, contracts)
        budget = Budget.objects.get(pk=budget.pk)
        if budget.started_on != spec.started_on:
            raise DemoPlanMismatch(
                f"{spec.key}: the contracts started the budget on {budget.started_on}, the plan "
                f"says {spec.started_on}"
            )
        if spec.started_on:
            step = "open_budget_year"
            for year in range(spec.started_on.year + 1, (spec.open_years_until or 0) + 1):
                services.open_budget_year(budget, year)
        for combination in spec.mfc_combinations:
            step = "report_mfc_combination"
            contract_services.report_mfc_combination(
                budget,
                mfc_name=combination.mfc_name,
                days_per_week=combination.days_per_week,
                changed_on=combination.changed_on,
                reported_on=combination.reported_on,
            )
        if spec.stop:
            step = "stop_budget"
            stopped_on, reason = spec.stop
            budget = services.stop_budget(budget, on=stopped_on, reason=reason)
        if spec.lapsed_on:
            step = "lapse_budget"
            lapsed = services.lapse_budget(budget, on=spec.lapsed_on)
            if lapsed is None:
                raise RuleViolations([])
            budget = lapsed
    except RuleViolations as error:
        raise DemoPlanRefused(spec, step, error) from error
    return budget


def _step(event: ContractEvent) -> str:
    action = {
        ContractSpec: "register_contract",
        AmendmentSpec: "amend_contract",
        DecisionSpec: "approve_contract",
        UsageSpec: "record_short_term_usage",
    }[type(event)]
    if isinstance(event, DecisionSpec) and not event.approve:
        action = "refuse_contract"
    return f"{action} {event.key} op {event.on.isoformat()}"


def _contract_event(
    event: ContractEvent,
    budget: Budget,
    persons: dict[str, Person],
    contracts: dict[str, Contract],
) -> None:
    if isinstance(event, ContractSpec):
        data = event.fields()
        if event.counterparty_person:
            data["counterparty_person"] = persons[event.counterparty_person]
        contracts[event.key] = contract_services.register_contract(
            budget=budget,
            data=data,
            role=event.role,
            organisation=event.organisation,
            on=event.registered_on,
        )
    elif isinstance(event, AmendmentSpec):
        contracts[event.key] = contract_services.amend_contract(
            contracts[event.key], changes=event.fields(), on=event.on
        )
    elif isinstance(event, DecisionSpec) and event.approve:
        contract_services.approve_contract(contracts[event.key], on=event.on)
    elif isinstance(event, DecisionSpec):
        contract_services.refuse_contract(contracts[event.key], reason=event.reason, on=event.on)
    else:
        contract_services.record_short_term_usage(
            contracts[event.key], on=event.on, counter=event.counter, quantity=event.quantity
        )


def _pending_contracts(
    plan: DemoPlan,
    budgets: dict[str, Budget],
    persons: dict[str, Person],
    contracts: dict[str, Contract],
) -> None:
    """The contracts (and changes) still waiting for the agency, registered last and oldest
    first, so the approval queue lists them in the order they came in."""
    waiting = sorted(
        ((event, spec) for spec in plan.budgets for event in spec.pending_contracts),
        key=lambda item: event_key(item[0]),
    )
    for event, spec in waiting:
        try:
            _contract_event(event, budgets[spec.key], persons, contracts)
        except RuleViolations as error:
            raise DemoPlanRefused(spec, _step(event), error) from error


def _estimated_cash(spec: BudgetSpec):
    """PVB: the cash part of the yearly amount the holder estimates (R11, R13)."""
    if spec.cash_share is None:
        return None
    yearly = budget_year.yearly_amount(
        spec.kind,
        spec.scheme or None,
        spec.category,
        spec.band,
        spec.allocated_on.year,
        spec.specific_amount,
    )
    return round_cents(yearly * spec.cash_share)


# --- figures for the summary -----------------------------------------------------------------


def contract_counts() -> dict[str, int]:
    """Contracts (all versions) by status, with the short-term usages and MFC combinations."""
    rows = Contract.objects.values("status").annotate(n=Count("id")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    counts["short_term_usages"] = ShortTermUsage.objects.count()
    counts["mfc_combinations"] = MfcCombination.objects.count()
    return counts


def counts_by_kind_and_status() -> dict[tuple[str, str], int]:
    rows = Budget.objects.values("kind", "status").annotate(n=Count("id")).order_by()
    return {(row["kind"], row["status"]): row["n"] for row in rows}


def convenant_counts(year: int) -> dict[tuple[str, str], int]:
    """Convenants allocated in ``year`` per (category, province of the person) (R38)."""
    rows = (
        Budget.objects.filter(kind=BudgetKind.CONVENANT, allocated_on__year=year)
        .values("category", "person__province")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["category"], row["person__province"]): row["n"] for row in rows}


def due_within(today: date, days: int) -> list[Budget]:
    """Budgets not started yet whose start deadline falls in the ``days`` after ``today``."""
    last = today + timedelta(days=days)
    due = []
    for budget in Budget.objects.filter(status__in=NOT_STARTED_STATES).select_related("person"):
        deadline = budget.start_deadline
        if deadline is not None and today <= deadline <= last:
            due.append(budget)
    return due
