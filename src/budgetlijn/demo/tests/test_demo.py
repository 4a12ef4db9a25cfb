"""load_demo and its generators: the 2022 convenant table (R38), determinism, valid numbers,
budgets started by approved contracts (R19), the approval queue, R4, R21, R22, organisations
and mandates (R36)."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Min, Sum
from schwifty import IBAN
from stdnum.be import nn, vat

from budgetlijn.assistance import selectors as assistance_selectors
from budgetlijn.assistance.constants import MandateRight, OrganisationKind
from budgetlijn.assistance.models import Mandate, Organisation, OrganisationMember
from budgetlijn.contracts.constants import ContractStatus, RegisteredByRole
from budgetlijn.contracts.models import Contract, MfcCombination, ShortTermUsage
from budgetlijn.costs.constants import Outcome, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.demo import assistance as demo_assistance
from budgetlijn.demo import costs as demo_costs
from budgetlijn.demo.contracts import CONVENANT_FUNCTIONS
from budgetlijn.demo.convenants import (
    CONVENANT_2022_PROVINCES,
    CONVENANT_2022_ROW_TOTALS,
    CONVENANT_2022_TABLE,
    CONVENANT_2022_TOTAL,
)
from budgetlijn.demo.identities import (
    EnterpriseNumbers,
    NationalNumbers,
    enterprise_number_with_check_digits,
    with_check_digits,
)
from budgetlijn.demo.plan import (
    PVB_OLD_PER_SCALE,
    PVB_OLD_SPREAD,
    REFERENCE_DATE,
    apportion,
    generate_plan,
    make_rng,
    start_deadline,
)
from budgetlijn.demo.specs import ContractSpec, DecisionSpec
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, PvbScheme
from budgetlijn.dossiers.models import Budget, BudgetAccount, Person
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import contract_types, parameters
from budgetlijn.rules.dates import years_between

TODAY = REFERENCE_DATE  # 2026-11-23
EXPECTED_ROW_TOTALS = {
    "RESIDENTIAL_HIGH_FREQUENCY": 96,
    "SCHOOL_COMPLEMENTARY_DAY_CARE": 2,
    "SCHOOL_REPLACING_DAY_CARE": 7,
    "RESIDENTIAL_GES_PLUS": 7,
    "OTHER": 12,
}


def plan(scale=1, seed=2023, today=TODAY):
    """The plan without the database: file parameters only, no administrator overrides."""
    with parameters.isolated():
        return generate_plan(scale, seed, today)


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


# --- the 2022 convenant table (seed 000) ---------------------------------------------------------


def test_r38_convenant_table_constant_keeps_the_seed_totals():
    row_totals = {category: sum(row.values()) for category, row in CONVENANT_2022_TABLE.items()}
    assert row_totals == EXPECTED_ROW_TOTALS == CONVENANT_2022_ROW_TOTALS
    assert sum(row_totals.values()) == CONVENANT_2022_TOTAL == 124
    # The complete row, column by column: Antwerpen, Vlaams-Brabant, Limburg, O-Vl, W-Vl.
    assert CONVENANT_2022_PROVINCES == ("ANT", "VBR", "LIM", "OVL", "WVL")
    assert [
        CONVENANT_2022_TABLE["RESIDENTIAL_HIGH_FREQUENCY"][p] for p in CONVENANT_2022_PROVINCES
    ] == [
        35,
        24,
        9,
        17,
        11,
    ]
    # Sparse rows: the numbers of the seed, filled in from the left (the documented assumption).
    seed_numbers = {
        "SCHOOL_COMPLEMENTARY_DAY_CARE": [2],
        "SCHOOL_REPLACING_DAY_CARE": [4, 3],
        "RESIDENTIAL_GES_PLUS": [4, 2, 1],
        "OTHER": [4, 5, 1, 2],
    }
    for category, numbers in seed_numbers.items():
        row = [CONVENANT_2022_TABLE[category][p] for p in CONVENANT_2022_PROVINCES]
        assert row == numbers + [0] * (len(row) - len(numbers)), category


@pytest.mark.django_db
def test_r38_load_demo_scale_0_allocates_exactly_the_124_convenants_of_2022():
    output = load_demo("--scale", "0", "--seed", "11")

    assert Budget.objects.count() == 124
    convenants = Budget.objects.filter(kind=BudgetKind.CONVENANT, allocated_on__year=2022)
    assert convenants.count() == 124
    cells = {
        (row["category"], row["person__province"]): row["n"]
        for row in convenants.values("category", "person__province").annotate(n=Count("id"))
    }
    expected = {
        (category, province): count
        for category, row in CONVENANT_2022_TABLE.items()
        for province, count in row.items()
        if count
    }
    assert cells == expected
    row_totals = {
        row["category"]: row["n"] for row in convenants.values("category").annotate(n=Count("id"))
    }
    assert row_totals == EXPECTED_ROW_TOTALS
    # Minors on the allocation day, started, the OTHER ones with their own amount.
    for budget in convenants.select_related("person"):
        assert years_between(budget.person.birth_date, budget.allocated_on) < 18
        assert budget.status == BudgetStatus.STARTED
        assert (budget.specific_amount is not None) == (budget.category == "OTHER")
    assert "124" in output and "Verblijf hoog frequent met dagopvang" in output
    # R8: each one started by the provider's service agreement, approved, for the support
    # function of its category, at a licensed provider or an MFC.
    agreements = Contract.objects.filter(budget__kind=BudgetKind.CONVENANT)
    assert agreements.count() == 124
    for contract in agreements.select_related("budget"):
        assert contract.type_code == "CONVENANT_SERVICE_AGREEMENT"
        assert contract.status == ContractStatus.APPROVED
        assert contract.provider_kind in ("LICENSED", "MFC")
        assert contract.support_function in CONVENANT_FUNCTIONS[contract.budget.category]
        assert contract.budget.started_on == contract.registered_on


# --- determinism -------------------------------------------------------------------------------


def test_same_scale_and_seed_give_the_same_plan():
    first, second = plan(1, 2023), plan(1, 2023)
    assert first.national_numbers() == second.national_numbers()
    assert first.ibans() == second.ibans()
    assert first.budgets == second.budgets


def test_another_seed_gives_other_people():
    first, other = plan(1, 2023), plan(1, 2024)
    assert first.national_numbers() != other.national_numbers()
    assert first.ibans() != other.ibans()


def test_identities_do_not_depend_on_the_day_of_loading():
    now, later = plan(1, 2023, TODAY), plan(1, 2023, TODAY + timedelta(days=200))
    assert now.national_numbers() == later.national_numbers()
    assert now.ibans() == later.ibans()
    assert [p.full_name for p in now.persons()] == [p.full_name for p in later.persons()]


def test_convenants_are_the_same_at_every_scale():
    at_0 = plan(0).of_kind(BudgetKind.CONVENANT)
    at_2 = plan(2).of_kind(BudgetKind.CONVENANT)
    assert at_0 == at_2
    assert plan(0).budgets == tuple(at_0)


def test_contracts_and_organisations_do_not_depend_on_the_day_of_loading():
    now, later = plan(1, 2023, TODAY), plan(1, 2023, TODAY + timedelta(days=200))
    assert now.assistant_numbers() == later.assistant_numbers()
    assert now.enterprise_numbers() == later.enterprise_numbers()
    assert [c.fields()["counterparty_name"] for c in now.contracts()] == [
        c.fields()["counterparty_name"] for c in later.contracts()
    ]


def test_national_numbers_are_derived_from_birth_date_and_sequence():
    numbers = NationalNumbers()
    rng = make_rng(1)
    issued = [numbers.issue(rng, date(2012, 2, 29), "F") for _ in range(50)]
    assert len(set(issued)) == 50
    for number in issued:
        assert nn.is_valid(number)
        assert nn.get_birth_date(number) == date(2012, 2, 29)
        assert nn.get_gender(number) == "F"
    # 1985-07-30, sequence 033: the example of python-stdnum's documentation.
    assert with_check_digits(date(1985, 7, 30), 33) == "85073003328"


def test_enterprise_numbers_get_check_digits_from_stdnum():
    # The examples of python-stdnum's documentation and of the contracts tests.
    assert enterprise_number_with_check_digits("04030192") == "0403019261"
    assert enterprise_number_with_check_digits("04031707") == "0403170701"
    numbers = EnterpriseNumbers()
    rng = make_rng(3)
    issued = [numbers.issue(rng) for _ in range(200)]
    assert len(set(issued)) == 200
    assert all(vat.is_valid(number) and len(number) == 10 for number in issued)


# --- valid numbers, realistic budgets ------------------------------------------------------------


def test_every_national_number_and_iban_is_valid_and_unique():
    demo = plan(2, 99)
    persons = demo.persons()
    assert len({p.national_number for p in persons}) == len(persons)
    for person in persons:
        assert nn.is_valid(person.national_number), person
        assert nn.get_birth_date(person.national_number) == person.birth_date
        assert nn.get_gender(person.national_number) == person.gender
    ibans = demo.ibans()
    assert len(set(ibans)) == len(ibans) > 0
    for iban in ibans:
        parsed = IBAN(iban)  # raises when not valid
        assert parsed.country_code == "BE"
        assert parsed.bic is not None


def test_every_assistant_and_organisation_number_is_valid():
    demo = plan(2, 99)
    persons = set(demo.national_numbers())
    assistants = demo.assistant_numbers()
    assert assistants and not persons & set(assistants)
    for number in assistants:
        assert nn.is_valid(number), number
    enterprises = demo.enterprise_numbers()
    assert len(set(enterprises)) == len(enterprises) > 50
    for number in enterprises:
        assert vat.is_valid(number), number
    for contract in demo.contracts():
        number = contract.fields().get("counterparty_enterprise_number")
        assert number is None or vat.is_valid(number)


def test_every_started_budget_starts_with_a_contract_registered_on_its_start_day():
    demo = plan(1)
    for budget in demo.budgets:
        approved = {
            e.key for e in budget.contract_events if isinstance(e, DecisionSpec) and e.approve
        }
        registered = [
            e for e in budget.contract_events if isinstance(e, ContractSpec) and e.key in approved
        ]
        if budget.started_on is None:
            assert not registered, budget.key
        else:
            assert min(c.registered_on for c in registered) == budget.started_on, budget.key


def test_budgets_fit_the_rules_on_ages_and_spread():
    demo = plan(1)
    counts = Counter(budget.kind for budget in demo.budgets)
    assert counts == {BudgetKind.PVB: 250, BudgetKind.PAB: 20, BudgetKind.CONVENANT: 124}
    for budget in demo.of_kind(BudgetKind.PVB):
        assert years_between(budget.person.birth_date, budget.applied_on) >= 18
        if budget.scheme == PvbScheme.OLD:
            assert budget.applied_on < date(2020, 3, 17)
    for budget in demo.of_kind(BudgetKind.PAB):
        assert 2 <= years_between(budget.person.birth_date, budget.applied_on) < 18
        assert years_between(budget.person.birth_date, budget.allocated_on) < 18
    old = Counter(
        budget.category for budget in demo.of_kind(BudgetKind.PVB) if budget.scheme == PvbScheme.OLD
    )
    assert old == apportion(PVB_OLD_SPREAD, PVB_OLD_PER_SCALE)


def test_some_budgets_wait_to_start_with_a_deadline_in_the_coming_30_days():
    demo = plan(1)
    waiting = [b for b in demo.budgets if not (b.started_on or b.lapsed_on)]
    assert len(waiting) == 6
    with parameters.isolated():
        for budget in waiting:
            deadline = start_deadline(
                budget.kind, budget.category, budget.letter_received_on, bool(budget.extension)
            )
            assert TODAY < deadline <= TODAY + timedelta(days=30)


# --- loading through the services ----------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_refuses_a_database_with_other_data():
    services.register_person(
        first_name="Jef",
        last_name="Peeters",
        national_number="85073003328",
        province="ANT",
        municipality="Antwerpen",
        postal_code="2000",
    )
    with pytest.raises(CommandError, match="lege databank"):
        load_demo("--scale", "0")
    assert Budget.objects.count() == 0


# --- scale 1 in the database: loaded once for the tests below ------------------------------------
# The module-scoped load stays until the end of this module: keep these tests last, after the
# ones that need an empty database.


@pytest.fixture(scope="module")
def demo_1(django_db_setup, django_db_blocker):
    """``load_demo --scale 1 --seed 2023``, loaded once, in a transaction rolled back after."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            output = load_demo("--scale", "1", "--seed", "2023")
            yield output
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_load_demo_scale_1_fills_dossiers_and_ledger_and_runs_once(demo_1):
    kinds = Counter(Budget.objects.values_list("kind", flat=True))
    assert kinds == {BudgetKind.PVB: 250, BudgetKind.PAB: 20, BudgetKind.CONVENANT: 124}
    statuses = set(Budget.objects.values_list("status", flat=True))
    assert {
        BudgetStatus.ALLOCATED,
        BudgetStatus.EXTENDED,
        BudgetStatus.STARTED,
        BudgetStatus.LAPSED,
        BudgetStatus.STOPPED,
    } <= statuses
    assert Entry.objects.exists()
    assert Entry.objects.filter(year=2022, budget__kind=BudgetKind.CONVENANT).exists()
    for number in Person.objects.values_list("national_number", flat=True):
        assert nn.is_valid(number)
    for iban in BudgetAccount.objects.values_list("iban", flat=True):
        IBAN(iban)
    assert "Demodata geladen" in demo_1 and "Overeenkomsten" in demo_1

    # A second run (make demo twice) changes nothing and does not fail.
    counts = (Person.objects.count(), Entry.objects.count(), Contract.objects.count())
    again = load_demo("--scale", "1", "--seed", "2023")
    assert "al geladen" in again
    assert (Person.objects.count(), Entry.objects.count(), Contract.objects.count()) == counts


