import pytest

from budgetlijn.rules import parameters


@pytest.fixture(autouse=True)
def package_parameters_without_overrides():
    """Pure rule tests see the shipped parameter files and no administrator values (the
    Django app installs a database-backed source when Django starts)."""
    with parameters.isolated():
        yield
