"""Test data for the parameters app: administrator values through the real service."""

from datetime import date
from decimal import Decimal, InvalidOperation

from budgetlijn.parameters import services
from budgetlijn.parameters.models import ParameterOverride

NAME = "pab.yearly_amount.I.1"


def override(
    value="12500.00",
    *,
    name: str = NAME,
    valid_from: date = date(2025, 1, 1),
    reference: str = "vaph.be, PAB-bedragen 2025",
    **kwargs,
) -> ParameterOverride:
    """An administrator's dated value, added as the admin and ``set_parameter`` add it. A numeric
    string becomes a Decimal; anything else (a float, a word) is passed on as given, so tests
    can see the service refuse it."""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            pass  # a word: the service gives its Dutch field message
    return services.add_override(
        name=name,
        valid_from=valid_from,
        value=value,
        reference=reference,
        **kwargs,
    )
