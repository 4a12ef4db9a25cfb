"""Floor 2: assistance uses contracts, dossiers, ledger, audit, parameters and the rules, never
a floor beside or above it (ENGINEERING.md)."""

from budgetlijn.ledger.tests.test_floors import PACKAGE, _imported, _modules

NOT_BELOW = (
    "costs",
    "freeshare",
    "vouchers",
    "payments",
    "reporting",
    "access",
    "portal",
    "api",
    "demo",
)


def test_assistance_imports_nothing_from_its_floor_or_above():
    modules = _modules("assistance")
    assert len(modules) > 5
    upward = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if any(
            name == f"budgetlijn.{up}" or name.startswith(f"budgetlijn.{up}.") for up in NOT_BELOW
        )
    }
    assert upward == set()
