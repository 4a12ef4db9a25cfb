"""Error codes of the pure rules: unique, snake_case, and never a bare string at a call site."""

import ast
import re
from collections import Counter
from enum import StrEnum
from pathlib import Path

import pytest

from budgetlijn.rules import codes

PACKAGE = Path(__file__).resolve().parents[2]  # src/budgetlijn
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")

RULE_ENUMS = [
    obj
    for obj in vars(codes).values()
    if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
]


def source_files() -> list[Path]:
    """Every module of the project, without tests and migrations."""
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    )


def literal_code_arguments(tree: ast.AST, calls: frozenset[str]) -> list[tuple[int, str]]:
    """(line, source) of each code argument of a call named in ``calls`` that holds a string
    literal or an f-string anywhere in it (``"x"``, ``f"x_{y}"``, ``y or "x"``)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in calls:
            continue
        arguments = [k.value for k in node.keywords if k.arg == "code"]
        if name == "Violation" and len(node.args) >= 2:
            arguments.append(node.args[1])
        for argument in arguments:
            if any(
                isinstance(part, ast.JoinedStr)
                or (isinstance(part, ast.Constant) and isinstance(part.value, str))
                for part in ast.walk(argument)
            ):
                found.append((node.lineno, ast.unparse(argument)))
    return found


def test_rule_enums_are_found():
    names = {enum.__name__ for enum in RULE_ENUMS}
    assert {"BudgetCode", "ContractCode", "MfcCode", "ShortTermCode", "IdentityCode"} <= names


def test_rule_codes_are_unique_across_enums():
    counts = Counter(member.value for enum in RULE_ENUMS for member in enum)
    assert [value for value, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("enum", RULE_ENUMS, ids=lambda enum: enum.__name__)
def test_rule_codes_are_snake_case_ascii(enum):
    bad = [m.value for m in enum if not (m.value.isascii() and SNAKE_CASE.fullmatch(m.value))]
    assert bad == []


@pytest.mark.parametrize("enum", RULE_ENUMS, ids=lambda enum: enum.__name__)
def test_rule_code_member_names_spell_their_value(enum):
    assert [m.name for m in enum if m.name != m.value.upper()] == []


def test_no_violation_is_built_with_a_bare_code_string():
    offenders = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, source in literal_code_arguments(tree, frozenset({"Violation"})):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {source}")
    assert offenders == []


def test_scan_catches_bare_codes():
    """The scan above would fail on a positional, keyword, f-string or fallback literal."""
    tree = ast.parse(
        "Violation('R1', 'x_y', m)\n"
        "Violation('R1', code='x_y', message=m)\n"
        "Violation('R1', f'x_{y}', m)\n"
        "Violation('R1', item.code or 'x', m)\n"
        "Violation('R1', Code.X_Y, m)\n"
        "rules.Violation('R1', 'x_y', m)\n"
    )
    assert [line for line, _ in literal_code_arguments(tree, frozenset({"Violation"}))] == [
        1,
        2,
        3,
        4,
        6,
    ]


def test_a_code_equals_its_string_value():
    assert codes.BudgetCode.BUDGET_ENDED == "budget_ended"
    assert f"{codes.BudgetCode.BUDGET_ENDED}" == "budget_ended"
