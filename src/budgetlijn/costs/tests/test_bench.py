"""The cost bench's generator and pipeline on a few hundred lines (the bench itself, with its
timings, runs outside the test suite: make bench). Nothing here is timed."""

from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.costs import bench
from budgetlijn.costs.constants import Outcome, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement

pytestmark = pytest.mark.django_db
LINES = 300


@pytest.fixture
def world():
    today = timezone.localdate()
    return bench.generate_world(12, year=bench.bench_year(today), seed=7)


def drawn_rows(world):
    today = timezone.localdate()
    return bench.cost_rows(world, LINES, seed=7, last_month=max(1, today.month - 1))


def test_bench_generator_and_pipeline_counts_add_up(world):
    drawn = drawn_rows(world)
    assert len(drawn.rows) == LINES
    assert 0.02 * LINES <= drawn.invalid <= 0.04 * LINES  # about 3 %
    result = bench.run_pipeline(bench.to_csv(drawn.rows), "kosten.csv")
    assert result.lines == LINES
    assert result.invalid_rows == drawn.invalid
    assert result.valid == LINES - drawn.invalid == CostLine.objects.count()
    decided = Counter(CostLine.objects.values_list("outcome", flat=True))
    accepted = decided[Outcome.ACCEPTED] + decided[Outcome.PARTLY_ACCEPTED]
    assert accepted + decided[Outcome.REFUSED] + decided[Outcome.WAITING] == result.valid
    assert result.committed == result.accepted > Decimal(0)
    # The mix reaches every decision but a partial one (that depends on the budgets' use).
    assert {Outcome.ACCEPTED, Outcome.WAITING, Outcome.REFUSED} <= set(decided)
    assert set(result.wait_reasons) == {WaitReason.LATE_REVIEW, WaitReason.CONTRACT_NOT_APPROVED}


def test_the_bench_file_reads_the_same_as_csv_and_as_excel(world):
    from budgetlijn.costs import imports

    drawn = drawn_rows(world)
    as_csv = imports._parse(bench.to_csv(drawn.rows), "kosten.csv")
    as_xlsx = imports._parse(bench.to_xlsx(drawn.rows), "kosten.xlsx")
    assert [r._replace(row=0) for r in as_csv.rows] == [r._replace(row=0) for r in as_xlsx.rows]
    assert len(as_csv.rows) + len({e.row for e in as_csv.errors}) == LINES


def test_bare_insert_baseline_leaves_the_tables_as_they_were(world):
    drawn = drawn_rows(world)
    seconds = bench.bare_insert(world, drawn.rows)
    assert seconds > 0
    assert not CostLine.objects.exists()
    assert not CostStatement.objects.exists()