@pytest.mark.django_db
def test_r19_demo_has_approved_pending_refused_and_superseded_contracts(demo_1):
    statuses = Counter(Contract.objects.values_list("status", flat=True))
    assert statuses[ContractStatus.APPROVED] > 400
    assert statuses[ContractStatus.REGISTERED] >= 5
    assert statuses[ContractStatus.REFUSED] >= 3
    assert statuses[ContractStatus.SUPERSEDED] >= 3
    for reason in Contract.objects.filter(status=ContractStatus.REFUSED).values_list(
        "refusal_reason", flat=True
    ):
        assert len(reason) > 40  # a reason the holder can act on, in Dutch
    # Every superseded version has a newer, approved version; every pending one waits.
    for old in Contract.objects.filter(status=ContractStatus.SUPERSEDED):
        assert old.next_version.status in (ContractStatus.APPROVED, ContractStatus.SUPERSEDED)
    assert not Contract.objects.filter(
        status=ContractStatus.REGISTERED, decided_on__isnull=False
    ).exists()
    # Nothing is dated after the day of loading.
    assert not Contract.objects.filter(registered_on__gt=TODAY).exists()
    assert not Contract.objects.filter(decided_on__gt=TODAY).exists()
    # Pending contracts at different ages, some registered by an assistance organisation.
    ages = {
        (TODAY - day).days
        for day in Contract.objects.filter(status=ContractStatus.REGISTERED).values_list(
            "registered_on", flat=True
        )
    }
    assert len(ages) >= 5
    assert Contract.objects.filter(registered_by_role="ASSISTANCE_ORGANISATION").exists()


