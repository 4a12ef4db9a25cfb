"""Recording audit events; every service that changes state records one."""

from typing import Any

from budgetlijn.audit.models import AuditEvent


def user_or_none(actor: Any):
    """The signed-in user behind an action, or None for the system (commands, imports)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    *,
    action: str,
    obj: Any,
    summary: str,
    actor: Any = None,
    person_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    user = user_or_none(actor)
    label = str(actor) if actor is not None else "systeem"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:150],
        action=action,
        person_id=person_id,
        object_type=obj._meta.label if hasattr(obj, "_meta") else type(obj).__name__,
        object_id=str(getattr(obj, "pk", "") or ""),
        summary=summary[:255],
        details=details or {},
    )
