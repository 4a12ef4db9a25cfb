#!/usr/bin/env python
"""make bench: time the statistics report on generated budgets, on a throwaway SQLite file.

    python bench/bench_statistics.py [--budgets 1000000] [--runs 5] [--keep]

Never touches the demo database: the script points DATABASE_URL at a new file in a temporary
directory before Django starts, migrates it, generates the budgets and their persons with
INSERT ... SELECT over a recursive CTE, and times the report against the bare GROUP BY it runs
on (budgetlijn.reporting.bench). The file is deleted afterwards unless --keep is given.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

ROOT = HERE.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, default=1_000_000, help="number of budgets")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database file")
    args = parser.parse_args(argv)
    if args.budgets < 1 or args.runs < 1:
        parser.error("--budgets and --runs must be at least 1")

    directory = tempfile.mkdtemp(prefix="budgetlijn-bench-")
    path = Path(directory) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgetlijn.conf.dev")
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from budgetlijn.reporting import bench

    try:
        print(f"Throwaway database: {path}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"  migrated in {time.perf_counter() - started:.1f} s")
        bench.run(args.budgets, args.runs, fast=True)
    finally:
        connection.close()
        if args.keep:
            print(f"Kept {path}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
