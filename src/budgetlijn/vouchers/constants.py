"""Choices and stable error codes of voucher invoices (R11) and the cash surcharge (R12)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ACCEPTED = "ACCEPTED", _("aanvaard")
    PARTLY = "PARTLY", _("deels aanvaard")
    REFUSED = "REFUSED", _("geweigerd")


IDEMPOTENCY_KEY_LENGTH = 100
REQUEST_HASH_LENGTH = 64
# Idempotency keys of the ledger entries booked here.
LINE_KEY_PREFIX = "voucher-line:"
SURCHARGE_KEY_PREFIX = "cash-surcharge:"


class ErrorCode(StrEnum):
    """Stable error codes of the vouchers app (the rules' codes: rules.codes.VoucherCode)."""

    VOUCHER_INVOICE_EMPTY = "voucher_invoice_empty"
    VOUCHER_INVOICE_TOO_MANY_LINES = "voucher_invoice_too_many_lines"
    VOUCHER_PROVIDER_INACTIVE = "voucher_provider_inactive"
    VOUCHER_FIELD_MISSING = "voucher_field_missing"
    VOUCHER_FIELD_INVALID = "voucher_field_invalid"
    VOUCHER_BUDGET_UNKNOWN = "voucher_budget_unknown"
    VOUCHER_KEY_REUSED = "voucher_key_reused"
    VOUCHER_KEY_INVALID = "voucher_key_invalid"
    VOUCHER_COMMITMENT_MISSING = "voucher_commitment_missing"
    VOUCHER_COMMITMENT_MISMATCH = "voucher_commitment_mismatch"
