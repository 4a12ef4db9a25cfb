#!/usr/bin/env python
"""make bench / make bench-postgres: a payment run over accepted cost lines, timed.

    python bench/bench_payments.py [--lines 100000] [--budgets 20000] [--use-database-url]
                                   [--profile FILE] [--keep]

By default the script points DATABASE_URL at a new SQLite file in a temporary directory before
Django starts (never the demo database) and deletes it afterwards unless --keep is given. With
--use-database-url it uses the DATABASE_URL it was given (``make bench-postgres`` runs it under
scripts/test-postgres.sh, on a throwaway PostgreSQL 15 cluster). It migrates the empty
database, generates started budgets with accounts and accepted cost lines in bulk
(budgetlijn.payments.bench), times three bare executemany runs of as many ledger rows (each
rolled back; the baseline is their median) and then ``draft_run``, prints what the run left
(counts and sums) and one line

    payments: N lines in T s (L lines/s), bare insert B s (median of 3, X rows/s),
    CPU ratio C, ratio R

with R = run lines/s divided by bare rows/s (higher is better; aim 0.3) and C the same ratio
of this process's CPU times (SQLite only: there the database runs in this process).
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
    parser.add_argument("--lines", type=int, default=100_000, help="accepted cost lines")
    parser.add_argument("--budgets", type=int, default=20_000, help="budgets")
    parser.add_argument("--seed", type=int, default=2023, help="random seed")
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="use DATABASE_URL as given (an empty throwaway database) instead of a SQLite file",
    )
    parser.add_argument("--profile", default=None, help="write cProfile statistics to this file")
    parser.add_argument("--keep", action="store_true", help="keep the generated SQLite file")
    args = parser.parse_args(argv)
    if args.lines < 1 or args.budgets < 1:
        parser.error("--lines and --budgets must be at least 1")

    directory = None
    if args.use_database_url:
        if not os.environ.get("DATABASE_URL"):
            parser.error("--use-database-url needs DATABASE_URL")
    else:
        directory = tempfile.mkdtemp(prefix="budgetlijn-bench-payments-")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgetlijn.conf.dev")
    # Measured as production runs: DEBUG off, so Django keeps no log of every query.
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from budgetlijn.payments import bench

    try:
        print(f"Throwaway database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"  migrated in {time.perf_counter() - started:.1f} s")
        bench.run(args.lines, args.budgets, seed=args.seed, profile=args.profile)
        if args.profile:
            import pstats

            print(f"  profile of the run ({args.profile}), by own time:")
            stats = pstats.Stats(args.profile)
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(40)
    finally:
        connection.close()
        if directory and args.keep:
            print(f"Kept {directory}")
        elif directory:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
