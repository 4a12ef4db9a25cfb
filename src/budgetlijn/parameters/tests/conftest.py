import pytest

from budgetlijn.parameters import overrides
from budgetlijn.rules import parameters


@pytest.fixture(autouse=True)
def database_overrides():
    """The package files with the database-backed override source, and an empty cache: a
    rolled-back test transaction sends no signal, so the cache is dropped around each test."""
    overrides.cache.invalidate()
    with parameters.isolated(override_source=overrides.cache.values_for):
        yield
    overrides.cache.invalidate()
