"""R7 (seed 003 §8): the letter to a PAB holder turning 18 (once, on or after the birthday,
as PDF), and no budget from the 22nd birthday without a support plan filed before it."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from budgetlijn.costs.tests.conftest import allocate
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.models import Budget
from budgetlijn.dossiers.tests.factories import PersonFactory, RelationFactory
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import pdf, services, transitions
from budgetlijn.settlements.models import PvbTransitionLetter

pytestmark = pytest.mark.django_db


def running_pab(birth: date, allocated_on: date, started_on: date) -> Budget:
    child = PersonFactory(first_name="Arne", last_name="Maes", birth_date=birth)
    parent = RelationFactory(person=child, kind="PARENT").relative
    budget = allocate(child, [parent], allocated_on=allocated_on)
    budget = dossiers.start_budget(budget, on=started_on)
    for year in range(started_on.year + 1, 2027):  # as the yearly open_budget_year run does
        dossiers.open_budget_year(budget, year)
    return budget


@pytest.fixture
def turning_18():
    return running_pab(date(2008, 5, 10), date(2024, 12, 2), date(2025, 1, 6))


@pytest.fixture
def turning_22():
    return running_pab(date(2004, 11, 20), date(2020, 1, 15), date(2020, 2, 3))


def test_r7_no_letter_the_day_before_the_18th_birthday(turning_18):
    report = transitions.run_transitions(on=date(2026, 5, 9))
    assert report.letters == [] and not PvbTransitionLetter.objects.exists()


def test_r7_letter_on_the_18th_birthday_once(turning_18):
    report = transitions.run_transitions(on=date(2026, 5, 10))
    letter = PvbTransitionLetter.objects.get()
    assert report.letters == [letter]
    assert (letter.budget_id, letter.sent_on) == (turning_18.pk, date(2026, 5, 10))
    assert letter.birthday_18 == date(2026, 5, 10)
    assert letter.support_plan_before == date(2030, 5, 10)
    again = transitions.run_transitions(on=date(2026, 5, 11))
    assert again.letters == [] and PvbTransitionLetter.objects.count() == 1


def test_r7_a_missed_day_is_caught_up_and_a_dry_run_keeps_nothing(turning_18):
    dry = transitions.run_transitions(on=date(2026, 6, 30), dry_run=True)
    assert len(dry.letters) == 1 and not PvbTransitionLetter.objects.exists()
    transitions.run_transitions(on=date(2026, 6, 30))
    assert PvbTransitionLetter.objects.get().birthday_18 == date(2026, 5, 10)


def test_r7_letter_pdf_names_the_support_plan_deadline(turning_18):
    transitions.run_transitions(on=date(2026, 5, 10))
    content = pdf.pvb_letter_pdf(PvbTransitionLetter.objects.get())
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert "persoonsvolgend budget" in text
    assert "vóór uw 22ste verjaardag" in text and "10/05/2030" in text
    assert "Arne Maes" in text and "10/05/2026" in text
    assert "budgetrekening blijft dezelfde" in text


def test_r7_pab_stops_on_the_22nd_birthday_without_a_support_plan(turning_22):
    before = transitions.run_transitions(on=date(2026, 11, 19))
    assert before.stopped == []
    report = transitions.run_transitions(on=date(2026, 11, 20))
    budget = Budget.objects.get(pk=turning_22.pk)
    assert report.stopped == [budget]
    assert (budget.status, budget.stop_reason, budget.stopped_on) == (
        "STOPPED",
        "AGE_LIMIT",
        date(2026, 11, 20),
    )
    assert check_ledger() == []
    # the final settlement follows the stop's path (R33)
    settlement = services.settle_budget(budget, on=date(2026, 11, 30)).settlement
    assert settlement.last_day == date(2026, 11, 19)


def test_r7_support_plan_filed_before_22_keeps_the_pab_until_the_decision(turning_22):
    Budget.objects.filter(pk=turning_22.pk).update(support_plan_filed_on=date(2026, 11, 19))
    report = transitions.run_transitions(on=date(2026, 12, 1))
    assert report.stopped == []
    assert Budget.objects.get(pk=turning_22.pk).status == "STARTED"


def test_r7_support_plan_filed_on_the_22nd_birthday_is_too_late(turning_22):
    Budget.objects.filter(pk=turning_22.pk).update(support_plan_filed_on=date(2026, 11, 20))
    report = transitions.run_transitions(on=date(2026, 11, 20))
    assert [b.pk for b in report.stopped] == [turning_22.pk]


def test_r7_conversion_carries_the_budget_account_over(turning_22):
    Budget.objects.filter(pk=turning_22.pk).update(support_plan_filed_on=date(2026, 6, 1))
    pvb = dossiers.convert_to_pvb(
        Budget.objects.get(pk=turning_22.pk), on=date(2026, 11, 1), scheme="new", category="5"
    )
    assert pvb.account.iban == turning_22.account.iban
    assert transitions.run_transitions(on=date(2026, 11, 20)).stopped == []


def test_r7_future_day_refused_and_command(turning_18, tmp_path, capsys):
    with pytest.raises(RuleViolations):
        transitions.run_transitions(on=date(2999, 1, 1))
    with pytest.raises(CommandError, match="na vandaag"):
        call_command("pab_to_pvb", "--date", "2999-01-01")
    call_command("pab_to_pvb", "--date", "2026-05-10", "--dry-run")
    assert "Proefdraai" in capsys.readouterr().out
    assert not PvbTransitionLetter.objects.exists()
    call_command("pab_to_pvb", "--date", "2026-05-10", "--out", str(tmp_path))
    assert "1 brief" in capsys.readouterr().out
    assert (tmp_path / f"brief-pvb-budget-{turning_18.pk}.pdf").read_bytes()[:5] == b"%PDF-"
