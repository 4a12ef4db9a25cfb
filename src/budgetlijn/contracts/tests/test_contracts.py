"""Contracts from registration to approval, the advance in the ledger, versions, R9, R21, R4."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from budgetlijn.contracts import services
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract, MfcCombination, ShortTermUsage
from budgetlijn.contracts.tests.factories import employment, short_term_contract
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.ledger import selectors
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db


def test_r19_registration_to_approval_starts_the_budget_and_pays_the_advance(family):
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    assert contract.status == ContractStatus.REGISTERED
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ALLOCATED
    assert not Entry.objects.filter(budget=budget).exists()  # nothing counts before approval

    services.approve_contract(contract, on=date(2023, 3, 2))
    contract.refresh_from_db()
    budget.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED
    assert contract.decided_on == date(2023, 3, 2)
    assert budget.status == BudgetStatus.STARTED
    assert budget.started_on == date(2023, 2, 21)  # the day the contract was registered
    balances = selectors.balances(budget, 2023)
    # PAB II/2 2023 = 23 890,08: in force from February, 11/12 (cumulative rounding).
    assert balances.entitlement == Decimal("23890.08") - Decimal("1990.84")
    # R13: a quarter of the yearly budget, rounded to the euro.
    assert balances.advance_outstanding == Decimal("5973.00")
    assert Entry.objects.filter(budget=budget, kind=EntryKind.ADVANCE_PAID).count() == 1


def test_r19_second_approved_contract_does_not_pay_a_second_advance(family):
    budget = family["budget"]
    first = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    services.approve_contract(first, on=date(2023, 3, 2))
    second = services.register_contract(
        budget=budget,
        data=employment(counterparty_name="Arne Maes", counterparty_national_number="85073003328"),
        on=date(2023, 3, 5),
    )
    services.approve_contract(second, on=date(2023, 3, 6))
    assert Entry.objects.filter(budget=budget, kind=EntryKind.ADVANCE_PAID).count() == 1
    assert Entry.objects.filter(budget=budget, kind=EntryKind.ALLOCATION).count() == 1


def test_r18_bad_contract_lists_every_violation_at_once_and_saves_nothing(family):
    data = employment(
        counterparty_national_number="12345678901",
        minor_name="",
        task_description="",
        hourly_cost=Decimal("9.00"),
        end_date=date(2023, 1, 1),
    )
    with pytest.raises(RuleViolations) as refused:
        services.register_contract(budget=family["budget"], data=data, on=date(2023, 2, 21))
    fields = set(refused.value.by_field())
    assert len(refused.value.violations) >= 4
    assert {"minor_name", "task_description"} <= fields
    assert any("national_number" in (f or "") for f in fields)
    assert all(v.text() for v in refused.value.violations)
    assert Contract.objects.count() == 0


def test_r22_employment_below_the_minimum_wage_is_refused(family):
    with pytest.raises(RuleViolations) as refused:
        services.register_contract(
            budget=family["budget"],
            data=employment(hourly_cost=Decimal("10.00")),
            on=date(2023, 2, 21),
        )
    assert "R22" in {v.rule_id for v in refused.value.violations}
    assert Contract.objects.count() == 0


def test_r9_holder_cannot_be_the_assistant(family):
    mother = family["mother"]
    with pytest.raises(RuleViolations) as refused:
        services.register_contract(
            budget=family["budget"],
            data=employment(
                counterparty_name=mother.full_name,
                counterparty_national_number=mother.national_number,
            ),
            on=date(2023, 2, 21),
        )
    assert "R9" in {v.rule_id for v in refused.value.violations}


def _parent_assistant_budget():
    from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory

    child = PersonFactory(first_name="Noor", last_name="Peeters", birth_date=date(2015, 3, 14))
    mother = RelationFactory(person=child, kind="PARENT").relative
    father = RelationFactory(person=child, kind="PARENT").relative
    budget = dossiers.allocate_budget(
        person=child,
        kind="PAB",
        category="II",
        band=2,
        allocated_on=date(2023, 2, 10),
        letter_received_on=date(2023, 2, 14),
        holders=[
            dossiers.HolderInput(mother, "PARENT"),
            dossiers.HolderInput(father, "PARENT", manages=False),
        ],
        statements=[dossiers.StatementInput(mother, father, date(2023, 2, 12), date(2023, 2, 13))],
    )
    data = employment(
        type_code="PAB_FAMILY_EMPLOYMENT",
        counterparty_name=father.full_name,
        counterparty_national_number=father.national_number,
        family_second_degree=True,
        same_household=True,
        holder_signatory=mother,
    )
    contract = services.register_contract(budget=budget, data=data, on=date(2023, 2, 21))
    services.approve_contract(contract, on=date(2023, 3, 1))
    contract.refresh_from_db()
    return budget, mother, father, contract


def test_r9_parent_assistant_with_management_statement_changes_like_any_contract():
    budget, _mother, _father, contract = _parent_assistant_budget()
    new = services.amend_contract(
        contract, changes={"weekly_hours": Decimal("20.00")}, on=date(2023, 5, 1)
    )
    services.approve_contract(new, on=date(2023, 5, 2))
    assert Contract.objects.get(pk=new.pk).weekly_hours == Decimal("20.00")


def test_r9_running_contract_of_a_parent_who_is_holder_and_assistant_can_only_end():
    # The managing parent is gone; the assisting parent is now the only holder (seed 003
    # §2.3.1, 'In geval van 1 ouder'): the running contract may continue but not change.
    from budgetlijn.dossiers.models import BudgetHolder

    budget, mother, father, contract = _parent_assistant_budget()
    BudgetHolder.objects.filter(budget=budget, person=mother).delete()
    BudgetHolder.objects.filter(budget=budget, person=father).update(manages=True)
    with pytest.raises(RuleViolations) as refused:
        services.amend_contract(
            contract, changes={"weekly_hours": Decimal("20.00")}, on=date(2023, 5, 1)
        )
    assert "R9" in {v.rule_id for v in refused.value.violations}
    ended = services.end_contract(contract, end_date=date(2023, 6, 30), on=date(2023, 5, 1))
    assert ended.version == 2 and ended.status == ContractStatus.REGISTERED
    services.approve_contract(ended, on=date(2023, 5, 2))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SUPERSEDED
    assert Contract.objects.get(pk=ended.pk).end_date == date(2023, 6, 30)


def test_r9_nobody_signs_a_contract_with_themself(family):
    mother = family["mother"]
    with pytest.raises(RuleViolations) as refused:
        services.register_contract(
            budget=family["budget"],
            data=employment(
                counterparty_name=mother.full_name,
                counterparty_national_number=mother.national_number,
                holder_signatory=mother,
            ),
            on=date(2023, 2, 21),
        )
    assert "self_contract" in {v.code for v in refused.value.violations}


def test_r19_open_ended_contract_can_be_ended(family):
    contract = services.register_contract(
        budget=family["budget"],
        data=employment(end_date=None, indefinite_duration=True),
        on=date(2023, 2, 21),
    )
    services.approve_contract(contract, on=date(2023, 3, 2))
    contract.refresh_from_db()
    ended = services.end_contract(contract, end_date=date(2023, 12, 31), on=date(2023, 11, 1))
    assert ended.end_date == date(2023, 12, 31) and not ended.indefinite_duration


def test_r20_approval_judges_the_rules_of_the_registration_day(family):
    data = employment(
        type_code="PAB_WIJK_WERK",
        counterparty_kind="ENTERPRISE",
        counterparty_name="Wijk-werken Mechelen",
        counterparty_national_number="",
        counterparty_enterprise_number="0403170897",
        provider_kind="WIJK_WERK_ORGANISER",
        wijk_werk_registered_on=date(2022, 3, 1),
        holder_enterprise_number="",
        start_date=date(2023, 2, 22),
    )
    contract = services.register_contract(budget=family["budget"], data=data, on=date(2023, 2, 21))
    # Decided after the document's anniversary: the holder registered in time.
    services.approve_contract(contract, on=date(2023, 4, 1))
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.APPROVED


def test_r19_a_change_is_a_new_version_approved_again_with_history(family):
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    services.approve_contract(contract, on=date(2023, 3, 2))
    contract.refresh_from_db()
    new = services.amend_contract(
        contract, changes={"weekly_hours": Decimal("16.00")}, on=date(2023, 6, 1)
    )
    assert new.previous == contract and new.version == 2
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED  # until the new version is approved
    with pytest.raises(RuleViolations):
        services.amend_contract(
            contract, changes={"weekly_hours": Decimal("18.00")}, on=date(2023, 6, 2)
        )
    services.refuse_contract(
        new, reason="De uren passen niet bij de taakomschrijving.", on=date(2023, 6, 3)
    )
    new.refresh_from_db()
    assert new.status == ContractStatus.REFUSED
    assert "taakomschrijving" in new.refusal_reason
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED
    assert new.root == contract


def test_r19_refusal_needs_a_reason(family):
    contract = services.register_contract(
        budget=family["budget"], data=employment(), on=date(2023, 2, 21)
    )
    with pytest.raises(RuleViolations) as refused:
        services.refuse_contract(contract, reason="  ")
    assert refused.value.violations[0].field == "refusal_reason"
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REGISTERED


def test_r1_pending_contract_registered_in_time_keeps_the_budget_from_lapsing(family):
    budget = family["budget"]
    services.register_contract(budget=budget, data=employment(), on=date(2023, 6, 10))
    call_command("run_deadlines", "--date", "2023-06-20", stdout=StringIO())
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ALLOCATED


def test_r21_short_term_days_count_across_contracts_with_the_cap_of_the_day(family):
    from budgetlijn.contracts.constants import ShortTermCounter
    from budgetlijn.rules import contract_types

    budget = family["budget"]
    ctype = contract_types.contract_type("PAB_LICENSED_SHORT_TERM")
    data = short_term_contract(family)
    for name in ("weekly_hours", "hourly_cost"):
        if name not in ctype.required_fields:
            data.pop(name)
    first = services.register_contract(budget=budget, data=data, on=date(2023, 2, 21))
    services.approve_contract(first, on=date(2023, 2, 22))
    second = services.register_contract(
        budget=budget,
        data={
            **data,
            "counterparty_name": "MFC Het Anker",
            "counterparty_enterprise_number": "0403170996",
        },
        on=date(2023, 2, 23),
    )
    services.approve_contract(second, on=date(2023, 2, 24))
    counter = ctype.short_term_counter
    services.record_short_term_usage(
        first, on=date(2023, 4, 1), counter=counter, quantity=Decimal(100)
    )
    services.record_short_term_usage(
        second, on=date(2023, 8, 1), counter=counter, quantity=Decimal(55)
    )
    # 155 days and/or nights in 2023 (seed 002): the next day on any contract is refused.
    with pytest.raises(RuleViolations) as refused:
        services.record_short_term_usage(
            second, on=date(2023, 9, 1), counter=counter, quantity=Decimal(1)
        )
    assert refused.value.violations[0].rule_id == "R21"
    assert ShortTermUsage.objects.filter(budget=budget).count() == 2
    assert counter in ShortTermCounter.values


def test_r4_mfc_combination_reduces_the_pab_from_the_next_month(family):
    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    services.approve_contract(contract, on=date(2023, 3, 2))
    before = selectors.balances(budget, 2023).entitlement
    # A first report starts the combination: reported in writing, no 4-week wait (seed 002).
    combination = services.report_mfc_combination(
        budget,
        mfc_name="MFC Het Anker",
        days_per_week=Decimal(2),
        changed_on=date(2023, 5, 8),
        reported_on=date(2023, 5, 20),
    )
    assert combination.effective_from == date(2023, 6, 1)
    # 2 of 7 days: 23 890,08 x 2/7 = 6 825,74 a year; June-December is 7/12 of that.
    assert combination.yearly_reduction == Decimal("6825.74")
    after = selectors.balances(budget, 2023).entitlement
    assert before - after == Decimal("6825.74") - Decimal("2844.06")
    adjustment = Entry.objects.get(budget=budget, kind=EntryKind.ADJUSTMENT)
    assert "MFC" in adjustment.reason
    # A new budget year gets its reduction when it is opened.
    dossiers.open_budget_year(budget, 2024)
    assert Entry.objects.filter(budget=budget, year=2024, kind=EntryKind.ADJUSTMENT).count() == 1
    # A change of the days is reported once it has lasted 4 consecutive weeks.
    with pytest.raises(RuleViolations) as refused:
        services.report_mfc_combination(
            budget,
            mfc_name="MFC Het Anker",
            days_per_week=Decimal(3),
            changed_on=date(2023, 9, 4),
            reported_on=date(2023, 9, 20),
        )
    assert [v.code for v in refused.value.violations] == ["change_not_structural"]
    assert MfcCombination.objects.count() == 1


def test_approval_queue_command_lists_oldest_first_with_violations(family):
    budget = family["budget"]
    old = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    new = services.register_contract(
        budget=budget,
        data=employment(counterparty_name="Arne Maes", counterparty_national_number="85073003328"),
        on=date(2023, 3, 1),
    )
    out = StringIO()
    call_command("approval_queue", "--date", "2023-03-10", stdout=out)
    text = out.getvalue()
    assert "2 overeenkomst(en) wachten" in text
    assert text.index(f"overeenkomst {old.pk} ") < text.index(f"overeenkomst {new.pk} ")
    assert "17 dag(en)" in text


def test_r18_the_holder_who_signs_must_hold_the_budget(family):
    from budgetlijn.dossiers.tests.factories import PersonFactory

    neighbour = PersonFactory(first_name="Els", last_name="Claes")
    with pytest.raises(RuleViolations) as refused:
        services.register_contract(
            budget=family["budget"],
            data=employment(holder_signatory=neighbour),
            on=date(2023, 2, 21),
        )
    assert [(v.code, v.field) for v in refused.value.violations] == [
        ("signatory_not_holder", "registered_by_id")
    ]
    assert Contract.objects.count() == 0
    signed = services.register_contract(
        budget=family["budget"],
        data=employment(holder_signatory=family["father"]),
        on=date(2023, 2, 21),
    )
    assert signed.holder_signatory == family["father"]
