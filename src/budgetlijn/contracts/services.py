"""Use cases on contracts: register, approve or refuse, amend (a new version), end;
short-term support used (R21); combination with an MFC (R4).

One function per use case, one transaction, one audit event. Every refusal raises
RuleViolations listing every violation at once, with nothing saved."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.contracts.constants import ContractStatus, RegisteredByRole
from budgetlijn.contracts.models import Contract, MfcCombination, ShortTermUsage
from budgetlijn.dossiers import services as dossier_services
from budgetlijn.dossiers.constants import NOT_STARTED_STATES, BudgetKind, RelationKind
from budgetlijn.dossiers.models import Budget, Person, Relation
from budgetlijn.dossiers.services import _full_clean
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.locks import lock_budget
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import budget_year, contract_types, identity, mfc, parameters, short_term
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules import contracts as contract_rules
from budgetlijn.rules.violations import RuleViolations, Violation, _

# The contract fields a holder fills in; everything else is set by the services.
INPUT_FIELDS = (
    "type_code",
    "payment_mode",
    "counterparty_kind",
    "counterparty_name",
    "counterparty_national_number",
    "counterparty_enterprise_number",
    "counterparty_person",
    "counterparty_lives_abroad",
    "provider_kind",
    "family_second_degree",
    "same_household",
    "minor_name",
    "start_date",
    "end_date",
    "indefinite_duration",
    "notice_terms",
    "task_description",
    "weekly_hours",
    "hourly_cost",
    "payment_terms",
    "holder_signatory",
    "holder_signed_on",
    "counterparty_signed_on",
    "holder_enterprise_number",
    "student_minor",
    "parents_consent_on",
    "wijk_werk_registered_on",
    "provider_declaration_on",
    "supervising_guardian_signed_on",
    "justice_of_peace_consent_on",
    "support_function",
    "excluded_use",
    "hotel_costs_included",
)


def _today() -> date:
    return timezone.localdate()


def _counterparty_person_id(contract: Contract) -> int | None:
    if contract.counterparty_person_id:
        return contract.counterparty_person_id
    number = identity.strip_punctuation(contract.counterparty_national_number)
    if not number:
        return None
    return Person.objects.filter(national_number=number).values_list("pk", flat=True).first()


def contract_facts(contract: Contract) -> contract_rules.ContractFacts:
    """The plain data the contract rules need, read from the dossier."""
    budget = contract.budget
    holders = list(budget.holders.values_list("person_id", "manages"))
    relations = Relation.objects.filter(person_id=budget.person_id).values_list(
        "relative_id", "kind"
    )
    parents = {
        rid
        for rid, kind in relations
        if kind in (RelationKind.PARENT, RelationKind.ADOPTIVE_PARENT)
    }
    guardians = {rid for rid, kind in relations if kind == RelationKind.GUARDIAN}
    counterparty = contract_rules.PartyFacts(
        kind=contract.counterparty_kind,
        name=contract.counterparty_name,
        national_number=identity.strip_punctuation(contract.counterparty_national_number) or None,
        enterprise_number=contract.counterparty_enterprise_number or None,
        person_id=_counterparty_person_id(contract),
        lives_abroad=contract.counterparty_lives_abroad,
        provider_kind=contract.provider_kind,
    )
    return contract_rules.ContractFacts(
        type_code=contract.type_code,
        budget_kind=budget.kind,
        payment_mode=contract.payment_mode,
        person_id=budget.person_id,
        person_name=budget.person.full_name,
        holder_ids=frozenset(pid for pid, manages in holders if manages),
        non_managing_holder_ids=frozenset(pid for pid, manages in holders if not manages),
        parent_ids=frozenset(parents),
        guardian_ids=frozenset(guardians),
        counterparty=counterparty,
        registered_by_id=contract.holder_signatory_id,
        counterparty_family_second_degree=contract.family_second_degree,
        counterparty_same_household=contract.same_household,
        minor_name=contract.minor_name,
        start_date=contract.start_date,
        end_date=contract.end_date,
        indefinite_duration=contract.indefinite_duration,
        notice_terms=contract.notice_terms,
        task_description=contract.task_description,
        weekly_hours=contract.weekly_hours,
        hourly_cost=contract.hourly_cost,
        payment_terms=contract.payment_terms,
        holder_signed_on=contract.holder_signed_on,
        counterparty_signed_on=contract.counterparty_signed_on,
        holder_enterprise_number=contract.holder_enterprise_number or None,
        student_minor=contract.student_minor,
        parents_consent_on=contract.parents_consent_on,
        wijk_werk_registered_on=contract.wijk_werk_registered_on,
        provider_declaration_on=contract.provider_declaration_on,
        management_statement=budget.management_statements.exists(),
        supervising_guardian_signed_on=contract.supervising_guardian_signed_on,
        justice_of_peace_consent_on=contract.justice_of_peace_consent_on,
        support_function=contract.support_function or None,
        excluded_use=contract.excluded_use or None,
        hotel_costs_included=contract.hotel_costs_included,
    )


def current_violations(contract: Contract, on: date | None = None) -> list[Violation]:
    """The rules as they stand on ``on`` (for the approval queue)."""
    return contract_rules.check_registration(contract_facts(contract), on or _today())


def _budget_open_violations(budget: Budget) -> list[Violation]:
    if budget.is_final:
        return [
            Violation(
                "R19",
                "budget_ended",
                _("Dit budget is beëindigd (%(status)s); er kunnen geen overeenkomsten meer bij."),
                "budget",
                {"status": budget.get_status_display()},
            )
        ]
    return []


def registration_violations(contract: Contract, on: date) -> list[Violation]:
    """Every rule a new contract must meet on ``on`` (budget still open + the contract rules)."""
    return _budget_open_violations(contract.budget) + contract_rules.check_registration(
        contract_facts(contract), on
    )


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
    on = on or _today()
    contract = Contract(
        budget=budget,
        registered_on=on,
        registered_by=user_or_none(by),
        registered_by_role=role,
        registered_by_organisation=organisation,
        **data,
    )
    violations = _full_clean(contract, exclude=["budget", "registered_by"])
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
    if contract.status != ContractStatus.REGISTERED:
        return [
            Violation(
                "R19",
                "contract_not_pending",
                _("Over deze overeenkomst is al beslist (%(status)s)."),
                "status",
                {"status": contract.get_status_display()},
            )
        ]
    return []


@transaction.atomic
def approve_contract(contract: Contract, *, by: Any = None, on: date | None = None) -> Contract:
    """Approve a registered contract. The first approved contract starts the budget (R1/R2)
    from the day it was registered, which books the budget year and the refundable advance
    (R13); a new version replaces the approved one before it."""
    on = on or _today()
    budget = lock_budget(contract.budget, person=True)  # may start the budget
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = _pending(contract) + _budget_open_violations(budget)
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
    return contract


@transaction.atomic
def refuse_contract(
    contract: Contract, *, reason: str, by: Any = None, on: date | None = None
) -> Contract:
    on = on or _today()
    lock_budget(contract.budget)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = _pending(contract)
    if not (reason or "").strip():
        violations.append(
            Violation(
                "R19",
                "refusal_reason_missing",
                _("Geef de reden van de weigering; de budgethouder leest ze in de beslissing."),
                "refusal_reason",
            )
        )
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
    on = on or _today()
    budget = lock_budget(contract.budget)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    violations = _budget_open_violations(budget)
    if (
        contract.status != ContractStatus.APPROVED
        or Contract.objects.filter(previous=contract).exists()
    ):
        violations.append(
            Violation(
                "R19",
                "only_latest_approved_can_change",
                _(
                    "Alleen de laatste goedgekeurde versie van een overeenkomst kan gewijzigd "
                    "worden. Wacht op de beslissing over de vorige wijziging."
                ),
                "status",
            )
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
    violations += _full_clean(new, exclude=["budget", "registered_by", "previous"])
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


# --- R21 short-term support -------------------------------------------------------------


@transaction.atomic
def record_short_term_usage(
    contract: Contract, *, on: date, counter: str, quantity: Decimal, by: Any = None
) -> ShortTermUsage:
    """Record days, nights or sessions of short-term support; the caps of R21 count per
    calendar year across all the holder's contracts, with the cap in force on the day."""
    budget = lock_budget(contract.budget)
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


