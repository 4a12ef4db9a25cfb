"""Use cases on dossiers and budgets. The only place that changes their state:
one function per use case, one transaction, one audit event; rules come from
``budgetlijn.rules`` and a refusal raises RuleViolations with every violation at once,
with nothing saved."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, PaymentMode, PvbScheme
from budgetlijn.dossiers.models import (
    Budget,
    BudgetAccount,
    BudgetHolder,
    LifecycleEvent,
    ManagementStatement,
    Person,
    Relation,
)
from budgetlijn.dossiers.signals import budget_year_opened
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget, lock_person
from budgetlijn.rules import budget_year
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations, Violation


def _validation_to_violations(error: ValidationError, prefix: str = "") -> list[Violation]:
    violations = []
    for field_name, errors in error.error_dict.items():
        for item in errors:
            field = None if field_name == "__all__" else f"{prefix}{field_name}"
            message = item.message % item.params if item.params else item.message
            violations.append(
                Violation(
                    getattr(item, "rule_id", "VALIDATION"),
                    item.code or "invalid",
                    str(message),
                    field,
                )
            )
    return violations


def _full_clean(obj: Any, prefix: str = "", exclude: list[str] | None = None) -> list[Violation]:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        return _validation_to_violations(error, prefix)
    return []


@transaction.atomic
def register_person(*, by: Any = None, **fields: Any) -> Person:
    person = Person(**fields)
    violations = _full_clean(person)
    if violations:
        raise RuleViolations(violations)
    person.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=person,
        summary=f"Persoon {person} geregistreerd",
        actor=by,
        person_id=person.pk,
    )
    return person


@transaction.atomic
def add_relation(
    *, person: Person, relative: Person, kind: str, valid_from: date | None = None, by: Any = None
) -> Relation:
    relation = Relation(person=person, relative=relative, kind=kind, valid_from=valid_from)
    violations = _full_clean(relation)
    if violations:
        raise RuleViolations(violations)
    relation.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=relation,
        summary=f"{relative} geregistreerd als {relation.get_kind_display()}",
        actor=by,
        person_id=person.pk,
    )
    return relation


@dataclass(frozen=True)
class HolderInput:
    person: Person
    role: str
    manages: bool = True


@dataclass(frozen=True)
class AccountInput:
    iban: str
    holder_name: str
    holder_kind: str
    bic: str = ""


@dataclass(frozen=True)
class StatementInput:
    managing_parent: Person
    assistant_parent: Person
    signed_on: date
    received_on: date


def holder_facts(person: Person, holders: list[HolderInput]) -> list[budget_rules.HolderFacts]:
    relation_kinds: dict[int, set[str]] = {}
    for relative_id, kind in Relation.objects.filter(person=person).values_list(
        "relative_id", "kind"
    ):
        relation_kinds.setdefault(relative_id, set()).add(kind)
    facts = []
    for holder in holders:
        kinds = relation_kinds.get(holder.person.pk, set())
        recorded = holder.role if holder.role in kinds else (next(iter(kinds)) if kinds else None)
        facts.append(
            budget_rules.HolderFacts(
                person_id=holder.person.pk,
                role=holder.role,
                manages=holder.manages,
                relation_kind=recorded,
                is_the_person=holder.person.pk == person.pk,
            )
        )
    return facts


@transaction.atomic
def allocate_budget(
    *,
    person: Person,
    kind: str,
    category: str,
    allocated_on: date,
    letter_received_on: date,
    holders: list[HolderInput],
    account: AccountInput | None = None,
    statements: list[StatementInput] | None = None,
    scheme: str = "",
    band: int | None = None,
    specific_amount: Decimal | None = None,
    applied_on: date | None = None,
    payment_mode: str = PaymentMode.CASH,
    estimated_cash_amount: Decimal | None = None,
    by: Any = None,
) -> Budget:
    """Record a budget made available to a person, with its holders and account.

    Every violation (of the budget, its holders and its account) is reported at once;
    nothing is saved when there is one."""
    person = lock_person(person)
    budget = Budget(
        person=person,
        kind=kind,
        scheme=scheme,
        category=category,
        band=band,
        specific_amount=specific_amount,
        applied_on=applied_on,
        allocated_on=allocated_on,
        letter_received_on=letter_received_on,
        payment_mode=payment_mode,
        estimated_cash_amount=estimated_cash_amount,
        status=BudgetStatus.ALLOCATED,
    )
    violations = _full_clean(budget)
    statements = statements or []
    violations += budget_rules.check_holders(
        budget_rules.HolderCheck(
            kind=kind,
            person_birth_date=person.birth_date,
            on=allocated_on,
            holders=holder_facts(person, holders),
            statements=[
                budget_rules.StatementFacts(s.managing_parent.pk, s.assistant_parent.pk)
                for s in statements
            ],
        )
    )
    account_obj = None
    if account is not None:
        account_obj = BudgetAccount(
            iban=account.iban,
            holder_name=account.holder_name,
            holder_kind=account.holder_kind,
            bic=account.bic,
        )
        violations += _full_clean(account_obj, "account.", exclude=["budget"])
    statement_objs = [
        ManagementStatement(
            managing_parent=s.managing_parent,
            assistant_parent=s.assistant_parent,
            signed_on=s.signed_on,
            received_on=s.received_on,
        )
        for s in statements
    ]
    for statement in statement_objs:
        violations += _full_clean(statement, "management_statement.", exclude=["budget"])
    if violations:
        raise RuleViolations(violations)

    budget.save()
    BudgetHolder.objects.bulk_create(
        [
            BudgetHolder(budget=budget, person=h.person, role=h.role, manages=h.manages)
            for h in holders
        ]
    )
    if account_obj is not None:
        account_obj.budget = budget
        account_obj.save()
    for statement in statement_objs:
        statement.budget = budget
        statement.save()
    _event(budget, "", BudgetStatus.ALLOCATED, allocated_on, "toekenning", by)
    record(
        action=AuditEvent.Action.CREATE,
        obj=budget,
        summary=f"{budget.get_kind_display()} {budget.category} ter beschikking gesteld",
        actor=by,
        person_id=person.pk,
        details={"letter_received_on": letter_received_on.isoformat()},
    )
    return budget


def _event(budget: Budget, from_status: str, to_status: str, on: date, note: str, by: Any):
    actor = user_or_none(by)
    return LifecycleEvent.objects.create(
        budget=budget, from_status=from_status, to_status=to_status, on=on, note=note, actor=actor
    )


def _transition(budget: Budget, to_status: str, on: date, note: str, by: Any, **changes) -> Budget:
    from_status = budget.status
    budget.status = to_status
    for name, value in changes.items():
        setattr(budget, name, value)
    budget.save()
    _event(budget, from_status, to_status, on, note, by)
    record(
        action=AuditEvent.Action.TRANSITION,
        obj=budget,
        summary=f"Budget {budget.pk}: {from_status} → {to_status} op {on.isoformat()}",
        actor=by,
        person_id=budget.person_id,
        details={"from": from_status, "to": to_status, "on": on.isoformat(), "note": note},
    )
    return budget


def open_budget_year(budget: Budget, year: int, *, by: Any = None):
    """Book the yearly amount of ``year`` (pro rata for a partial year) once.

    Safe to call again: the idempotency key makes the second call return the same entry."""
    facts = budget.facts()
    start = budget_rules.in_force_from(facts)
    amount = year_entitlement(budget, year)
    if amount <= 0:
        return None
    yearly = budget.yearly_amount(year)
    months = budget_year.months_in_force(year, start, budget.stopped_on)
    entry = ledger.book(
        budget=budget,
        year=year,
        kind=EntryKind.ALLOCATION,
        amount=amount,
        reason=f"Jaarbudget {year}: {months}/12 van {format_eur(yearly)}",
        by=by,
        effective_date=max(date(year, 1, 1), start) if start else date(year, 1, 1),
        idempotency_key=f"allocation:{budget.pk}:{year}",
    )
    budget_year_opened.send(sender=Budget, budget=budget, year=year, by=by)
    return entry


def year_entitlement(budget: Budget, year: int, end: date | None = None) -> Decimal:
    """The budget's amount for ``year``: yearly amount pro rata by month (R3, R14, R15)."""
    facts = budget.facts()
    yearly = budget.yearly_amount(year)
    return budget_year.pro_rata(yearly, year, budget_rules.in_force_from(facts), end)


