"""Stable error codes of sign-in (values never change)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    SIGN_IN_LOCKED_OUT = "sign_in_locked_out"
