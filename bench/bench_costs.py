#!/usr/bin/env python
"""make bench / make bench-postgres: validate and book a generated cost file, timed.

    python bench/bench_costs.py [--lines 100000] [--budgets N] [--format csv|xlsx]
                                [--use-database-url] [--profile FILE] [--keep]

By default the script points DATABASE_URL at a new SQLite file in a temporary directory before
Django starts (never the demo database) and deletes it afterwards unless --keep is given. With
--use-database-url it uses the DATABASE_URL it was given (``make bench-postgres`` runs it under
scripts/test-postgres.sh, on a throwaway PostgreSQL 15 cluster). It migrates the empty
database, generates started budgets with contracts and allocations in bulk, draws a cost file
(budgetlijn.costs.bench), times the bare executemany of the same rows into costs_costline and
then check_file + book_file(only_valid_rows=True), and prints one line

    costs: N lines in T s (L lines/s), bare executemany B s, ratio R

with R = pipeline lines/s divided by bare lines/s (higher is better; floor 0.2, goal 0.5),
preceded by where the time goes. --profile FILE writes cProfile statistics of the pipeline and
prints the functions that take the most time.
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
MAX_LINES = 100_000  # one cost file holds at most this many rows (costs.fileformat.MAX_ROWS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000, help="cost lines in the file")
    parser.add_argument("--budgets", type=int, default=None, help="budgets (default lines/33)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="file format")
    parser.add_argument("--seed", type=int, default=2023, help="random seed")
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="use DATABASE_URL as given (an empty throwaway database) instead of a SQLite file",
    )
    parser.add_argument("--profile", default=None, help="write cProfile statistics to this file")
    parser.add_argument("--keep", action="store_true", help="keep the generated SQLite file")
    args = parser.parse_args(argv)
    if not 1 <= args.lines <= MAX_LINES:
        parser.error(f"--lines must be between 1 and {MAX_LINES} (one cost file)")
    if args.budgets is not None and args.budgets < 1:
        parser.error("--budgets must be at least 1")

    directory = None
    if args.use_database_url:
        if not os.environ.get("DATABASE_URL"):
            parser.error("--use-database-url needs DATABASE_URL")
    else:
        directory = tempfile.mkdtemp(prefix="budgetlijn-bench-costs-")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgetlijn.conf.dev")
    # Measured as production runs: DEBUG off, so Django keeps no log of every query.
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from budgetlijn.costs import bench

    try:
        print(f"Throwaway database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"  migrated in {time.perf_counter() - started:.1f} s")
        bench.run(args.lines, args.budgets, fmt=args.format, seed=args.seed, profile=args.profile)
        if args.profile:
            import pstats

            print(f"  profile of the pipeline ({args.profile}), by own time:")
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
