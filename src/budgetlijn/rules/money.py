"""Money: Decimal only, two places, rounding at named points only."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MONEY_DIGITS = 12
MONEY_PLACES = 2
CENT = Decimal("0.01")
EURO = Decimal("1")
ZERO = Decimal("0.00")
NBSP = "\u00a0"


def to_decimal(value: object) -> Decimal:
    """Turn an int, str or Decimal into a Decimal; floats are refused."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money and rates are never floats: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(" ", ""))
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal number: {value!r}") from exc
        if not result.is_finite():
            raise ValueError(f"not a finite decimal number: {value!r}")
        return result
    raise TypeError(f"cannot make a Decimal of {type(value).__name__}")


def round_cents(value: Decimal) -> Decimal:
    """Round half up to the cent (the one rounding rule for money)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_to(value: Decimal, unit: Decimal) -> Decimal:
    """Round half up to a multiple of ``unit`` (for example EUR 1 for 'afgerond')."""
    return ((value / unit).quantize(EURO, rounding=ROUND_HALF_UP) * unit).quantize(CENT)


def format_eur(value: Decimal) -> str:
    """Dutch (Belgian) notation: EUR 11 945,05."""
    q = round_cents(value)
    sign = "-" if q < 0 else ""
    whole, frac = f"{abs(q):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}EUR {NBSP.join(groups)},{frac}"
