"""Random draws shared by the demo generators (pure; ``random.Random`` only)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from budgetlijn.rules.dates import add_months


def make_rng(seed: int) -> random.Random:
    """The only source of randomness of the demo data (deterministic; not for security)."""
    return random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last``, both included."""
    if last < first:
        raise ValueError(f"empty period {first} - {last}")
    return first + timedelta(days=rng.randint(0, (last - first).days))


def birth_date_for_age(rng: random.Random, on: date, youngest: int, oldest: int) -> date:
    """A birth date of someone aged ``youngest``..``oldest`` (completed years) on ``on``."""
    age = rng.randint(youngest, oldest)
    latest = add_months(on, -12 * age)  # the birthday ``age`` years before ``on``
    earliest = add_months(on, -12 * (age + 1)) + timedelta(days=1)
    return day_between(rng, earliest, latest)
