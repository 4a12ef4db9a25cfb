from decimal import Decimal

from django import template

from budgetlijn.rules.money import format_eur

register = template.Library()


@register.filter
def eur(value) -> str:
    """An amount in Belgian notation (EUR 1 500,00); empty for no amount."""
    if value is None or value == "":
        return ""
    return format_eur(Decimal(value))
