"""Every stable error code of the project lives in a StrEnum, once.

Collects the error-code enums of the pure rules (``budgetlijn.rules.codes``), of the shared
append-only base (``budgetlijn.append_only``) and of each app's ``constants`` module, and checks
that no value appears twice, that each is snake_case ASCII, and that no call site builds an
error with a bare string as its code."""

import ast
import importlib
import re
from collections import defaultdict
from enum import StrEnum

import pytest

from budgetlijn.rules.tests.test_codes import PACKAGE, literal_code_arguments, source_files

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def error_code_modules() -> list[str]:
    names = ["budgetlijn.rules.codes", "budgetlijn.append_only"]
    names += sorted(
        f"budgetlijn.{path.parent.name}.constants" for path in PACKAGE.glob("*/constants.py")
    )
    return names


def error_code_enums() -> list[type[StrEnum]]:
    enums = []
    for name in error_code_modules():
        module = importlib.import_module(name)
        enums += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, StrEnum)
            and obj.__module__ == name
            and obj.__name__.endswith("Code")
        ]
    return enums


ENUMS = error_code_enums()


def label(enum: type) -> str:
    return f"{enum.__module__}.{enum.__name__}"


def test_the_known_error_code_enums_are_collected():
    found = {label(enum) for enum in ENUMS}
    assert {
        "budgetlijn.ledger.constants.ErrorCode",
        "budgetlijn.dossiers.constants.ErrorCode",
        "budgetlijn.reporting.constants.ErrorCode",
        "budgetlijn.audit.constants.ErrorCode",
        "budgetlijn.parameters.constants.ErrorCode",
        "budgetlijn.append_only.ErrorCode",
        "budgetlijn.rules.codes.BudgetCode",
        "budgetlijn.rules.codes.ContractCode",
    } <= found


def test_every_error_code_enum_in_the_source_is_collected():
    """A *Code StrEnum defined anywhere else would escape the uniqueness check."""
    collected = {label(enum) for enum in ENUMS}
    missed = []
    for path in source_files():
        module = ".".join(("budgetlijn", *path.relative_to(PACKAGE).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and node.name.endswith("Code")
                and any(ast.unparse(base).endswith("StrEnum") for base in node.bases)
                and f"{module}.{node.name}" not in collected
            ):
                missed.append(f"{module}.{node.name}")
    assert missed == []


def test_every_error_code_is_unique_across_all_enums():
    owners = defaultdict(list)
    for enum in ENUMS:
        for member in enum:
            owners[member.value].append(f"{label(enum)}.{member.name}")
    assert {value: names for value, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize("enum", ENUMS, ids=label)
def test_error_codes_are_snake_case_ascii(enum):
    bad = [m.value for m in enum if not (m.value.isascii() and SNAKE_CASE.fullmatch(m.value))]
    assert bad == []


def test_no_error_is_built_with_a_bare_code_string():
    """Violation(...) and ValidationError(code=...) take an enum member, never a literal."""
    offenders = []
    calls = frozenset({"Violation", "ValidationError"})
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, source in literal_code_arguments(tree, calls):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {source}")
    assert offenders == []


def test_no_exception_class_names_its_code_with_a_bare_string():
    """``code = "..."`` on a class (the append-only errors) takes an enum member too."""
    offenders = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for statement in node.body:
                targets = (
                    statement.targets
                    if isinstance(statement, ast.Assign)
                    else [statement.target]
                    if isinstance(statement, ast.AnnAssign)
                    else []
                )
                value = getattr(statement, "value", None)
                if (
                    any(isinstance(t, ast.Name) and t.id == "code" for t in targets)
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{statement.lineno}")
    assert offenders == []


def test_the_api_and_forms_still_see_the_plain_string():
    from budgetlijn.ledger.constants import ErrorCode

    assert ErrorCode.NO_ALLOCATION == "no_allocation_for_year"
    assert str(ErrorCode.NO_ALLOCATION) == "no_allocation_for_year"
