"""freeshare stands on the floor of costs (docs/decisions/0022): it uses assistance (mandates),
dossiers, ledger, audit and the rules; never payments (which reads it) nor a floor above."""

import pytest

from budgetlijn.ledger.tests.test_floors import PACKAGE, _imported, _modules

ABOVE = ("payments", "settlements", "reporting", "access", "portal", "api", "demo")


@pytest.mark.parametrize("app", ["freeshare", "vouchers"])
def test_freeshare_and_vouchers_import_nothing_from_payments_or_above(app):
    modules = _modules(app)
    assert len(modules) > 5
    upward = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if any(name == f"budgetlijn.{up}" or name.startswith(f"budgetlijn.{up}.") for up in ABOVE)
    }
    assert upward == set()