# --- R4 combination with an MFC -----------------------------------------------------------


def book_mfc_adjustments(budget: Budget, year: int, *, by: Any = None) -> list[Entry]:
    """Book, once per combination and year, the difference a combination makes to the
    year's entitlement (R4). Safe to call again: idempotency keys."""
    if budget.kind != BudgetKind.PAB:
        return []
    if not Entry.objects.filter(budget=budget, year=year, kind=EntryKind.ALLOCATION).exists():
        return []
    entries = []
    combos = list(
        MfcCombination.objects.filter(
            budget=budget, effective_from__lte=date(year, 12, 31)
        ).order_by("effective_from", "id")
    )
    previous = None
    for combo in combos:
        months_from = max(combo.effective_from, date(year, 1, 1))
        new_part = _part(budget, combo, year, months_from)
        old_part = _part(budget, previous, year, months_from)
        previous = combo
        difference = new_part - old_part
        if difference == 0:
            continue
        entries.append(
            ledger.book(
                budget=budget,
                year=year,
                kind=EntryKind.ADJUSTMENT,
                amount=-difference,
                reason=(
                    f"Combinatie met MFC {combo.mfc_name}: {combo.days_per_week} dagen per week "
                    f"vanaf {combo.effective_from:%d/%m/%Y} (R4)"
                ),
                by=by,
                effective_date=months_from,
                idempotency_key=f"mfc:{combo.pk}:{year}",
            )
        )
    return entries