@pytest.mark.django_db
def test_r19_every_started_budget_started_by_its_first_approved_contract(demo_1):
    started = Budget.objects.filter(started_on__isnull=False)
    assert started.count() == 363 + 16  # started, and started then stopped
    first_approved = dict(
        Contract.objects.filter(
            status__in=(ContractStatus.APPROVED, ContractStatus.SUPERSEDED), previous__isnull=True
        )
        .values_list("budget")
        .annotate(first=Min("registered_on"))
    )
    for budget in started:
        if budget.kind in (BudgetKind.PVB, BudgetKind.PAB):
            has_approved = budget.contracts.filter(status=ContractStatus.APPROVED).exists()
            assert has_approved or budget.status == BudgetStatus.CONVERTED, budget
        assert first_approved[budget.pk] == budget.started_on, budget
    # Budgets not started have no approved contract; some wait for their first one.
    waiting = Budget.objects.filter(started_on__isnull=True)
    assert not Contract.objects.filter(budget__in=waiting, status=ContractStatus.APPROVED).exists()
    assert Contract.objects.filter(
        budget__status=BudgetStatus.ALLOCATED, status=ContractStatus.REGISTERED
    ).exists()


@pytest.mark.django_db
def test_r9_r22_contract_parties_in_the_demo(demo_1):
    # R22: a PAB employment pays at least the PC 319.01 minimum wage of its start day.
    employment = Contract.objects.filter(
        type_code__in=("PAB_EMPLOYMENT", "PAB_FAMILY_EMPLOYMENT", "PAB_FAMILY_TASK_AGREEMENT")
    )
    assert employment.exists()
    for contract in employment:
        minimum = parameters.value("contracts.minimum_wage.pc31901.hourly", contract.start_date)
        assert contract.hourly_cost >= minimum
        assert vat.is_valid(contract.holder_enterprise_number)
    # R9: where a parent is assistant (management statement), the contract is with that parent.
    with_statement = Budget.objects.filter(
        management_statements__isnull=False, started_on__isnull=False
    )
    assert with_statement.exists()
    for budget in with_statement:
        statement = budget.management_statements.get()
        assert budget.contracts.filter(
            type_code="PAB_FAMILY_EMPLOYMENT", counterparty_person=statement.assistant_parent
        ).exists()
    # Identities: valid numbers on every contract; a minor's name when parents contract.
    for contract in Contract.objects.select_related("budget"):
        if contract.counterparty_kind == "PERSON":
            assert nn.is_valid(contract.counterparty_national_number)
        else:
            assert vat.is_valid(contract.counterparty_enterprise_number)
        if contract.budget.kind != BudgetKind.PVB:
            assert contract.minor_name
        ctype = contract_types.contract_type(contract.type_code)
        assert contract.budget.kind in ctype.budget_kinds
        assert contract.payment_mode in ctype.payment_modes


