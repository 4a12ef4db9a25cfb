"""The benchmark's code path with a tiny data set: it generates, times and prints a ratio.

No timing is asserted (ENGINEERING.md): only that it runs and reports.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


# The benchmark is SQLite by design (the issue asks for SQLite). These tests run it in a child
# process on a throwaway SQLite file, so they run (and mean the same) whatever database the
# suite itself uses.
IN_THROWAWAY_SQLITE = """
import sys, tempfile, os
from pathlib import Path
folder = tempfile.mkdtemp()
os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(folder) / "bench-test.sqlite3")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.reporting import bench
from budgetlijn.reporting.selectors import build_report
{body}
print("OK")
"""


def run_in_throwaway_sqlite(body: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "budgetlijn.conf.test"}
    environment.pop("DATABASE_URL", None)
    environment["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-c", IN_THROWAWAY_SQLITE.format(body=body)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_r38_bench_generates_budgets_and_prints_the_ratio():
    result = run_in_throwaway_sqlite(
        """
lines = []
timing = bench.run(1000, runs=1, out=lines.append)
assert Budget.objects.count() == 1000, Budget.objects.count()
assert Person.objects.count() == 900
assert set(Budget.objects.values_list("kind", flat=True)) == {"PVB", "PAB", "CONVENANT"}
assert timing.report > 0 and timing.bare > 0 and timing.queries == 2
print("\\n".join(lines))
report = build_report(bench.default_query())
assert report.summary.budgets == Budget.objects.filter(allocated_on__year=2024).count()
assert report.summary.without_amount == 0
"""
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("OK")
    assert re.search(r"ratio report / bare GROUP BY:\s+\d+\.\d\d", result.stdout)


def test_bench_refuses_a_database_that_holds_data():
    result = run_in_throwaway_sqlite(
        """
bench.generate(10, out=lambda line: None)
try:
    bench.generate(10, out=lambda line: None)
except RuntimeError as error:
    assert "empty database" in str(error)
else:
    raise AssertionError("a second generate on the same database must be refused")
"""
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("OK")


def test_bench_script_runs_on_a_throwaway_database():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "budgetlijn.conf.test"}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_statistics.py"),
            "--budgets",
            "500",
            "--runs",
            "1",
        ],
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
