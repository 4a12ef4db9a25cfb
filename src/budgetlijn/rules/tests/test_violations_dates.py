"""Violations and date arithmetic, pure."""

from datetime import date

import pytest

from budgetlijn.rules.dates import add_months, years_between
from budgetlijn.rules.violations import RuleViolations, Violation, _


def test_marking_for_translation_returns_the_dutch_source():
    assert _("Vul het bedrag in.") == "Vul het bedrag in."


def test_violation_text_fills_in_its_parameters():
    violation = Violation("R26", "line_exceeded", "Nog %(line)s over.", "amount", {"line": "5"})
    assert violation.text() == "Nog 5 over."
    assert str(violation) == "R26 line_exceeded: Nog 5 over."


def test_violation_text_without_parameters_keeps_percent_signs():
    violation = Violation("R12", "surcharge", "Toeslag van 11,94 %.")
    assert violation.text() == "Toeslag van 11,94 %."
    assert violation.field is None
    assert violation.params == {}


def test_rule_violations_carry_every_violation_and_group_by_field():
    first = Violation("R1", "a", "Eerste.", "started_on")
    second = Violation("R1", "b", "Tweede %(n)s.", "started_on", {"n": 2})
    third = Violation("R9", "c", "Derde.")
    error = RuleViolations([first, second, third])
    assert error.violations == [first, second, third]
    assert str(error) == "R1 a: Eerste.; R1 b: Tweede 2.; R9 c: Derde."
    assert error.by_field() == {"started_on": ["Eerste.", "Tweede 2."], None: ["Derde."]}


def test_rule_violations_copies_the_list():
    items = [Violation("R1", "a", "Eerste.")]
    error = RuleViolations(items)
    items.append(Violation("R1", "b", "Tweede."))
    assert len(error.violations) == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 14), 4, date(2023, 5, 14)),
        (date(2023, 10, 31), 4, date(2024, 2, 29)),
        (date(2022, 10, 31), 4, date(2023, 2, 28)),
        (date(2023, 8, 31), 1, date(2023, 9, 30)),
        (date(2023, 9, 30), 3, date(2023, 12, 30)),
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2023, 1, 31), 0, date(2023, 1, 31)),
        (date(2023, 3, 31), -1, date(2023, 2, 28)),
        (date(2000, 2, 29), 12 * 22, date(2022, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2005, 1, 5), date(2023, 1, 4), 17),
        (date(2005, 1, 5), date(2023, 1, 5), 18),
        (date(2005, 1, 5), date(2023, 1, 6), 18),
        (date(2005, 3, 5), date(2023, 2, 28), 17),
        (date(2005, 3, 5), date(2023, 3, 4), 17),
        (date(2005, 3, 5), date(2023, 4, 1), 18),
        (date(2004, 2, 29), date(2022, 2, 28), 17),
        (date(2004, 2, 29), date(2022, 3, 1), 18),
    ],
)
def test_years_between_counts_completed_years(birth, day, age):
    assert years_between(birth, day) == age
