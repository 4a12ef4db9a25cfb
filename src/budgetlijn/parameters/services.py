"""Use cases that change parameters: one function each, one transaction, one audit event."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.rules.money import to_decimal


def _decimal(value: Any) -> Any:
    """The value through the money module's constructor, which refuses floats (TypeError, a
    programming error); text that is no number is left for ``full_clean`` to name in Dutch."""
    if value is None:
        return None
    try:
        return to_decimal(value)
    except ValueError:
        return value


@transaction.atomic
def add_override(
    *,
    name: str,
    valid_from: date,
    value: Decimal,
    reference: str,
    valid_until: date | None = None,
    replaces: ParameterOverride | None = None,
    by: Any = None,
) -> ParameterOverride:
    """Add an administrator value to a parameter (or correct one with ``replaces``).

    Validates like the admin (``ParameterOverride.clean``); raises ValidationError with Dutch
    messages by field, and then saves nothing.
    """
    override = ParameterOverride(
        name=name.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        value=_decimal(value),
        reference=reference.strip() if isinstance(reference, str) else reference,
        replaces=replaces,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    override.full_clean()
    override.save()
    until = f" tot en met {valid_until:%d/%m/%Y}" if valid_until else ""
    correction = f" (verbetert #{replaces.pk})" if replaces is not None else ""
    record(
        action=AuditEvent.Action.CREATE,
        obj=override,
        summary=(
            f"Parameter {override.name} vanaf {valid_from:%d/%m/%Y}{until}: "
            f"{override.value}{correction}"
        ),
        actor=by,
        details={
            "name": override.name,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "value": str(override.value),
            "reference": override.reference,
            "replaces": replaces.pk if replaces is not None else None,
        },
    )
    return override
