import pytest

from budgetlijn.parameters import overrides
from budgetlijn.rules import parameters


@pytest.fixture(autouse=True)
def database_overrides():
    """Package parameter files with the database-backed override source, empty cache."""
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()