@transaction.atomic
def start_budget(budget: Budget, *, on: date, by: Any = None, note: str = "") -> Budget:
    """Start a budget (first approved contract or start forms, R1/R2): book its budget years
    up to the start year and the refundable advance (R13); stop a care allowance (R5)."""
    budget = lock_budget(budget, person=True)  # the person first (ledger.locks)
    violations = budget_rules.check_start(budget.facts(), on)
    if violations:
        raise RuleViolations(violations)
    _transition(budget, BudgetStatus.STARTED, on, note or "opgestart", by, started_on=on)
    first_year = budget_rules.in_force_from(budget.facts()).year
    for year in range(first_year, on.year + 1):
        open_budget_year(budget, year, by=by)
    advance = budget_year.refundable_advance(
        budget.kind,
        on,
        yearly_amount=budget.yearly_amount(on.year),
        estimated_cash_amount=budget.estimated_cash_amount
        if budget.payment_mode != PaymentMode.VOUCHER
        else Decimal("0"),
    )
    if advance > 0:
        ledger.book(
            budget=budget,
            year=on.year,
            kind=EntryKind.ADVANCE_PAID,
            amount=advance,
            reason="Terugvorderbaar voorschot na de start (R13)",
            by=by,
            effective_date=on,
            idempotency_key=f"advance:{budget.pk}",
        )
    person = budget.person  # locked with the budget, before it
    if (
        budget.kind in (BudgetKind.PVB, BudgetKind.PAB)
        and person.care_allowance_since
        and not person.care_allowance_stopped_on
    ):
        person.care_allowance_stopped_on = on
        person.save(update_fields=["care_allowance_stopped_on", "updated_at"])
        record(
            action=AuditEvent.Action.CHANGE,
            obj=person,
            summary="Zorgbudget stopgezet bij de start van het budget (R5)",
            actor=by,
            person_id=person.pk,
        )
    return budget


