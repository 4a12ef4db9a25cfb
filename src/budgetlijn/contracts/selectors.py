"""Read queries the contracts app's services, admin and commands share: the facts the contract
rules read, and the rules as they stand."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from budgetlijn.contracts.models import Contract, MfcCombination
from budgetlijn.dossiers.constants import RelationKind
from budgetlijn.dossiers.models import Budget, Person, Relation
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import contracts as contract_rules
from budgetlijn.rules import identity
from budgetlijn.rules.violations import Violation, _


def locked_budget(budget: Budget) -> Budget:
    """The budget, locked for the rest of the transaction (one change at a time per budget)."""
    return Budget.objects.select_for_update().select_related("person").get(pk=budget.pk)


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
    return contract_rules.check_registration(contract_facts(contract), on or timezone.localdate())


def budget_open_violations(budget: Budget) -> list[Violation]:
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
