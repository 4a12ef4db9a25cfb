"""load_demo and its generators: the 2022 convenant table (R38), determinism, valid numbers."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from schwifty import IBAN
from stdnum.be import nn

from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, PvbScheme
from budgetlijn.dossiers.demo.convenants import (
    CONVENANT_2022_PROVINCES,
    CONVENANT_2022_ROW_TOTALS,
    CONVENANT_2022_TABLE,
    CONVENANT_2022_TOTAL,
)
from budgetlijn.dossiers.demo.identities import NationalNumbers, with_check_digits
from budgetlijn.dossiers.demo.plan import (
    PVB_OLD_PER_SCALE,
    PVB_OLD_SPREAD,
    REFERENCE_DATE,
    apportion,
    generate_plan,
    make_rng,
    start_deadline,
)
from budgetlijn.dossiers.models import Budget, BudgetAccount, Person
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import parameters
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
def test_load_demo_scale_1_fills_dossiers_and_ledger_and_runs_once():
    output = load_demo("--scale", "1", "--seed", "2023")

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
    assert "Demodata geladen" in output

    # A second run (make demo twice) changes nothing and does not fail.
    persons, entries = Person.objects.count(), Entry.objects.count()
    again = load_demo("--scale", "1", "--seed", "2023")
    assert "al geladen" in again
    assert (Person.objects.count(), Entry.objects.count()) == (persons, entries)


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
