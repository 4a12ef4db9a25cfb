"""A contract's input fields as a caller outside Django forms sends them (the REST API): each
value typed by the model field's own conversion, and the persons a contract names looked up in
the budget's dossier only.

``typed(name, value)`` returns the value as the service takes it or raises ``ValidationError``
with a Dutch message; ``dossier_persons`` finds ``holder_signatory`` among the budget's holders
and ``counterparty_person`` among its holders and the person's relatives, and nothing else (an
id outside the dossier is not found, like an unknown one)."""

from __future__ import annotations

import decimal
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from budgetlijn.contracts.constants import INPUT_FIELDS, ErrorCode
from budgetlijn.contracts.models import Contract
from budgetlijn.dossiers.models import Budget, BudgetHolder, Person, Relation
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR

PERSON_FIELDS = ("holder_signatory", "counterparty_person")
MAX_ID = 2**63 - 1  # the largest id a database integer column holds


def input_fields() -> dict[str, models.Field]:
    """The model field of each input field, in ``INPUT_FIELDS`` order."""
    return {name: Contract._meta.get_field(name) for name in INPUT_FIELDS}


def _wrong_kind() -> ValidationError:
    return ValidationError(
        gettext("Deze waarde heeft niet het juiste soort. Zie de documentatie."),
        code=ErrorCode.INPUT_INVALID,
    )


def an_id(value: Any) -> int | None:
    """A positive id the database can hold, from an int or a string of digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= MAX_ID:
        return value
    return None


def typed(name: str, value: Any) -> Any:
    """``value`` of the input field ``name`` converted by the model field itself (a person as
    its id); ``ValidationError`` with a Dutch message when it cannot be."""
    field = Contract._meta.get_field(name)
    if isinstance(value, (dict, list)):
        raise ValidationError(
            gettext("Geef één waarde, geen lijst of object."), code=ErrorCode.INPUT_INVALID
        )
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(
            gettext("Deze tekst bevat een ongeldig teken (NUL)."), code=ErrorCode.INPUT_INVALID
        )
    if isinstance(value, bool) and not isinstance(field, models.BooleanField):
        raise _wrong_kind()
    if isinstance(value, float):  # money and hours never pass through binary floats
        raise _wrong_kind()
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        number = an_id(value)
        if number is None:
            raise _wrong_kind()
        return number
    try:
        result = field.to_python(value)
    except ValidationError as error:
        messages = [str(e.message % e.params if e.params else e.message) for e in error.error_list]
        raise ValidationError(" ".join(messages), code=error.error_list[0].code) from None
    except (TypeError, ValueError, ArithmeticError):
        raise _wrong_kind() from None
    if isinstance(result, date) and not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ValidationError(
            gettext("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
            code=ErrorCode.DATE_OUT_OF_RANGE,
        )
    if isinstance(result, decimal.Decimal) and not result.is_finite():
        raise _wrong_kind()
    return result


def dossier_persons(budget: Budget, wanted: dict[str, int]) -> dict[str, Person | None]:
    """Each of ``wanted`` (``PERSON_FIELDS`` -> person id) as a person of ``budget``'s dossier
    it may be, or None: the signatory a holder of the budget, the other party a holder or a
    relative of the budget's person."""
    holders = set(BudgetHolder.objects.filter(budget=budget).values_list("person_id", flat=True))
    relatives = set(
        Relation.objects.filter(person_id=budget.person_id).values_list("relative_id", flat=True)
    )
    allowed = {"holder_signatory": holders, "counterparty_person": holders | relatives}
    persons = Person.objects.in_bulk([pk for name, pk in wanted.items() if pk in allowed[name]])
    return {name: persons.get(pk) if pk in allowed[name] else None for name, pk in wanted.items()}
