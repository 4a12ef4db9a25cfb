"""Money (pure): Decimal only, half-up rounding to the cent, Belgian notation.

Each rounding case is one where another rounding mode gives another answer: banker's rounding
(ROUND_HALF_EVEN) gives 0,02 for 0,025 and 0,00 for 0,005; ROUND_HALF_DOWN gives 0,01 for 0,015.
"""

from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from budgetlijn.rules.money import (
    CENT,
    EURO,
    MONEY_PLACES,
    ZERO,
    format_eur,
    round_cents,
    round_to,
    to_decimal,
)

NBSP = "\u00a0"


# --- round_cents: half up (away from zero at the half cent) -----------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),
        ("0.035", "0.04"),
        ("0.0049999", "0.00"),
        ("0.0050001", "0.01"),
        ("1.995", "2.00"),
        ("11945.045", "11945.05"),
        ("0", "0.00"),
        ("7", "7.00"),
    ],
)
def test_round_cents_is_half_up(value, expected):
    result = round_cents(Decimal(value))
    assert result == Decimal(expected)
    assert str(result) == expected  # exactly two places, never 0.0 or 1E+1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-0.005", "-0.01"),
        ("-0.015", "-0.02"),
        ("-0.025", "-0.03"),
        ("-0.0049", "-0.00"),
        ("-1.994", "-1.99"),
    ],
)
def test_round_cents_rounds_negative_halves_away_from_zero(value, expected):
    assert round_cents(Decimal(value)) == Decimal(expected)


def test_round_cents_differs_from_bankers_rounding_where_it_must():
    """0,025 -> 0,03 (half up); banker's rounding would give 0,02."""
    value = Decimal("0.025")
    assert value.quantize(CENT, rounding=ROUND_HALF_EVEN) == Decimal("0.02")
    assert round_cents(value) == Decimal("0.03")


def test_money_constants():
    assert CENT == Decimal("0.01")
    assert EURO == Decimal("1")
    assert str(ZERO) == "0.00"
    assert MONEY_PLACES == 2


# --- round_to: half up to a multiple of a unit ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2999.50", "1", "3000.00"),
        ("2999.49", "1", "2999.00"),
        ("2998.50", "1", "2999.00"),  # banker's would give 2998
        ("2997.50", "1", "2998.00"),
        ("12.25", "0.5", "12.50"),
        ("12.24", "0.5", "12.00"),
        ("0.025", "0.01", "0.03"),
        ("-2.50", "1", "-3.00"),
        ("1234", "10", "1230.00"),
        ("1235", "10", "1240.00"),
    ],
)
def test_r13_round_to_is_half_up_to_the_unit_with_two_places(value, unit, expected):
    result = round_to(Decimal(value), Decimal(unit))
    assert result == Decimal(expected)
    assert str(result) == expected


# --- to_decimal --------------------------------------------------------------------------------


def test_to_decimal_accepts_int_str_and_decimal():
    assert to_decimal(5) == Decimal("5")
    assert isinstance(to_decimal(5), Decimal)
    assert to_decimal(-3) == Decimal("-3")
    assert to_decimal("12.34") == Decimal("12.34")
    assert to_decimal("  12.34  ") == Decimal("12.34")
    assert to_decimal("1 234.56") == Decimal("1234.56")
    assert to_decimal("-0.01") == Decimal("-0.01")
    d = Decimal("7.125")
    assert to_decimal(d) is d


@pytest.mark.parametrize("value", [0.1, 1.0, True, False])
def test_to_decimal_refuses_floats_and_booleans(value):
    with pytest.raises(TypeError, match="never floats"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("value", "type_name"), [(None, "NoneType"), ([1], "list"), (object(), "object")]
)
def test_to_decimal_refuses_other_types_and_names_them(value, type_name):
    with pytest.raises(TypeError, match=f"cannot make a Decimal of {type_name}$"):
        to_decimal(value)


@pytest.mark.parametrize("value", ["", "abc", "1,5", "12.3.4"])
def test_to_decimal_refuses_text_that_is_no_number(value):
    with pytest.raises(ValueError, match="not a decimal number"):
        to_decimal(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_to_decimal_refuses_text_that_is_not_finite(value):
    with pytest.raises(ValueError, match="not a finite decimal number"):
        to_decimal(value)


# --- format_eur --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11945.05", f"EUR 11{NBSP}945,05"),
        ("0", "EUR 0,00"),
        ("0.005", "EUR 0,01"),
        ("0.025", "EUR 0,03"),
        ("999.999", f"EUR 1{NBSP}000,00"),
        ("100", "EUR 100,00"),
        ("1000", f"EUR 1{NBSP}000,00"),
        ("1234567.8", f"EUR 1{NBSP}234{NBSP}567,80"),
        ("-1234.5", f"-EUR 1{NBSP}234,50"),
        ("-0.004", "EUR 0,00"),
        ("-0.005", "-EUR 0,01"),
    ],
)
def test_format_eur_is_belgian_notation_with_half_up_cents(value, expected):
    assert format_eur(Decimal(value)) == expected
