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
from budgetlijn.dossiers.constants import (
    NOT_STARTED_STATES,
    BudgetKind,
    BudgetStatus,
    ErrorCode,
    PaymentMode,
    PvbScheme,
)
from budgetlijn.dossiers.models import (
    Budget,
    BudgetAccount,
    BudgetHolder,
    LifecycleEvent,
    ManagementStatement,
    Person,
    Relation,
)
from budgetlijn.dossiers.signals import budget_allocation_changed, budget_year_opened
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget, lock_person
from budgetlijn.rules import budget_year
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.codes import BudgetCode
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
                    item.code or ErrorCode.INVALID,
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


full_clean = _full_clean  # the public name other apps use (contracts)


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


def _allocation_key(budget: Budget, year: int) -> str:
    return f"allocation:{budget.pk}:{year}"


@transaction.atomic
def open_budget_year(budget: Budget, year: int, *, by: Any = None):
    """Make sure the yearly amount of ``year`` (pro rata for a partial year) is booked.

    Opening a year only makes sure its allocation exists: a year already opened is left as it
    was booked, even when its yearly amount was corrected since (a parameter override). Any
    recalculation books the difference as an adjustment (``settle_allocation_at_end``,
    ``change_budget_allocation``), never the allocation again under its key with another
    amount (decision 0009). A new allocation is what the year should be
    (``allocation_should_be``): through the budget's last day in force when it has stopped,
    so a year after the end is never opened."""
    from budgetlijn.ledger.models import Entry

    lock_budget(budget)  # the existence check and the booking below are one decision
    entry = Entry.objects.filter(idempotency_key=_allocation_key(budget, year)).first()
    if entry is None:
        facts = budget.facts()
        start = budget_rules.in_force_from(facts)
        amount = allocation_should_be(budget, year)
        if amount <= 0:
            return None
        yearly = budget.yearly_amount(year)
        months = budget_year.months_in_force(year, start, budget_rules.in_force_until(facts))
        entry = ledger.book(
            budget=budget,
            year=year,
            kind=EntryKind.ALLOCATION,
            amount=amount,
            reason=f"Jaarbudget {year}: {months}/12 van {format_eur(yearly)}",
            by=by,
            effective_date=max(date(year, 1, 1), start) if start else date(year, 1, 1),
            idempotency_key=_allocation_key(budget, year),
        )
    budget_year_opened.send(sender=Budget, budget=budget, year=year, by=by)
    return entry


