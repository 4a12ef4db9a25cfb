"""R31: sample checks are reproducible, keep their data 7 years, and a cost not proven is the
holder's own (commitment released, or the payment reclaimed)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.costs.constants import Outcome
from budgetlijn.costs.models import CostLine
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger import services as ledger
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import samples
from budgetlijn.settlements.constants import ErrorCode, ProofOutcome, ReclaimKind
from budgetlijn.settlements.models import (
    Reclaim,
    RetentionError,
    SampleCheck,
    SampledLine,
    SampledStatement,
)
from budgetlijn.settlements.tests.helpers import cost, file, started_pab

DRAWN_ON = date(2023, 9, 1)


# --- the draw, without a database ----------------------------------------------------------


def test_r31_same_seed_draws_the_same_statements():
    ids = list(range(1, 201))
    first = samples.pick(ids, rate=D("0.05"), seed=42)
    assert first == samples.pick(list(reversed(ids)), rate=D("0.05"), seed=42)
    assert len(first) == 10
    assert first != samples.pick(ids, rate=D("0.05"), seed=43)


def test_r31_sample_size_is_rounded_up_and_at_least_one():
    assert len(samples.pick(list(range(21)), rate=D("0.05"), seed=1)) == 2  # 1.05 -> 2
    assert len(samples.pick(list(range(20)), rate=D("0.05"), seed=1)) == 1
    assert len(samples.pick([7], rate=D("0.0001"), seed=1)) == 1
    assert samples.pick([], rate=D("0.5"), seed=1) == []
    assert samples.pick([3, 1, 2], rate=D("1"), seed=9) == [1, 2, 3]


def test_r31_a_later_statement_never_changes_who_else_is_drawn():
    ids = list(range(1, 101))
    ranked = sorted(ids, key=lambda pk: samples.rank(5, pk))
    more = sorted([*ids, 101], key=lambda pk: samples.rank(5, pk))
    assert [pk for pk in more if pk != 101] == ranked


# --- with cost statements ------------------------------------------------------------------


@pytest.fixture
def filed(db):
    """Ten statements of one month's wage each (EUR 150), filed 15 June 2023."""
    data = started_pab()
    for month in range(1, 11):
        file(data["budget"], cost(data["contract"], "150.00", month=month))
    return data


def test_r31_draw_records_seed_deadline_and_seven_years_retention(filed):
    report = samples.draw_sample(year=2023, rate="0.2", seed=7, on=DRAWN_ON)
    assert report.created and report.sample.population == 10
    assert len(report.statements) == 2 and report.line_count == 2
    sampled = SampledStatement.objects.order_by("statement_id")
    assert [s.deadline for s in sampled] == [date(2023, 10, 1)] * 2  # 30 days
    assert [s.retention_until for s in sampled] == [date(2030, 6, 15)] * 2  # filed + 7 years
    again = samples.draw_sample(year=2023, rate="0.2", seed=7, on=DRAWN_ON)
    assert not again.created and again.sample.pk == report.sample.pk
    assert SampleCheck.objects.count() == 1


def test_r31_the_same_seed_draws_the_same_statements_after_a_rollback(filed):
    dry = samples.draw_sample(year=2023, rate="0.3", seed=11, on=DRAWN_ON, dry_run=True)
    assert not SampleCheck.objects.exists()
    real = samples.draw_sample(year=2023, rate="0.3", seed=11, on=DRAWN_ON)
    assert [s.statement_id for s in dry.statements] == [s.statement_id for s in real.statements]


def test_r31_nothing_is_purged_before_the_retention_day(filed):
    samples.draw_sample(year=2023, rate="0.1", seed=3, on=DRAWN_ON)
    with pytest.raises(RetentionError, match="15/06/2030"):
        SampledStatement.objects.all().delete()
    with pytest.raises(RetentionError):
        SampledLine.objects.all().delete()
    with pytest.raises(RetentionError):
        SampledStatement.objects.get().delete()
    with pytest.raises(RetentionError):
        SampleCheck.objects.get().delete()
    assert SampledStatement.objects.count() == 1


def test_r31_bad_rate_and_same_seed_other_rate_are_refused(filed):
    for rate in ("0", "1.5", "abc", "-0.1", "0.00001", "NaN"):
        with pytest.raises(RuleViolations) as error:
            samples.draw_sample(year=2023, rate=rate, seed=1, on=DRAWN_ON)
        assert error.value.violations[0].code == ErrorCode.SAMPLE_RATE_INVALID
    samples.draw_sample(year=2023, rate="0.1", seed=1, on=DRAWN_ON)
    with pytest.raises(RuleViolations):
        samples.draw_sample(year=2023, rate="0.2", seed=1, on=DRAWN_ON)
    with pytest.raises(RuleViolations) as error:
        samples.draw_sample(year=2023, rate="0.1", seed=2, on=date(2999, 1, 1))
    assert error.value.violations[0].code == ErrorCode.SAMPLE_DAY_IN_FUTURE


def _one_sampled_line(seed=3):
    samples.draw_sample(year=2023, rate="0.1", seed=seed, on=DRAWN_ON)
    return SampledLine.objects.select_related("line").get()


