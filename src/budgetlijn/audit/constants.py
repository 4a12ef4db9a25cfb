"""Error codes of the audit trail."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes of the audit trail (values never change)."""

    APPEND_ONLY = "audit_append_only"
