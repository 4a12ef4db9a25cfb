"""Use cases that change parameters: one function each, one transaction, one audit event."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.parameters.models import ParameterOverride


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
        value=value,
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
            f"Parameter {override.name} vanaf {valid_from:%d/%m/%Y}{until}: {value}{correction}"
        ),
        actor=by,
        details={
            "name": override.name,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "value": str(value),
            "reference": override.reference,
            "replaces": replaces.pk if replaces is not None else None,
        },
    )
    return override
