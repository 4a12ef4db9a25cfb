"""Administrator values are append-only: a correction is a new row that replaces the wrong one,
which stays as it was. By the model, and by triggers on every backend."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.audit.tests.append_only import (
    assert_database_refuses_changes,
    assert_model_refuses_changes,
    assert_only_the_test_flush_empties_the_table,
    expected_triggers,
    triggers_on,
)
from budgetlijn.parameters.models import ParameterOverride, ParameterOverrideIsAppendOnly
from budgetlijn.parameters.tests import factories
from budgetlijn.rules import parameters

pytestmark = pytest.mark.django_db

NAME = "pab.yearly_amount.I.1"
MESSAGE = "parameterwaarde wordt nooit gewijzigd"


def add(value: str, **kwargs) -> ParameterOverride:
    return factories.override(value, name=NAME, **kwargs)


@pytest.fixture
def override():
    return add("1250.00")


def test_the_model_refuses_every_change(override):
    assert_model_refuses_changes(
        override, ParameterOverrideIsAppendOnly, "value", Decimal("12500.00")
    )
    with pytest.raises(ParameterOverrideIsAppendOnly, match=MESSAGE):
        override.delete()


def test_the_database_refuses_update_and_delete_on_every_backend(override):
    assert_database_refuses_changes(override, "value", "12500", MESSAGE)


def test_the_migrated_database_has_the_triggers():
    assert triggers_on(ParameterOverride) == expected_triggers(ParameterOverride)


def test_only_the_test_flush_empties_the_table(override):
    assert_only_the_test_flush_empties_the_table(override, MESSAGE)


def test_a_correction_is_a_new_row_that_wins_and_the_wrong_row_stays(override):
    correction = add("12500.00", replaces=override)
    assert correction.pk != override.pk
    wrong = ParameterOverride.objects.get(pk=override.pk)
    assert wrong.value == Decimal("1250.00")
    assert wrong.replaced_by == correction
    assert list(ParameterOverride.objects.active()) == [correction]
    assert parameters.value(NAME, date(2025, 1, 1)) == Decimal("12500.00")
