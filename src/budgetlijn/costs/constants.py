"""Choices and stable error codes of cost statements and their lines."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class FiledByRole(models.TextChoices):
    HOLDER = "HOLDER", _("de budgethouder")
    ASSISTANCE_ORGANISATION = "ASSISTANCE_ORGANISATION", _("een bijstandsorganisatie met volmacht")
    AGENCY = "AGENCY", _("het agentschap")


class Source(models.TextChoices):
    MANUAL = "MANUAL", _("ingevoerd")
    FILE = "FILE", _("bestand")
    API = "API", _("API")


class BookingType(models.TextChoices):
    COST = "COST", _("kost")
    CREDIT_NOTE = "CREDIT_NOTE", _("creditnota")


class Outcome(models.TextChoices):
    ACCEPTED = "ACCEPTED", _("aanvaard")
    PARTLY_ACCEPTED = "PARTLY_ACCEPTED", _("deels aanvaard")
    WAITING = "WAITING", _("wacht")
    REFUSED = "REFUSED", _("geweigerd")


FINAL_OUTCOMES = frozenset({Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REFUSED})


class WaitReason(models.TextChoices):
    CONTRACT_NOT_APPROVED = "CONTRACT_NOT_APPROVED", _("de overeenkomst is nog niet goedgekeurd")
    LATE_REVIEW = "LATE_REVIEW", _("laattijdig ingediend: het agentschap beoordeelt de reden")


class ReviewDecision(models.TextChoices):
    ACCEPT = "ACCEPT", _("aanvaard door het agentschap")
    REFUSE = "REFUSE", _("geweigerd door het agentschap")


class ImportStatus(models.TextChoices):
    CHECKED = "CHECKED", _("nagekeken, nog niet geboekt")
    BOOKED = "BOOKED", _("geboekt")


class ErrorCode(StrEnum):
    """Stable error codes of the costs app (the rules' own codes are in rules/codes.py)."""

    # A statement's or a line's fields (costs/inputs.py).
    BUDGET_UNKNOWN = "cost_budget_unknown"
    YEAR_INVALID = "cost_year_invalid"
    YEAR_NOT_OPENED = "cost_year_not_opened"
    IDEMPOTENCY_KEY_INVALID = "cost_idempotency_key_invalid"
    IDEMPOTENCY_KEY_REUSED = "cost_idempotency_key_reused"
    NO_LINES = "cost_no_lines"
    TOO_MANY_LINES = "cost_too_many_lines"
    LINE_INVALID = "cost_line_invalid"
    CONTRACT_MISSING = "cost_line_contract_missing"
    CONTRACT_OTHER_BUDGET = "cost_contract_other_budget"
    COST_KIND_UNKNOWN = "cost_line_kind_unknown"
    BOOKING_TYPE_UNKNOWN = "cost_booking_type_unknown"
    DATE_INVALID = "cost_date_invalid"
    PERIOD_REVERSED = "cost_line_period_reversed"
    AMOUNT_INVALID = "cost_amount_invalid"
    AMOUNT_NOT_POSITIVE = "cost_amount_not_positive"
    AMOUNT_TOO_LARGE = "cost_amount_too_large"
    AMOUNT_TOO_PRECISE = "cost_amount_too_precise"
    QUANTITY_INVALID = "cost_quantity_invalid"
    LATE_REASON_UNKNOWN = "cost_late_reason_unknown"
    TEXT_TOO_LONG = "cost_text_too_long"
    TEXT_INVALID = "cost_text_invalid"
    STATEMENT_INVALID = "cost_statement_invalid"
    FILE_HAS_ERRORS = "cost_file_has_errors"
    # The review queue.
    NOT_WAITING_FOR_REVIEW = "cost_not_waiting_for_review"
    REVIEW_REASON_REQUIRED = "cost_review_reason_required"
    # check_ledger (costs/invariants.py): the money guarantees of the cost lines.
    LINES_EXCEED_BUDGET_LINE = "cost_lines_exceed_budget_line"
    COMMITMENT_MISMATCH = "cost_line_commitment_mismatch"
    COMMITMENT_WITHOUT_LINE = "cost_commitment_without_line"
    PARTS_MISMATCH = "cost_line_parts_mismatch"
    VIA_MISMATCH = "cost_via_used_mismatch"
    PREMIUM_MISMATCH = "cost_premium_added_mismatch"
    CREDIT_OVERUSED = "cost_credit_overused"

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