@transaction.atomic
def open_budget_year_in_run(budget: Budget, year: int, *, by: Any = None) -> int:
    """The yearly run's opening of one budget's year, all or nothing: its allocation, the
    entries the receivers of ``budget_year_opened`` book (MFC parts) and one audit event
    naming the budget. Returns the number of entries this call created (0 when the year was
    complete already), counted under the budget's lock, so concurrent runs never count one
    entry twice.

    The count costs the same whatever the budget's history: the highest entry id before, then
    the budget's entries above it. Ids only grow, and under the budget's lock nobody else books
    on this budget, so those are exactly the entries this call created."""
    from django.db.models import Max

    from budgetlijn.ledger.models import Entry

    budget = lock_budget(budget)
    before = Entry.objects.aggregate(last=Max("pk"))["last"] or 0
    open_budget_year(budget, year, by=by)
    created = list(
        Entry.objects.filter(budget=budget, pk__gt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if created:
        record(
            action=AuditEvent.Action.COMMAND,
            obj=budget,
            summary=f"Budgetjaar {year} geopend voor budget {budget.pk}: "
            f"{len(created)} boeking(en)",
            actor=by,
            person_id=budget.person_id,
            details={"year": year, "entries": created},
        )
    return len(created)


# --- What a budget year's allocation should be, and what is booked for it ---------------------
#
# The arithmetic of the allocation lives here only. Opening a year, a staff change of the
# allocation and the end of a budget (stop, conversion) each book the difference between the
# two figures below (decisions 0009, 0013).

AllocationHistory = list[tuple[date | None, dict[str, Any]]]
_BUDGET_LAST_DAY: Any = object()  # default of ``last_day``: the budget's own (in_force_until)


def allocation_history(budget: Budget, changes: list | None = None) -> AllocationHistory:
    """The values (scheme, category, band, specific amount) in force from each day, oldest
    first: the budget's first values from the day it is in force (``None``), then the new
    values of each staff change (``BudgetAllocationChange``) from its day.

    ``changes``: the budget's change rows when the caller loaded them already (many budgets
    at once, ``dossiers.invariants``), in any order; by default they are read here."""
    from budgetlijn.dossiers.models import BudgetAllocationChange

    if changes is None:
        changes = list(BudgetAllocationChange.objects.filter(budget=budget))
    changes = sorted(changes, key=lambda change: change.number)
    if not changes:
        return [(None, _allocation_values(budget))]
    # Only a started budget is changed this way (``change_budget_allocation``), and the admin
    # form edits the values of a budget that has not started only: so the rows are the whole
    # history, and the last one's new values are the budget's.
    return [
        (None, changes[0].values("old")),
        *((change.from_day, change.values("new")) for change in changes),
    ]


def _yearly_amount_of(budget: Budget, values: dict[str, Any], year: int) -> Decimal:
    return budget_year.yearly_amount(
        budget.kind,
        values["scheme"] or None,
        values["category"],
        values["band"],
        year,
        values["specific_amount"],
    )


def yearly_amounts_by_month(
    budget: Budget,
    year: int,
    *,
    history: AllocationHistory | None = None,
    last_day: Any = _BUDGET_LAST_DAY,
) -> dict[int, Decimal]:
    """The yearly amount in force in each month of ``year`` in which the budget is in force
    (month 1..12 -> yearly amount): the values in force in that month (``history``, by
    default the budget's ``allocation_history``) at the parameter values in force now (a
    corrected yearly amount counts). The months not in force are not in it.

    A change counts from the month of its day, whole (months count whole, rules.budget_year);
    of two changes in one month the later one counts. ``last_day`` is the last day in force,
    by default the budget's own (``in_force_until``: the day before its stop day), ``None``
    while it runs. Used by ``allocation_should_be`` and by the MFC reduction (R4,
    contracts.services.mfc), so both count a month at the same yearly amount."""
    if history is None:
        history = allocation_history(budget)
    facts = budget.facts()
    start = budget_rules.in_force_from(facts)
    if last_day is _BUDGET_LAST_DAY:
        last_day = budget_rules.in_force_until(facts)
    months = budget_year.month_range(year, start, last_day)
    if months is None:
        return {}
    yearly: dict[int, Decimal] = {}  # per entry of the history, computed once, when needed
    amounts: dict[int, Decimal] = {}
    for month in range(months[0], months[1] + 1):
        index = max(
            i
            for i, (from_day, _values) in enumerate(history)
            if from_day is None or (from_day.year, from_day.month) <= (year, month)
        )
        if index not in yearly:
            yearly[index] = _yearly_amount_of(budget, history[index][1], year)
        amounts[month] = yearly[index]
    return amounts


def allocation_should_be(
    budget: Budget,
    year: int,
    *,
    history: AllocationHistory | None = None,
    last_day: Any = _BUDGET_LAST_DAY,
) -> Decimal:
    """What the allocation entitlement of ``year`` should be: each month of the year in which
    the budget is in force, at the yearly amount in force in that month
    (``yearly_amounts_by_month``, which documents ``history`` and ``last_day``).

    Rounding: the months a..b of a run of months at yearly amount Y are ``round_cents(Y*b/12)
    - round_cents(Y*(a-1)/12)`` (``budget_year.share_by_month``, half up), summed over the
    runs. So without changes this is exactly ``pro_rata`` of the year, and the opening's
    allocation plus each change's adjustment (booked as the difference of these figures) add
    up to it to the cent."""
    return budget_year.share_by_month(
        yearly_amounts_by_month(budget, year, history=history, last_day=last_day)
    )


END_KEY = "end-adjustment"
CHANGE_KEY = "allocation-change"


def _own_key(*parts: Any) -> Any:
    """An idempotency key built in SQL from literal text and the entry's own columns."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(
        *(
            Value(part) if isinstance(part, str) else Cast(part, output_field=CharField())
            for part in parts
        ),
        output_field=CharField(),
    )


def allocation_entries_q() -> Any:
    """The condition on an entry that makes it part of its own budget year's allocation
    (``_allocation_entries``), written against the entry's own budget and year, so one query
    can group the allocations of many budget years (``dossiers.invariants``)."""
    from django.db.models import F, Q

    from budgetlijn.ledger.invariants import OPENING_KEY_PREFIX

    def keyed(prefix: str = "") -> Q:
        budget, year = F("budget_id"), F("year")
        return (
            Q(**{f"{prefix}idempotency_key": _own_key(OPENING_KEY_PREFIX, budget, ":", year)})
            | Q(**{f"{prefix}idempotency_key__startswith": _own_key(f"{CHANGE_KEY}:", budget, ":")})
            | Q(**{f"{prefix}idempotency_key__startswith": _own_key(f"{END_KEY}:", budget, ":")})
        )

    # A reversal has its entry's budget and year (ledger.invariants.reversal_targets).
    reversal = Q(reverses__budget_id=F("budget_id"), reverses__year=F("year")) & keyed("reverses__")
    return keyed() | reversal


def _allocation_entries(budget: Budget, year: int):
    """The entries that make a year's allocation: the opening (``allocation:{budget}:{year}``),
    the adjustments of staff changes (``allocation-change:{budget}:{n}:{year}``) and of an end
    (``end-adjustment:{budget}:{year}[:{n}]``), with any reversal of one of them. Not the MFC
    adjustments (``mfc:{combination}:{year}[:{n}]``, contracts.services.mfc: R4 recomputes its
    own part against its own entries) nor VIA supplements."""
    from budgetlijn.ledger.models import Entry

    return Entry.objects.filter(budget=budget, year=year).filter(allocation_entries_q())


def allocation_booked(budget: Budget, year: int) -> Decimal:
    """What the ledger holds for the allocation of ``year`` (``_allocation_entries``)."""
    from budgetlijn.ledger import selectors as ledger_selectors
    from budgetlijn.rules.money import round_cents

    total = _allocation_entries(budget, year).aggregate(total=ledger_selectors.money_sum())
    return round_cents(total["total"]) + Decimal("0.00")


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
    book_advance(budget, on=on, by=by)
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
def book_advance(budget: Budget, *, on: date, by: Any = None):
    """R10/R13: book the refundable advance of a started budget once its budget account is
    known (seed 003 §2.2: the advance is transferred to the separate budget account). The
    seed says so for the PAB; R10 asks a budget account of every budget, so this holds for
    every kind with an advance (decision 0009).

    Called at the start and again when the account is added later; ``on`` is the day of
    that event (the advance's payment day). Books nothing before the start, without an
    account, for an advance of 0, or when the advance is booked already: the amount is
    never computed again under its key (decision 0009). Returns the entry or None."""
    from budgetlijn.ledger.models import Entry

    budget = lock_budget(budget)
    key = f"advance:{budget.pk}"
    existing = Entry.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    if budget.status != BudgetStatus.STARTED or budget.started_on is None:
        return None
    if not BudgetAccount.objects.filter(budget=budget).exists():
        return None
    start = budget.started_on
    advance = budget_year.refundable_advance(
        budget.kind,
        start,
        yearly_amount=budget.yearly_amount(start.year),
        estimated_cash_amount=budget.estimated_cash_amount
        if budget.payment_mode != PaymentMode.VOUCHER
        else Decimal("0"),
    )
    if advance <= 0:
        return None
    paid_on = max(on, start)
    return ledger.book(
        budget=budget,
        year=paid_on.year,
        kind=EntryKind.ADVANCE_PAID,
        amount=advance,
        reason="Terugvorderbaar voorschot na de start, op de budgetrekening (R10/R13)",
        by=by,
        effective_date=paid_on,
        idempotency_key=key,
    )


@transaction.atomic
def add_budget_account(
    budget: Budget, account: AccountInput, *, on: date, by: Any = None
) -> BudgetAccount:
    """R10: record the budget account of a budget that has none yet; a started budget then
    gets its refundable advance (R13), booked on ``on``."""
    budget = lock_budget(budget)
    if BudgetAccount.objects.filter(budget=budget).exists():
        raise RuleViolations(
            [
                Violation(
                    "R10",
                    ErrorCode.ACCOUNT_EXISTS,
                    "Dit budget heeft al een budgetrekening.",
                    "account",
                )
            ]
        )
    account_obj = BudgetAccount(
        budget=budget,
        iban=account.iban,
        holder_name=account.holder_name,
        holder_kind=account.holder_kind,
        bic=account.bic,
    )
    violations = _full_clean(account_obj, "account.")
    if violations:
        raise RuleViolations(violations)
    account_obj.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=account_obj,
        summary=f"Budgetrekening toegevoegd aan budget {budget.pk}",
        actor=by,
        person_id=budget.person_id,
        details={"budget": budget.pk},
    )
    book_advance(budget, on=on, by=by)
    return account_obj


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
    facts = budget.facts()
    if not budget_rules.check_lapse(facts, on):
        return None
    # A contract registered in time but not yet decided keeps the budget alive (R1/R19):
    # approving it starts the budget from its registration day.
    registered = budget.contracts.filter(status="REGISTERED").values_list(
        "registered_on", flat=True
    )
    if any(not budget_rules.past_start_deadline(facts, day) for day in registered):
        return None
    deadline = budget.start_deadline
    # The budget lapses on the first day without a start (the day after the deadline),
    # whatever day the run notices it (decision 0009).
    lapsed_on = budget_rules.lapse_day(facts)
    return _transition(
        budget,
        BudgetStatus.LAPSED,
        lapsed_on,
        f"niet opgestart vóór {deadline:%d/%m/%Y}",
        by,
        lapsed_on=lapsed_on,
    )


@transaction.atomic
def stop_budget(budget: Budget, *, on: date, reason: str, by: Any = None, note: str = "") -> Budget:
    """R33/R34: stop a budget; ``on`` is the first day it is no longer used. The last year's
    entitlement becomes pro rata up to the month of the day before (an adjustment entry);
    the advance stays outstanding until it is repaid (ADVANCE_REPAID)."""
    budget = lock_budget(budget)
    violations = budget_rules.check_stop(budget.facts(), on, reason, _today())
    if violations:
        raise RuleViolations(violations)
    was_started = budget.status == BudgetStatus.STARTED
    _transition(
        budget, BudgetStatus.STOPPED, on, note or reason, by, stopped_on=on, stop_reason=reason
    )
    if was_started:
        # ``on`` is the first day the budget is no longer used (seed 003 §9.1).
        settle_allocation_at_end(
            budget, last_day=budget_rules.in_force_until(budget.facts()), by=by
        )
    return budget


def _next_end_key(budget: Budget, year: int) -> str:
    """The key of the next end adjustment of ``year``: ``end-adjustment:{budget}:{year}``,
    then ``...:2``, ``...:3``."""
    from django.db.models import Q

    from budgetlijn.ledger.models import Entry

    base = f"{END_KEY}:{budget.pk}:{year}"
    booked = Entry.objects.filter(
        Q(idempotency_key=base) | Q(idempotency_key__startswith=f"{base}:")
    ).count()
    return base if booked == 0 else f"{base}:{booked + 1}"


@transaction.atomic
def settle_allocation_at_end(budget: Budget, *, last_day: date, by: Any = None) -> list:
    """End the entitlement after ``last_day``, the last day the budget is in force (a stop,
    a conversion). Returns the entries this call booked.

    The year of ``last_day`` gets ``allocation_should_be`` (each month through ``last_day`` at
    the values in force in it, at the yearly amounts in force now) minus ``allocation_booked``
    (the opening, the staff changes' adjustments and earlier end adjustments): so an
    administrator's correction of a yearly amount and every staff change are settled, each
    month counted once. The MFC part (R4) is recomputed by contracts.services.mfc when the
    year is opened (``budget_year_opened``), not here. A later year already opened is taken
    back whole, its MFC part and VIA supplements included (contracts.services.mfc leaves a
    year after the end alone). A reduction never goes below what was already paid or
    committed: what is paid stays paid (R33 settles up to the yearly budget).

    Idempotent: called again, the difference is 0 (or the capped rest of a reduction with
    nothing left on the budget line) and nothing is booked; a difference that does arise
    later is booked under a new key (``_next_end_key``), never an existing key again."""
    from budgetlijn.ledger import selectors as ledger_selectors
    from budgetlijn.ledger.models import Entry

    budget = lock_budget(budget)
    year = last_day.year
    open_budget_year(budget, year, by=by)
    differences = {
        year: allocation_should_be(budget, year, last_day=last_day)
        - allocation_booked(budget, year)
    }
    later_years = (
        Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION, year__gt=year)
        .values_list("year", flat=True)
        .distinct()
    )
    for later in later_years:
        differences[later] = -ledger_selectors.balances(budget, later).entitlement
    booked = []
    for each_year, difference in sorted(differences.items()):
        if difference < 0:
            line = max(ledger_selectors.budget_line(budget, each_year), Decimal(0))
            difference = -min(-difference, line)
        if difference == 0:
            continue
        booked.append(
            ledger.book(
                budget=budget,
                year=each_year,
                kind=EntryKind.ADJUSTMENT,
                amount=difference,
                reason=(
                    f"Einde na {last_day:%d/%m/%Y}: jaarbudget {each_year} pro rata tot en met "
                    "die maand, elke maand aan de categorie en het jaarbedrag die er gelden"
                ),
                by=by,
                effective_date=last_day,
                idempotency_key=_next_end_key(budget, each_year),
            )
        )
    return booked


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
        today=_today(),
    )
    if scheme not in PvbScheme.values:
        violations.append(
            Violation(
                "R7",
                BudgetCode.PVB_SCHEME_MISSING,
                "Kies de indeling van de PVB-categorie.",
                "scheme",
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
    # The conversion is recorded first, so the PAB's end is known when its last year is
    # settled (and its MFC part recomputed through ``budget_year_opened``).
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
    settle_allocation_at_end(budget, last_day=budget_rules.in_force_until(budget.facts()), by=by)
    return start_budget(pvb, on=on, by=by, note="PVB na jeugdhulp: loopt door na het PAB")


# --- Changes made by agency staff (admin): never a silent save of money fields ---------------

from django.utils.translation import gettext_noop as _noop  # noqa: E402

ALLOCATION_FIELDS = ("scheme", "category", "band", "specific_amount")
ALLOCATION_CHANGE = "allocation_change"


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _allocation_values(budget: Budget) -> dict[str, Any]:
    return {name: getattr(budget, name) for name in ALLOCATION_FIELDS}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (str(value) if isinstance(value, Decimal) else value)
        for name, value in values.items()
    }


def _booked_years(budget: Budget) -> list[int]:
    from budgetlijn.ledger.models import Entry

    return sorted(
        set(
            Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION).values_list(
                "year", flat=True
            )
        )
    )


def _last_allocation_change(budget: Budget):
    from budgetlijn.dossiers.models import BudgetAllocationChange

    return BudgetAllocationChange.objects.filter(budget=budget).order_by("-number").first()


def _yearly_or_violation(budget: Budget, year: int, field: str) -> tuple[Decimal | None, list]:
    from budgetlijn.rules import parameters

    try:
        return budget.yearly_amount(year), []
    except parameters.ParameterMissing as missing:
        return None, [Violation("R3", ErrorCode.YEARLY_AMOUNT_MISSING, str(missing), field)]
    except ValueError:
        return None, [
            Violation(
                "R3",
                ErrorCode.ALLOCATION_INCOMPLETE,
                _noop("Vul de budgetcategorie (en voor een PAB de budgetschijf) volledig in."),
                field,
            )
        ]


@transaction.atomic
def change_budget_allocation(
    budget: Budget,
    *,
    from_day: date,
    reason: str,
    by: Any = None,
    **changes: Any,
) -> Budget:
    """Change the category, band or specific amount of a running budget from ``from_day``.

    The budget is locked; every already-booked year from ``from_day`` on gets one ADJUSTMENT:
    the new entitlement minus the old one for the months from ``from_day`` (pro rata by month,
    ``rules.budget_year``). Years opened later take the new values (``open_budget_year`` reads
    the budget). A change that lowers a year below what is already paid or committed is
    refused (decision 0013), as is a day in the future or before the budget is in force.
    The audit event holds the old and new values, the day, the reason and the adjustments."""
    from budgetlijn.ledger import selectors as ledger_selectors

    unknown = sorted(set(changes) - set(ALLOCATION_FIELDS))
    if unknown:
        raise TypeError(f"unknown allocation fields: {unknown}")
    budget = lock_budget(budget)
    old = _allocation_values(budget)
    new = {**old, **changes}
    violations: list[Violation] = []
    if budget.is_final:
        violations.append(
            Violation(
                "R33",
                BudgetCode.BUDGET_ENDED,
                _noop("Dit budget is beëindigd (%(status)s); je kunt het niet meer wijzigen."),
                "status",
                {"status": budget.get_status_display()},
            )
        )
    if budget.status in NOT_STARTED_STATES:
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.BUDGET_NOT_STARTED,
                _noop(
                    "Dit budget is nog niet opgestart: er is nog niets geboekt. Pas de "
                    "categorie, schijf of het bedrag aan in het formulier van het budget."
                ),
                "category",
            )
        )
    if new == old:
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.NOTHING_CHANGED,
                _noop(
                    "Er is niets gewijzigd. Kies een andere categorie, schijf of een ander bedrag."
                ),
                "category",
            )
        )
    if not (reason or "").strip():
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.REASON_MISSING,
                _noop(
                    "Geef de reden van de wijziging (bijvoorbeeld de beslissing van het agentschap)."
                ),
                "reason",
            )
        )
    start = budget_rules.in_force_from(budget.facts())
    if from_day > _today():
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.FROM_DAY_IN_FUTURE,
                _noop(
                    "De wijziging kan niet ingaan na vandaag. Kies vandaag of een vroegere datum."
                ),
                "from_day",
            )
        )
    if start is not None and from_day < start:
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.FROM_DAY_BEFORE_START,
                _noop(
                    "De wijziging kan niet ingaan vóór %(start)s, de dag vanaf wanneer het "
                    "budget loopt. Kies een latere datum."
                ),
                "from_day",
                {"start": f"{start:%d/%m/%Y}"},
            )
        )
    last = _last_allocation_change(budget)
    if last is not None and from_day < last.from_day:
        violations.append(
            Violation(
                "VALIDATION",
                ErrorCode.FROM_DAY_BEFORE_LAST_CHANGE,
                _noop(
                    "De vorige wijziging van dit budget ging in op %(last)s. Een nieuwe "
                    "wijziging kan niet vroeger ingaan. Kies %(last)s of later."
                ),
                "from_day",
                {"last": f"{last.from_day:%d/%m/%Y}"},
            )
        )
    if violations:
        raise RuleViolations(violations)

    # Book the year of the change with the old values first (it may not be opened yet).
    if (
        budget.status == BudgetStatus.STARTED
        and start is not None
        and from_day.year >= start.year
        and from_day.year not in _booked_years(budget)
    ):
        open_budget_year(budget, from_day.year, by=by)
    years = [y for y in _booked_years(budget) if y >= from_day.year]
    for year in years:
        violations += _yearly_or_violation(budget, year, "category")[1]
    history_before = allocation_history(budget)
    history_after = [*history_before, (from_day, new)]
    for name, value in changes.items():
        setattr(budget, name, value)
    violations += _full_clean(budget)
    if violations:
        raise RuleViolations(violations)
    # Per booked year: what it should be with the change minus what is booked (decision 0013).
    # That is the change's effect on the months from ``from_day``, plus any correction of a
    # yearly amount since the year was booked (a recalculation settles it, decision 0009).
    adjustments: dict[int, Decimal] = {}
    corrections: dict[int, Decimal] = {}
    for year in years:
        _yearly, more = _yearly_or_violation(budget, year, "category")
        violations += more
        if more:
            continue
        booked = allocation_booked(budget, year)
        difference = allocation_should_be(budget, year, history=history_after) - booked
        corrections[year] = allocation_should_be(budget, year, history=history_before) - booked
        if difference == 0:
            continue
        line = ledger_selectors.budget_line(budget, year)
        if line + difference < 0:
            field = "specific_amount" if "specific_amount" in changes else "category"
            violations.append(
                Violation(
                    "R26",
                    ErrorCode.CHANGE_BELOW_PAID,
                    _noop(
                        "Deze wijziging verlaagt het jaarbudget %(year)s met %(amount)s, maar er "
                        "blijft maar %(line)s over dat nog niet betaald of vastgelegd is. Laat "
                        "de wijziging later ingaan of kies een hogere categorie of een hoger "
                        "bedrag."
                    ),
                    field,
                    {
                        "year": year,
                        "amount": format_eur(-difference),
                        "line": format_eur(max(line, Decimal(0))),
                    },
                )
            )
        adjustments[year] = difference
    if violations:
        raise RuleViolations(violations)

    from budgetlijn.dossiers.models import BudgetAllocationChange

    budget.save()
    change_id = (last.number if last is not None else 0) + 1
    BudgetAllocationChange.objects.create(
        budget=budget,
        number=change_id,
        from_day=from_day,
        reason=reason.strip(),
        created_by=user_or_none(by),
        **{f"old_{name}": value for name, value in _model_values(old).items()},
        **{f"new_{name}": value for name, value in _model_values(new).items()},
    )
    old_label = _allocation_label(budget, old)
    new_label = _allocation_label(budget, new)
    period_start = max(from_day, start) if start else from_day
    for year, difference in sorted(adjustments.items()):
        correction = corrections.get(year, Decimal(0))
        settled = (
            f", inclusief {format_eur(correction)} correctie van het jaarbedrag"
            if correction
            else ""
        )
        ledger.book(
            budget=budget,
            year=year,
            kind=EntryKind.ADJUSTMENT,
            amount=difference,
            reason=(
                f"Wijziging vanaf {from_day:%d/%m/%Y}: {old_label} → {new_label}, "
                f"jaarbudget {year} pro rata{settled}"
            ),
            by=by,
            effective_date=max(period_start, date(year, 1, 1)),
            idempotency_key=f"{CHANGE_KEY}:{budget.pk}:{change_id}:{year}",
        )
    record(
        action=AuditEvent.Action.CHANGE,
        obj=budget,
        summary=f"Budget {budget.pk} gewijzigd vanaf {from_day:%d/%m/%Y}: {old_label} → {new_label}",
        actor=by,
        person_id=budget.person_id,
        details={
            "change": ALLOCATION_CHANGE,
            "change_id": change_id,
            "from_day": from_day.isoformat(),
            "reason": reason.strip(),
            "old": _jsonable(old),
            "new": _jsonable(new),
            "adjustments": {str(y): str(a) for y, a in sorted(adjustments.items())},
        },
    )
    # Parts computed from the yearly amount of a month (the MFC reduction, R4, in contracts)
    # are recomputed for every booked year the change touches; they book only a difference.
    budget_allocation_changed.send(sender=Budget, budget=budget, years=years, by=by)
    return budget


def _model_values(values: dict[str, Any]) -> dict[str, Any]:
    """Allocation values as ``BudgetAllocationChange`` stores them (no None for text)."""
    return {**values, "scheme": values["scheme"] or ""}


def _allocation_label(budget: Budget, values: dict[str, Any]) -> str:
    label = str(values["category"])
    if values["band"]:
        label += f"/{values['band']}"
    if values["specific_amount"] is not None:
        label += f" ({format_eur(values['specific_amount'])})"
    return label


PERSON_AUDITED_FIELDS = ("first_name", "last_name", "national_number", "date_of_death")


def _audit_value(person: Person, name: str, value: Any) -> Any:
    from budgetlijn.rules import identity

    if value in (None, ""):
        return value
    if name == "national_number":
        return identity.mask(value)  # never the full number in the audit trail
    if isinstance(value, date):
        return value.isoformat()
    return value


def death_stop_day(date_of_death: date) -> date:
    """The first day a budget is no longer used after a death: the day after.

    Seed 003 §9.2: the heirs file the costs 'tot op de datum van het overlijden', so the day of
    death is the last day in force (decision 0013)."""
    return date_of_death + timedelta(days=1)


def running_budgets(person: Person):
    from budgetlijn.dossiers.constants import FINAL_STATES

    return Budget.objects.filter(person=person).exclude(status__in=FINAL_STATES).order_by("pk")


def death_stop_violations(person: Person, date_of_death: date) -> list[Violation]:
    """What would refuse stopping the person's running budgets for a death on that day."""
    violations = []
    for budget in running_budgets(person):
        for violation in budget_rules.check_stop(
            budget.facts(), death_stop_day(date_of_death), "DEATH"
        ):
            violations.append(
                Violation(
                    violation.rule_id,
                    violation.code,
                    f"{budget}: {violation.text()}",
                    "date_of_death",
                )
            )
    return violations


@transaction.atomic
def record_person_change(person: Person, *, old: dict[str, Any], by: Any = None) -> Person:
    """Save an edit of a person made in the admin (``person`` holds the new values, ``old`` the
    values before) with one audit event holding old and new values of the audited fields
    (national register numbers masked). A date of death that is newly set stops the person's
    running budgets for death from the day after (R34, ``death_stop_day``)."""
    violations = _full_clean(person)
    if violations:
        raise RuleViolations(violations)
    changed = {
        name: {
            "old": _audit_value(person, name, old.get(name)),
            "new": _audit_value(person, name, getattr(person, name)),
        }
        for name in PERSON_AUDITED_FIELDS
        if old.get(name) != getattr(person, name)
    }
    died = person.date_of_death and not old.get("date_of_death")
    if died:
        violations = death_stop_violations(person, person.date_of_death)
        if violations:
            raise RuleViolations(violations)
    person.save()
    record(
        action=AuditEvent.Action.CHANGE,
        obj=person,
        summary=f"Persoon {person.pk} gewijzigd in het beheer",
        actor=by,
        person_id=person.pk,
        details={"changes": changed},
    )
    if died:
        for budget in running_budgets(person):
            stop_budget(
                budget,
                on=death_stop_day(person.date_of_death),
                reason="DEATH",
                by=by,
                note=f"overlijden op {person.date_of_death:%d/%m/%Y}",
            )
    return person
