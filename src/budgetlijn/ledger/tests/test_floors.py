"""Floor 0 (ledger, parameters, audit) imports nothing from the floors above (ENGINEERING.md):
another app's models only by string reference ("dossiers.Budget") or apps.get_model."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # src/budgetlijn
FLOOR_0 = ("ledger", "parameters", "audit")
ABOVE = (
    "dossiers",
    "contracts",
    "costs",
    "assistance",
    "freeshare",
    "vouchers",
    "payments",
    "access",
    "reporting",
    "portal",
    "api",
    "demo",
)


def _modules(app: str) -> list[Path]:
    # The tests build their data with the factories of the floors above; the app itself not.
    return sorted(p for p in (PACKAGE / app).rglob("*.py") if "tests" not in p.parts)


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("app", FLOOR_0)
def test_floor_0_imports_nothing_from_a_higher_floor(app):
    modules = _modules(app)
    assert len(modules) > 5  # the scan found the app
    upward = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if any(name == f"budgetlijn.{up}" or name.startswith(f"budgetlijn.{up}.") for up in ABOVE)
    }
    assert upward == set()


def test_the_scan_sees_an_upward_import():
    """The check above can fail: it flags the dossiers import a ledger test file makes."""
    factories = PACKAGE / "ledger" / "tests" / "factories.py"
    assert "budgetlijn.dossiers.models" in _imported(factories)