@transaction.atomic
def grant_extension(
    budget: Budget, *, requested_on: date, granted_on: date, by: Any = None, note: str = ""
) -> Budget:
    """R2: extend a PAB's start period once by 4 months for force majeure."""
    budget = lock_budget(budget)
    violations = budget_rules.check_extension(budget.facts(), requested_on)
    if violations:
        raise RuleViolations(violations)
    return _transition(
        budget,
        BudgetStatus.EXTENDED,
        granted_on,
        note or "verlenging wegens overmacht",
        by,
        extension_requested_on=requested_on,
        extension_granted_on=granted_on,
    )


@transaction.atomic
def lapse_budget(budget: Budget, *, on: date, by: Any = None) -> Budget | None:
    """R1/R2: a budget not started in time lapses. Returns None when it need not lapse."""
    budget = lock_budget(budget)
    if not budget_rules.check_lapse(budget.facts(), on):
        return None
    deadline = budget.start_deadline
    # A contract registered in time but not yet decided keeps the budget alive (R1/R19):
    # approving it starts the budget from its registration day.
    if budget.contracts.filter(status="REGISTERED", registered_on__lte=deadline).exists():
        return None
    return _transition(
        budget,
        BudgetStatus.LAPSED,
        on,
        f"niet opgestart vóór {deadline:%d/%m/%Y}",
        by,
        lapsed_on=on,
    )


@transaction.atomic
def stop_budget(budget: Budget, *, on: date, reason: str, by: Any = None, note: str = "") -> Budget:
    """R33/R34: stop a budget; ``on`` is the first day it is no longer used. The last year's
    entitlement becomes pro rata up to the month of the day before (an adjustment entry);
    the advance stays outstanding until it is repaid (ADVANCE_REPAID)."""
    budget = lock_budget(budget)
    violations = budget_rules.check_stop(budget.facts(), on, reason)
    if violations:
        raise RuleViolations(violations)
    was_started = budget.status == BudgetStatus.STARTED
    _transition(
        budget, BudgetStatus.STOPPED, on, note or reason, by, stopped_on=on, stop_reason=reason
    )
    if was_started:
        # ``on`` is the first day the budget is no longer used (seed 003 §9.1).
        _end_last_year(budget, on - timedelta(days=1), by)
    return budget


