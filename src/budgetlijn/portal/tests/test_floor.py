from budgetlijn.ledger.tests.test_floors import PACKAGE, _imported

# The one model the portal reads itself: the public list of assistance organisations to choose
# from in the grant form. Everything else goes through access.queries and the services.
ALLOWED_MODELS = {"budgetlijn.assistance.models"}


def test_portal_imports_neither_the_floor_above_nor_models_for_access():
    modules = sorted(
        p for p in (PACKAGE / "portal").rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts
    )
    assert len(modules) > 4
    wrong = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if name.startswith(("budgetlijn.demo", "budgetlijn.api"))
        or (name.endswith(".models") and name not in ALLOWED_MODELS)
    }
    assert wrong == set()
