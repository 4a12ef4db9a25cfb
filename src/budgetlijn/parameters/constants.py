"""Error codes of the parameter overrides."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes of the parameter overrides (values never change)."""

    APPEND_ONLY = "parameter_override_append_only"