def _end_last_year(budget: Budget, last_day: date, by: Any) -> None:
    """End the entitlement after ``last_day``, the last day the budget is in force.

    The year of ``last_day`` becomes pro rata up to and including its month; a later year
    that was already opened is taken back whole. A reduction never goes below what was
    already paid or committed: what is paid stays paid (R33 settles up to the yearly budget)."""
    from budgetlijn.ledger import selectors as ledger_selectors
    from budgetlijn.ledger.models import Entry

    year = last_day.year
    open_budget_year(budget, year, by=by)
    reductions = {
        year: year_entitlement(budget, year) - year_entitlement(budget, year, end=last_day)
    }
    later_years = (
        Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION, year__gt=year)
        .values_list("year", flat=True)
        .distinct()
    )
    for later in later_years:
        reductions[later] = ledger_selectors.balances(budget, later).entitlement
    for each_year, reduction in sorted(reductions.items()):
        reduction = min(reduction, max(ledger_selectors.budget_line(budget, each_year), Decimal(0)))
        if reduction <= 0:
            continue
        ledger.book(
            budget=budget,
            year=each_year,
            kind=EntryKind.ADJUSTMENT,
            amount=-reduction,
            reason=f"Einde na {last_day:%d/%m/%Y}: jaarbudget {each_year} pro rata tot en met die maand",
            by=by,
            effective_date=last_day,
            idempotency_key=f"end-adjustment:{budget.pk}:{each_year}",
        )


@transaction.atomic
def convert_to_pvb(
    budget: Budget,
    *,
    on: date,
    scheme: str,
    category: str,
    by: Any = None,
    support_plan_filed_on: date | None = None,
) -> Budget:
    """R7: once the PVB is decided, the PAB becomes a 'PVB na jeugdhulp'. Returns the PVB."""
    budget = lock_budget(budget, person=True)  # a new budget for the person, then started
    if support_plan_filed_on is not None:
        budget.support_plan_filed_on = support_plan_filed_on
    violations = budget_rules.check_conversion(
        budget.facts(),
        birth_date=budget.person.birth_date,
        support_plan_filed_on=budget.support_plan_filed_on,
        on=on,
    )
    if scheme not in PvbScheme.values:
        violations.append(
            Violation(
                "R7", "pvb_scheme_missing", "Kies de indeling van de PVB-categorie.", "scheme"
            )
        )
    if violations:
        raise RuleViolations(violations)
    pvb = Budget(
        person=budget.person,
        kind=BudgetKind.PVB,
        scheme=scheme,
        category=category,
        allocated_on=on,
        letter_received_on=on,
        payment_mode=budget.payment_mode,
        status=BudgetStatus.ALLOCATED,
    )
    more = _full_clean(pvb)
    if more:
        raise RuleViolations(more)
    pvb.save()
    # An adult PVB holder is the person (or an administrator, added in the dossier later).
    BudgetHolder.objects.create(budget=pvb, person=budget.person, role="SELF")
    if hasattr(budget, "account"):
        old = budget.account
        BudgetAccount.objects.create(
            budget=pvb,
            iban=old.iban,
            bic=old.bic,
            holder_name=old.holder_name,
            holder_kind=old.holder_kind,
        )
    _event(pvb, "", BudgetStatus.ALLOCATED, on, "PVB na jeugdhulp (omzetting PAB)", by)
    # The PVB runs from the month of ``on``; the PAB up to the month before (no month twice).
    _end_last_year(budget, on - timedelta(days=1), by)
    _transition(
        budget,
        BudgetStatus.CONVERTED,
        on,
        "omgezet naar PVB na jeugdhulp",
        by,
        converted_on=on,
        converted_to=pvb,
        stopped_on=on,
    )
    return start_budget(pvb, on=on, by=by, note="PVB na jeugdhulp: loopt door na het PAB")
