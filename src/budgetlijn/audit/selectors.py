"""Queries on the audit trail, for the apps above (they read it here, never through the model)."""

from budgetlijn.audit.models import AuditEvent


def first_event(*, action: str, object_type: str) -> AuditEvent | None:
    """The earliest event of ``action`` on objects of ``object_type`` (for example the marker a
    batch command leaves to know it already ran), or None."""
    return AuditEvent.objects.filter(action=action, object_type=object_type).order_by("id").first()
