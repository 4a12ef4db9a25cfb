"""Administrator values go through the money module's constructor, which refuses floats."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.parameters.overrides import tidy
from budgetlijn.parameters.tests.factories import override

pytestmark = pytest.mark.django_db

NAME = "pab.yearly_amount.I.1"


def add(value):
    return override(value, name=NAME, reference="vaph.be, 2025")


def test_a_float_value_is_refused_and_nothing_is_saved():
    with pytest.raises(TypeError, match="never floats"):
        add(12500.1)
    assert not ParameterOverride.objects.exists()


@pytest.mark.parametrize("value", ["12500.10", Decimal("12500.10"), " 12500.10 "])
def test_text_and_decimals_are_read_exactly(value):
    assert add(value).value == Decimal("12500.10")


def test_text_that_is_no_number_gets_the_dutch_field_message():
    with pytest.raises(ValidationError) as error:
        add("twaalfduizend")
    assert "value" in error.value.message_dict
    assert not ParameterOverride.objects.exists()


def test_tidy_refuses_a_float_and_keeps_cents_for_amounts():
    assert tidy(Decimal("12500.10000000"), "EUR per jaar") == Decimal("12500.10")
    assert str(tidy(Decimal("0.05000000"), "fractie")) == "0.05"
    with pytest.raises(TypeError):
        tidy(0.05, "fractie")