def test_r31_not_proven_unpaid_line_is_the_holders_own_and_its_commitment_released(filed):
    budget = filed["budget"]
    sampled = _one_sampled_line()
    line_before = ledger_selectors.budget_line(budget, 2023)
    result = samples.record_proofs(
        sampled, proven=False, on=date(2023, 10, 5), reason="Geen loonbrief."
    )
    line = CostLine.objects.get(pk=sampled.line_id)
    assert result.outcome == ProofOutcome.NOT_PROVEN
    assert (line.outcome, line.accepted_amount, line.own_amount) == (
        Outcome.REFUSED,
        D("0.00"),
        D("150.00"),
    )
    assert line.violations[-1]["rule"] == "R31"
    assert line.violations[-1]["code"] == SettlementCode.SAMPLE_LINE_NOT_PROVEN
    assert "Geen loonbrief." in line.violations[-1]["message"]
    assert result.released_commitment.reverses_id == line.commitment_id
    assert ledger_selectors.budget_line(budget, 2023) == line_before + D("150.00")
    assert not Reclaim.objects.exists()
    assert result.sampled_statement.outcome == ProofOutcome.NOT_PROVEN
    assert check_ledger() == []


def test_r31_not_proven_paid_line_is_reclaimed(filed):
    sampled = _one_sampled_line()
    line = sampled.line
    ledger.pay(
        budget=line.budget,
        year=2023,
        kind="REIMBURSEMENT",
        amount=line.accepted_amount,
        reason="betaald",
        releases=line.commitment,
    )
    samples.record_proofs(sampled, proven=False, on=date(2023, 10, 5))
    reclaim = Reclaim.objects.get()
    assert (reclaim.kind, reclaim.amount, reclaim.sampled_line_id) == (
        ReclaimKind.NOT_PROVEN,
        D("150.00"),
        sampled.pk,
    )
    assert CostLine.objects.get(pk=line.pk).own_amount == D("150.00")
    assert check_ledger() == []


def test_r31_proven_line_keeps_its_decision_and_a_decision_is_not_overwritten(filed):
    sampled = _one_sampled_line()
    result = samples.record_proofs(sampled, proven=True, on=date(2023, 10, 5))
    assert result.outcome == ProofOutcome.PROVEN
    assert result.sampled_statement.outcome == ProofOutcome.PROVEN
    assert CostLine.objects.get(pk=sampled.line_id).accepted_amount == D("150.00")
    with pytest.raises(RuleViolations) as error:
        samples.record_proofs(sampled, proven=False, on=date(2023, 10, 6))
    assert error.value.violations[0].code == ErrorCode.SAMPLE_ALREADY_DECIDED


def test_r31_command_draws_reproducibly_and_records_a_proof(filed, capsys):
    call_command(
        "sample_check",
        "--year",
        "2023",
        "--rate",
        "0.2",
        "--seed",
        "5",
        "--date",
        "2023-09-01",
        "--dry-run",
    )
    dry = capsys.readouterr().out
    assert "Proefdraai (niets opgeslagen)" in dry and "2 van 10 kostenstaten" in dry
    assert not SampleCheck.objects.exists()
    call_command(
        "sample_check", "--year", "2023", "--rate", "0.2", "--seed", "5", "--date", "2023-09-01"
    )
    real = capsys.readouterr().out
    assert real.replace("Proefdraai (niets opgeslagen): ", "") == dry.replace(
        "Proefdraai (niets opgeslagen): ", ""
    )
    line = SampledLine.objects.order_by("pk").first()
    call_command("sample_check", "--line", str(line.pk), "--not-proven", "--date", "2023-10-05")
    assert "niet bewezen" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Geef --year, --rate en --seed"):
        call_command("sample_check", "--year", "2023")
    with pytest.raises(CommandError, match="steekproefgrootte 'x' is ongeldig"):
        call_command("sample_check", "--year", "2023", "--rate", "x", "--seed", "1")


def test_r31_draw_runs_a_fixed_number_of_queries_whatever_the_number_drawn(filed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rate in ("0.1", "1"):
        with CaptureQueriesContext(connection) as queries:
            report = samples.draw_sample(year=2023, rate=rate, seed=1, on=DRAWN_ON, dry_run=True)
        counts.append((len(report.statements), len(queries)))
    assert [drawn for drawn, _ in counts] == [1, 10]
    assert counts[0][1] == counts[1][1]


def test_r31_command_dry_run_of_a_proof_decides_nothing(filed, capsys):
    """Helper U: ``--dry-run`` with ``--line`` used to record the proof (and release or reclaim)
    for real; now it shows the decision and keeps nothing."""
    sampled = _one_sampled_line()
    entries = ledger_selectors.budget_line(filed["budget"], 2023)
    call_command(
        "sample_check",
        "--line",
        str(sampled.pk),
        "--not-proven",
        "--date",
        "2023-10-05",
        "--dry-run",
    )
    assert "Proefdraai (niets opgeslagen)" in capsys.readouterr().out
    sampled.refresh_from_db()
    assert sampled.outcome == ProofOutcome.PENDING
    assert CostLine.objects.get(pk=sampled.line_id).outcome == Outcome.ACCEPTED
    assert ledger_selectors.budget_line(filed["budget"], 2023) == entries
