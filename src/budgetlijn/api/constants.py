"""Stable error codes of the REST API (problem details, ``api.problems``).

The codes of the services (``costs.constants.ErrorCode``, ``assistance.constants.ErrorCode``,
the rules' codes) pass through unchanged in a problem's ``errors``; these are the API's own."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """The ``code`` of a problem the API itself answers (values never change)."""

    NOT_AUTHENTICATED = "api_not_authenticated"
    AUTHENTICATION_FAILED = "api_authentication_failed"
    PERMISSION_DENIED = "api_permission_denied"
    NOT_FOUND = "api_not_found"
    METHOD_NOT_ALLOWED = "api_method_not_allowed"
    NOT_ACCEPTABLE = "api_not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "api_unsupported_media_type"
    PARSE_ERROR = "api_parse_error"
    THROTTLED = "api_throttled"
    INVALID = "api_invalid"
    UNKNOWN_FIELD = "api_unknown_field"
    RULE_VIOLATED = "api_rule_violated"
    SERVER_ERROR = "api_server_error"
    TOKEN_LIMIT = "api_token_limit"  # noqa: S105 - a code, not a password
    STAFF_NEEDS_TWO_FACTOR = "api_staff_needs_two_factor"
    IDEMPOTENCY_KEY_INVALID = "api_idempotency_key_invalid"
    IDEMPOTENCY_KEY_REUSED = "api_idempotency_key_reused"
    STATEMENT_REFUSED = "api_statement_refused"
    YEAR_NOT_FOUND = "api_year_not_found"
    PARAMETER_MISSING = "api_parameter_missing"
    DATE_OUT_OF_RANGE = "api_date_out_of_range"
    PERSON_NOT_IN_DOSSIER = "api_person_not_in_dossier"
    NO_CHANGES = "api_no_changes"
    IDEMPOTENCY_KEY_MISSING = "api_idempotency_key_missing"
    NOT_A_PROVIDER = "api_not_a_provider"
