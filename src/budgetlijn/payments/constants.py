"""States, kinds and stable error codes of payment runs, transfers and deductions."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

# Rule ids the payment checks report under (DOMAIN.md).
PAYMENT_RULE = "R30"


class RunStatus(models.TextChoices):
    DRAFT = "DRAFT", _("ontwerp")
    APPROVED = "APPROVED", _("goedgekeurd")
    EXPORTED = "EXPORTED", _("geëxporteerd naar de bank")
    CLOSED = "CLOSED", _("betaald")
    CANCELLED = "CANCELLED", _("geannuleerd")


FINAL_RUN_STATES = frozenset({RunStatus.CLOSED, RunStatus.CANCELLED})
CANCELLABLE_RUN_STATES = frozenset({RunStatus.DRAFT, RunStatus.APPROVED})


class TransferStatus(models.TextChoices):
    PENDING = "PENDING", _("te betalen")
    PAID = "PAID", _("betaald")
    RETURNED = "RETURNED", _("teruggestort door de bank")
    CANCELLED = "CANCELLED", _("geannuleerd")


class BeneficiaryKind(models.TextChoices):
    BUDGET_ACCOUNT = "BUDGET_ACCOUNT", _("budgetrekening")
    PROVIDER = "PROVIDER", _("zorgaanbieder")


class SourceKind(models.TextChoices):
    COST_LINE = "COST_LINE", _("kostenlijn")
    FREE_SHARE = "FREE_SHARE", _("vrij besteedbaar deel")
    VOUCHER_LINE = "VOUCHER_LINE", _("voucherfactuurlijn")


class ItemStatus(models.TextChoices):
    BOOKED = "BOOKED", _("uitbetaling geboekt")
    RETURNED = "RETURNED", _("teruggestort: opnieuw verschuldigd")
    CANCELLED = "CANCELLED", _("geannuleerd: opnieuw verschuldigd")


class DeductionKind(models.TextChoices):
    CREDIT_NOTE = "CREDIT_NOTE", _("creditnota")
    SAMPLE_REFUSED = "SAMPLE_REFUSED", _("niet bewezen bij steekproef")
    ADVANCE_RECLAIM = "ADVANCE_RECLAIM", _("terugvordering voorschot")
    RECLAIM = "RECLAIM", _("terugvordering")


class ErrorCode(StrEnum):
    """Stable error codes of the payments app."""

    # draft_run refusals and skipped items
    RUN_DAY_IN_FUTURE = "payment_run_day_in_future"
    RUN_DAY_WITHOUT_PARAMETERS = "payment_run_day_without_parameters"
    NO_BUDGET_ACCOUNT = "payment_no_budget_account"
    BUDGET_ACCOUNT_INVALID = "payment_budget_account_invalid"
    PROVIDER_WITHOUT_IBAN = "payment_provider_without_iban"
    BUDGET_STOPPED_FOR_FRAUD = "payment_budget_stopped_for_fraud"
    BOOKING_REFUSED = "payment_booking_refused"
    # the life of a run
    RUN_NOT_IN_STATE = "payment_run_not_in_state"
    FOUR_EYES = "payment_four_eyes"
    NOT_ALLOWED = "payment_not_allowed"
    TRANSFER_NOT_PENDING = "payment_transfer_not_pending"
    DEBTOR_ACCOUNT_INVALID = "payment_debtor_account_invalid"
    SEPA_FILE_INVALID = "payment_sepa_file_invalid"
    REASON_REQUIRED = "payment_reason_required"
    DEDUCTION_AMOUNT_INVALID = "payment_deduction_amount_invalid"
    DEDUCTION_YEAR_REQUIRED = "payment_deduction_year_required"  # R31
    DEDUCTION_YEAR_INVALID = "payment_deduction_year_invalid"  # R31
    # check_ledger
    PAYOUT_WITHOUT_ITEM = "payment_payout_without_item"
    ITEM_PAYOUT_MISMATCH = "payment_item_payout_mismatch"
    RUN_SUMS_MISMATCH = "payment_run_sums_mismatch"
    TRANSFER_SUMS_MISMATCH = "payment_transfer_sums_mismatch"
    EXPORT_CONTROL_SUM_MISMATCH = "payment_export_control_sum_mismatch"
    COMMITMENT_PAID_TWICE = "payment_commitment_paid_twice"
    DEDUCTION_REMAINING_MISMATCH = "payment_deduction_remaining_mismatch"
    SAMPLE_REFUSED_BOOKING_MISMATCH = "payment_sample_refused_booking_mismatch"  # R31
