"""Recording audit events; every service that changes state records one."""

from typing import Any

from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.fast_insert import insert_objects, insert_rows


def user_or_none(actor: Any):
    """The signed-in user behind an action, or None for the system (commands, imports)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _label(actor: Any) -> str:
    return (str(actor) if actor is not None else "systeem")[:150]


def _object_type(obj: Any) -> str:
    return obj._meta.label if hasattr(obj, "_meta") else type(obj).__name__


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
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_label(actor),
        action=action,
        person_id=person_id,
        object_type=_object_type(obj),
        object_id=str(getattr(obj, "pk", "") or ""),
        summary=summary[:255],
        details=details or {},
    )


def record_many(
    *,
    action: str,
    events: list[tuple[Any, str, int | None, dict]],
    actor: Any = None,
) -> list[AuditEvent]:
    """Record one event per ``(obj, summary, person_id, details)``, all by ``actor``, with one
    bulk insert (the batch paths: ``ledger.batch.book_batch``). The events are the same as
    ``record`` would write one by one; the trail stays append-only."""
    user = user_or_none(actor)
    label = _label(actor)
    objs = [
        AuditEvent(
            actor=user,
            actor_label=label,
            action=action,
            person_id=person_id,
            object_type=_object_type(obj),
            object_id=str(getattr(obj, "pk", "") or ""),
            summary=summary[:255],
            details=details or {},
        )
        for obj, summary, person_id, details in events
    ]
    insert_objects(objs)
    return objs


def record_rows(
    *,
    action: str,
    events: list[tuple[str, str, str, int | None, dict]],
    actor: Any = None,
) -> list[int]:
    """Like ``record_many`` for the bulk paths, without model instances: one row per
    ``(object_type, object_id, summary, person_id, details)`` (object_type as
    ``app_label.ModelName``), inserted in multi-row statements. Returns the new ids."""
    user = user_or_none(actor)
    user_id = user.pk if user is not None else None
    label = _label(actor)
    now = timezone.now()
    return insert_rows(
        AuditEvent,
        (
            "at",
            "actor_id",
            "actor_label",
            "action",
            "person_id",
            "object_type",
            "object_id",
            "summary",
            "details",
        ),
        (
            (now, user_id, label, action, person_id, object_type, object_id, summary[:255], details)
            for object_type, object_id, summary, person_id, details in events
        ),
    )
