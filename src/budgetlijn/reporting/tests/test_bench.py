"""The benchmark's code path with a tiny data set: it generates, times and prints a ratio.

No timing is asserted (ENGINEERING.md): only that it runs and reports.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.reporting import bench
from budgetlijn.reporting.selectors import build_report

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the benchmark generates its data on SQLite"
)


@pytest.mark.django_db
def test_r38_bench_generates_budgets_and_prints_the_ratio():
    lines = []
    timing = bench.run(1000, runs=1, out=lines.append)
    assert Budget.objects.count() == 1000
    assert Person.objects.count() == 900
    assert set(Budget.objects.values_list("kind", flat=True)) == {"PVB", "PAB", "CONVENANT"}
    assert timing.report > 0 and timing.bare > 0 and timing.queries == 2
    text = "\n".join(lines)
    assert re.search(r"ratio report / bare GROUP BY:\s+\d+\.\d\d", text)
    # The generated data make a sensible report: every budget of 2024 counted once.
    report = build_report(bench.default_query())
    assert report.summary.budgets == Budget.objects.filter(allocated_on__year=2024).count()
    assert report.summary.without_amount == 0


@pytest.mark.django_db
def test_bench_refuses_a_database_that_holds_data():
    bench.generate(10, out=lambda line: None)
    with pytest.raises(RuntimeError, match="empty database"):
        bench.generate(10, out=lambda line: None)


def test_bench_script_runs_on_a_throwaway_database():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "budgetlijn.conf.test"}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "statistics.py"), "--budgets", "500", "--runs", "1"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "500 budgets and 450 persons generated" in result.stdout
    assert "ratio report / bare GROUP BY" in result.stdout
    path = re.search(r"Throwaway database: (\S+)", result.stdout).group(1)
    assert not Path(path).exists(), "the throwaway file is removed"
