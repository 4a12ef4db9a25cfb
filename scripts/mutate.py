"""`make mutate`: mutation testing (mutmut 3) of the pure rules in src/budgetlijn/rules/.

Usage: python scripts/mutate.py [MODULE ...]   (for example: money budgets budget_year)

A module is a file of rules/ by its stem (``short_term``) or a file of a rules package by its
dotted name (``contracts.wage``); a package's name (``contracts``) stands for all its files.

Runs ``mutmut run`` (configured under [tool.mutmut] in pyproject.toml: only the pure rules
tests, no database) for the given modules, or all of them, then prints per module and in total
how many mutants the tests killed:

    mutate: K of N mutants killed (P %)

Killed counts mutants whose tests failed or timed out (or the type checker caught). Every run
starts from an empty mutants/ folder, so the score always measures the tests as they are now. Exits 0 whatever the score: the score is a
measure to read (docs/mutation-testing.md), not a gate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "src" / "budgetlijn" / "rules"
META = ROOT / "mutants" / "src" / "budgetlijn" / "rules"
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}
SURVIVED = {0}
NOT_RUN = {None, 2}


def modules() -> list[str]:
    """Every mutated rules module: ``money``, ``contracts.wage`` (tests and __init__ excluded)."""
    found = []
    for path in RULES.rglob("*.py"):
        parts = path.relative_to(RULES).with_suffix("").parts
        if parts[0] == "tests" or parts[-1] == "__init__":
            continue
        found.append(".".join(parts))
    return sorted(found)


def packages() -> list[str]:
    return sorted({m.split(".")[0] for m in modules() if "." in m})


def expand(names: list[str]) -> list[str]:
    """Module names with a package's name replaced by its modules, in order, without repeats."""
    chosen: list[str] = []
    for name in names:
        members = [m for m in modules() if m.startswith(f"{name}.")] if name in packages() else [name]
        chosen.extend(m for m in members if m not in chosen)
    return chosen


def main(argv: list[str]) -> int:
    chosen = expand(argv) if argv else modules()
    unknown = [m for m in chosen if m not in modules()]
    if unknown:
        print(
            f"mutate: unknown rules module(s) {', '.join(unknown)}; choose from"
            f" {modules() + packages()}"
        )
        return 2
    patterns = [f"budgetlijn.rules.{m}.*" for m in chosen]
    # Always from scratch: mutmut copies src/ (tests included) into mutants/ only once and
    # keeps earlier verdicts when only the tests changed, so a reused mutants/ would measure
    # stale tests.
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    run = subprocess.run([str(mutmut), "run", *patterns], cwd=ROOT, check=False)  # noqa: S603
    if run.returncode not in (0,):
        print(f"mutate: mutmut stopped with exit code {run.returncode}")
        return run.returncode

    total = Counter()
    print()
    width = max(16, *(len(m) + 1 for m in chosen))
    print(f"{'module':<{width}} {'killed':>7} {'survived':>9} {'other':>6} {'score':>8}")
    survivors: list[str] = []
    for module in chosen:
        meta = META / f"{module.replace('.', '/')}.py.meta"
        if not meta.exists():
            print(f"{module:<{width}} no mutants")
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        counts = Counter()
        for name, code in codes.items():
            if code in KILLED:
                counts["killed"] += 1
            elif code in SURVIVED:
                counts["survived"] += 1
                survivors.append(name)
            elif code in NOT_RUN:
                counts["not_run"] += 1
            else:
                counts["other"] += 1  # no tests, suspicious, segfault: not killed
                survivors.append(name)
        tested = counts["killed"] + counts["survived"] + counts["other"]
        share = 100 * counts["killed"] / tested if tested else 0.0
        print(
            f"{module:<{width}} {counts['killed']:>7} {counts['survived']:>9} {counts['other']:>6}"
            f" {share:>7.1f}%" + (f"  ({counts['not_run']} not run)" if counts["not_run"] else "")
        )
        total.update(counts)
    tested = total["killed"] + total["survived"] + total["other"]
    share = 100 * total["killed"] / tested if tested else 0.0
    if survivors:
        print("\nsurvivors (`.venv/bin/mutmut show NAME` shows the change):")
        for name in survivors:
            print(f"  {name}")
    print(f"\nmutate: {total['killed']} of {tested} mutants killed ({share:.1f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