@pytest.mark.django_db
def test_r20_approval_queue_shows_an_expired_wijk_werk_registration(demo_1):
    out = StringIO()
    call_command("approval_queue", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    pending = Contract.objects.filter(status=ContractStatus.REGISTERED).count()
    assert f"{pending} overeenkomst(en) wachten" in text
    assert "R20: Het inschrijvingsdocument voor wijk-werken" in text
    assert "voldoet aan de regels" in text


@pytest.mark.django_db
def test_r21_r4_short_term_support_within_the_caps_and_an_mfc_combination(demo_1):
    usages = ShortTermUsage.objects.select_related("contract")
    assert usages.exists()
    assert {u.contract.type_code for u in usages} <= {
        "PAB_LICENSED_SHORT_TERM",
        "PAB_MFC_SHORT_STAY",
    }
    per_year = defaultdict(Decimal)
    for usage in usages:
        assert usage.contract.start_date <= usage.on <= usage.contract.end_date
        per_year[(usage.budget_id, usage.on.year)] += usage.quantity
    for (_budget, year), used in per_year.items():
        cap = parameters.value("contracts.short_term.cap.DAYS_NIGHTS", date(year, 12, 31))
        assert used <= cap
    combination = MfcCombination.objects.select_related("budget").first()
    assert combination is not None and combination.budget.kind == BudgetKind.PAB
    assert combination.reported_on >= combination.changed_on + timedelta(weeks=4)
    assert Entry.objects.filter(
        budget=combination.budget, kind=EntryKind.ADJUSTMENT, amount__lt=0
    ).exists()


@pytest.mark.django_db
def test_check_ledger_passes_after_load_demo(demo_1):
    out = StringIO()
    call_command("check_ledger", stdout=out)  # raises CommandError when an invariant breaks
    assert "Grootboek in orde" in out.getvalue()
    advances = Entry.objects.filter(kind=EntryKind.ADVANCE_PAID).aggregate(total=Sum("amount"))
    assert advances["total"] > 0


@pytest.mark.django_db
def test_r19_r24_r25_r26_r27_r29_r32_demo_costs_show_every_decision(demo_1):
    lines = CostLine.objects.all()
    outcomes = Counter(lines.values_list("outcome", flat=True))
    assert set(outcomes) == {
        Outcome.ACCEPTED,
        Outcome.PARTLY_ACCEPTED,
        Outcome.WAITING,
        Outcome.REFUSED,
    }
    assert outcomes[Outcome.ACCEPTED] > 10 * outcomes[Outcome.REFUSED]  # mostly accepted
    waiting = set(lines.filter(outcome=Outcome.WAITING).values_list("wait_reason", flat=True))
    assert waiting == {WaitReason.CONTRACT_NOT_APPROVED, WaitReason.LATE_REVIEW}
    refused_by = {
        violation["rule"]
        for found in lines.filter(outcome=Outcome.REFUSED).values_list("violations", flat=True)
        for violation in found
    }
    assert {"R24", "R25", "R32"} <= refused_by
    gift = lines.get(cost_kind="GIFT", amount=Decimal("45.00"))
    assert (gift.outcome, gift.accepted_amount, gift.own_amount) == (
        Outcome.PARTLY_ACCEPTED,
        Decimal("40.00"),
        Decimal("5.00"),
    )
    reviewed = lines.exclude(review_decision="").get()
    assert reviewed.outcome == Outcome.ACCEPTED and reviewed.late_reason
    assert lines.filter(booking_type="CREDIT_NOTE", outcome=Outcome.ACCEPTED).exists()
    # One PAB over its yearly amount: VIA4 used, then the holder's own (R26, R27).
    over = set(lines.filter(via_used__gt=0).values_list("budget_id", flat=True))
    assert len(over) == 1
    budget = Budget.objects.get(pk=over.pop())
    assert budget.kind == BudgetKind.PAB
    assert lines.filter(budget=budget, own_amount__gt=0, booking_type="COST").exists()
    # What is accepted is committed in the ledger, line by line (but for the line the demo's
    # sample check found not proven: its acceptance was taken back, R31).
    from budgetlijn.settlements.models import SampledLine

    kept = lines.exclude(pk__in=SampledLine.objects.filter(outcome="NOT_PROVEN").values("line_id"))
    accepted = kept.aggregate(total=Sum("accepted_amount"))["total"]
    committed = kept.aggregate(total=Sum("commitment__amount"))["total"]
    assert accepted == committed > 0
    assert "Kosten" in demo_1 and "Wachtend" in demo_1


@pytest.mark.django_db
def test_demo_costs_filed_again_book_nothing_twice(demo_1):
    counts = (CostStatement.objects.count(), CostLine.objects.count(), Entry.objects.count())
    assert counts[0] > 1000
    again = demo_costs.load_costs(2023)
    assert again.lines == counts[1]
    assert (
        CostStatement.objects.count(),
        CostLine.objects.count(),
        Entry.objects.count(),
    ) == counts


# --- organisations and mandates (R36) -------------------------------------------------------------

SEED_003_ASSISTANCE_ORGANISATIONS = {
    "Absoluut vzw",
    "alin vzw",
    "MyAssist vzw",
    "Onafhankelijk Leven",
    "ZOOM vzw",
}


def test_r36_the_demo_mandates_are_on_dossiers_an_organisation_registered_for():
    demo_plan = plan()
    specs = demo_assistance.mandate_specs(demo_plan)
    assert [spec.label for spec in specs] == ["active", "ending", "expired", "revoked"]
    assert len({spec.person_key for spec in specs}) == 4
    registered_by = {
        (budget.person.key, contract.organisation)
        for budget in demo_plan.budgets
        for contract in budget.contracts()
        if contract.role == RegisteredByRole.ASSISTANCE_ORGANISATION
    }
    assert {(spec.person_key, spec.organisation) for spec in specs} <= registered_by
    assert {spec.organisation for spec in specs} <= SEED_003_ASSISTANCE_ORGANISATIONS
    assert demo_assistance.mandate_specs(plan()) == specs  # deterministic


def test_r36_scale_0_still_has_four_mandates_on_other_dossiers():
    specs = demo_assistance.mandate_specs(plan(scale=0))
    assert len({spec.person_key for spec in specs}) == 4
    assert {spec.organisation for spec in specs} <= SEED_003_ASSISTANCE_ORGANISATIONS


def test_r36_demo_organisations_have_valid_numbers_and_the_plans_enterprise_numbers():
    demo_plan = plan()
    organisations = demo_assistance.demo_organisations(demo_plan)
    in_plan = {o.name: o.enterprise_number for o in demo_plan.organisations}
    for organisation in organisations:
        assert vat.is_valid(organisation.enterprise_number)
        assert in_plan[organisation.name] == organisation.enterprise_number
        IBAN(organisation.iban)
    assert len({o.iban for o in organisations}) == len(organisations)
    assert len({o.staff_username for o in organisations}) == len(organisations)


@pytest.mark.django_db
def test_r36_demo_has_the_five_licensed_assistance_organisations_of_seed_003(demo_1):
    licensed = Organisation.objects.filter(
        kind=OrganisationKind.ASSISTANCE_ORGANISATION, licensed_from__isnull=False
    )
    assert set(licensed.values_list("name", flat=True)) == SEED_003_ASSISTANCE_ORGANISATIONS
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {
        OrganisationKind.ASSISTANCE_ORGANISATION: 5,
        OrganisationKind.LICENSED_PROVIDER: 1,
        OrganisationKind.MULTIFUNCTIONAL_CENTRE: 1,
        OrganisationKind.NON_LICENSED_PROVIDER: 1,
    }
    # Every organisation has a staff member, who can sign in only once a password is set.
    for organisation in Organisation.objects.all():
        member = OrganisationMember.objects.get(organisation=organisation, active=True)
        assert not member.user.has_usable_password()
        assert list(assistance_selectors.organisations_of(member.user)) == [organisation]
    assert "Bijstandsorganisaties" in demo_1 and "ZOOM vzw" in demo_1


@pytest.mark.django_db
def test_r36_demo_mandates_one_active_one_ending_one_expired_one_revoked(demo_1):
    mandates = Mandate.objects.all()
    assert mandates.count() == 4
    active = set(assistance_selectors.active_mandates(on=TODAY))
    assert len(active) == 2
    ending = list(assistance_selectors.mandates_ending(on=TODAY))
    assert len(ending) == 1 and ending[0].rights == {MandateRight.VIEW, MandateRight.FILE_COSTS}
    assert mandates.filter(ends_on__lt=TODAY, revoked_at__isnull=True).count() == 1
    revoked = mandates.get(revoked_at__isnull=False)
    assert not revoked.is_active_on(revoked.starts_on)
    # Each mandate's organisation registered a contract on that dossier.
    for mandate in mandates:
        assert Contract.objects.filter(
            budget__person=mandate.person,
            registered_by_organisation=mandate.organisation.name,
        ).exists()


@pytest.mark.django_db
def test_r36_loading_the_organisations_again_changes_nothing(demo_1):
    counts = (
        Organisation.objects.count(),
        OrganisationMember.objects.count(),
        Mandate.objects.count(),
    )
    persons = {}
    demo_plan = plan()
    for spec in demo_assistance.mandate_specs(demo_plan):
        person_spec = next(p for p in demo_plan.persons() if p.key == spec.person_key)
        persons[spec.person_key] = Person.objects.get(national_number=person_spec.national_number)
    again = demo_assistance.load_assistance(demo_plan, persons)
    assert again.mandates == 0
    assert (
        Organisation.objects.count(),
        OrganisationMember.objects.count(),
        Mandate.objects.count(),
    ) == counts


# --- money out (issue 9): free share, vouchers, payment runs, sample check, settlement ---------


@pytest.mark.django_db
def test_r14_r15_demo_free_share_requests_accepted_partly_and_refused(demo_1):
    from budgetlijn.freeshare.models import FreeShareRequest

    outcomes = list(FreeShareRequest.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["ACCEPTED", "PARTLY", "REFUSED"]
    refused = FreeShareRequest.objects.get(outcome="REFUSED")
    assert "al volledig opgevraagd" in refused.message


@pytest.mark.django_db
def test_r11_demo_voucher_invoice_of_the_licensed_provider(demo_1):
    from budgetlijn.vouchers.models import VoucherInvoice

    invoice = VoucherInvoice.objects.get()
    assert invoice.provider.kind == OrganisationKind.LICENSED_PROVIDER
    lines = list(invoice.lines.order_by("line_no"))
    assert [line.outcome for line in lines] == ["ACCEPTED"] * (len(lines) - 1) + ["REFUSED"]
    assert lines[-1].violations[0]["code"] == "voucher_contract_missing"


@pytest.mark.django_db
def test_r30_demo_payment_runs_four_eyes_a_returned_transfer_paid_again(demo_1):
    from budgetlijn.demo import money
    from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer

    runs = list(PaymentRun.objects.order_by("pk"))
    assert [run.status for run in runs] == ["CLOSED", "CLOSED"]
    for run in runs:
        assert run.created_by.username == money.DRAFTER
        assert run.approved_by.username == money.APPROVER
        assert run.sepa_sha256
    returned = Transfer.objects.get(status="RETURNED")
    assert returned.run == runs[0] and returned.return_reason == money.RETURN_REASON
    again = PaymentItem.objects.filter(transfer=returned)
    assert again.exists()
    for item in again:
        assert item.status == "RETURNED"
        assert item.recommitment.payment_item.run == runs[1]
    assert Transfer.objects.filter(run=runs[1], status="PAID", budget=returned.budget).exists()
    providers = Transfer.objects.filter(run=runs[0], beneficiary_kind="PROVIDER")
    assert providers.count() == 1 and providers.get().status == "PAID"


@pytest.mark.django_db
def test_r31_r33_demo_sample_check_with_a_line_not_proven_and_a_settled_stopped_budget(demo_1):
    from budgetlijn.demo import money
    from budgetlijn.settlements.models import SampledLine, Settlement

    not_proven = SampledLine.objects.get(outcome="NOT_PROVEN")
    assert not_proven.reason == money.NOT_PROVEN_REASON
    assert SampledLine.objects.filter(outcome="PROVEN").count() == 2
    settlement = Settlement.objects.get()
    assert settlement.budget.status == BudgetStatus.STOPPED


@pytest.mark.django_db
def test_demo_money_loaded_again_adds_nothing(demo_1):
    from budgetlijn.demo import money
    from budgetlijn.freeshare.models import FreeShareRequest
    from budgetlijn.payments.models import PaymentItem, PaymentRun
    from budgetlijn.settlements.models import Settlement
    from budgetlijn.vouchers.models import VoucherInvoiceLine

    def counts():
        return (
            FreeShareRequest.objects.count(),
            VoucherInvoiceLine.objects.count(),
            PaymentRun.objects.count(),
            PaymentItem.objects.count(),
            Entry.objects.count(),
            Settlement.objects.count(),
        )

    before = counts()
    money.load_money(2023)
    assert counts() == before