def _part(budget: Budget, combo: MfcCombination | None, year: int, months_from: date) -> Decimal:
    if combo is None:
        return Decimal("0.00")
    yearly = budget.yearly_amount(year)
    reduction = mfc.mfc_reduction(yearly, combo.days_per_week, months_from)
    start = budget_rules.in_force_from(budget.facts())
    first = max(d for d in (months_from, start) if d)
    return budget_year.pro_rata(reduction, year, first, budget.stopped_on)


def _structural_from(changed_on: date) -> date:
    weeks = int(parameters.value(mfc.STRUCTURAL_WEEKS, changed_on))
    return changed_on + timedelta(weeks=weeks)


@transaction.atomic
def report_mfc_combination(
    budget: Budget,
    *,
    mfc_name: str,
    days_per_week: Decimal,
    changed_on: date,
    reported_on: date,
    by: Any = None,
) -> MfcCombination:
    """R4: the holder reports in writing how many days a week the minor goes to an MFC.
    A change counts once it has lasted 4 consecutive weeks; the yearly amount is reduced
    from the first day of the next month, and the ledger shows the adjustment."""
    budget = lock_budget(budget)
    violations: list[Violation] = []
    if budget.kind != BudgetKind.PAB:
        violations.append(
            Violation(
                "R4",
                "mfc_only_pab",
                _("Alleen een PAB wordt verminderd voor de dagen in een MFC."),
                "budget",
            )
        )
    if reported_on < changed_on:
        violations.append(
            Violation(
                "R4",
                "reported_before_change",
                _("De melding kan niet vóór de wijziging liggen. Controleer de data."),
                "reported_on",
            )
        )
    elif not mfc.is_structural(changed_on, reported_on):
        violations.append(
            Violation(
                "R4",
                "change_not_structural",
                _(
                    "Een wijziging telt pas mee als ze 4 opeenvolgende weken duurt. Meld ze "
                    "opnieuw vanaf %(day)s."
                ),
                "changed_on",
                {"day": _structural_from(changed_on).strftime("%d/%m/%Y")},
            )
        )
    if not (mfc_name or "").strip():
        violations.append(
            Violation("R4", "mfc_name_missing", _("Vul de naam van het MFC in."), "mfc_name")
        )
    if not Decimal(0) <= Decimal(days_per_week) <= Decimal(7):
        violations.append(
            Violation(
                "R4",
                "days_per_week_range",
                _("Geef een aantal dagen per week tussen 0 en 7."),
                "days_per_week",
            )
        )
    if violations:
        raise RuleViolations(violations)
    effective_from = mfc.mfc_effective_from(changed_on)
    yearly = budget.yearly_amount(effective_from.year)
    combination = MfcCombination.objects.create(
        budget=budget,
        mfc_name=mfc_name.strip(),
        days_per_week=days_per_week,
        changed_on=changed_on,
        reported_on=reported_on,
        effective_from=effective_from,
        yearly_reduction=mfc.mfc_reduction(yearly, Decimal(days_per_week), effective_from),
        recorded_by=user_or_none(by),
    )
    opened = Entry.objects.filter(
        budget=budget, kind=EntryKind.ALLOCATION, year__gte=effective_from.year
    ).values_list("year", flat=True)
    for year in sorted(set(opened)):
        book_mfc_adjustments(budget, year, by=by)
    record(
        action=AuditEvent.Action.CREATE,
        obj=combination,
        summary=f"Combinatie met MFC gemeld: {combination}",
        actor=by,
        person_id=budget.person_id,
    )
    return combination
