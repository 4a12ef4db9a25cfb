"""Choices and error codes of cost statements."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes of the costs app, shared by the portal, the API and file imports."""

    # A cost-statement file as a whole (fileformat.py): reported on row 0, column None.
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE_UNSUPPORTED = "file_type_unsupported"
    FILE_UNREADABLE = "file_unreadable"
    FILE_ENCODING_INVALID = "file_encoding_invalid"
    FILE_EMPTY = "file_empty"
    FILE_COLUMN_MISSING = "file_column_missing"
    FILE_COLUMN_UNKNOWN = "file_column_unknown"
    FILE_COLUMN_DUPLICATE = "file_column_duplicate"
    FILE_TOO_MANY_ROWS = "file_too_many_rows"
    # One cell of a cost-statement file: reported with its row and column.
    FILE_VALUE_REQUIRED = "file_value_required"
    FILE_NUMBER_INVALID = "file_number_invalid"
    FILE_YEAR_OUT_OF_RANGE = "file_year_out_of_range"
    FILE_CONTRACT_INVALID = "file_contract_invalid"
    FILE_COST_KIND_UNKNOWN = "file_cost_kind_unknown"
    FILE_BOOKING_TYPE_UNKNOWN = "file_booking_type_unknown"
    FILE_LATE_REASON_UNKNOWN = "file_late_reason_unknown"
    FILE_DATE_INVALID = "file_date_invalid"
    FILE_DATE_OUT_OF_RANGE = "file_date_out_of_range"
    FILE_PERIOD_REVERSED = "file_period_reversed"
    FILE_DECIMAL_INVALID = "file_decimal_invalid"
    FILE_DECIMAL_AMBIGUOUS = "file_decimal_ambiguous"
    FILE_DECIMAL_TOO_PRECISE = "file_decimal_too_precise"
    FILE_DECIMAL_NOT_POSITIVE = "file_decimal_not_positive"
    FILE_DECIMAL_TOO_LARGE = "file_decimal_too_large"
    FILE_TEXT_TOO_LONG = "file_text_too_long"
