"""Kinds of ledger entries, the buckets they move money in, their sign rules and error codes."""

from enum import Enum, StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    ALLOCATION = "ALLOCATION", _("toekenning jaarbudget")
    ADJUSTMENT = "ADJUSTMENT", _("aanpassing")
    VIA_SUPPLEMENT = "VIA_SUPPLEMENT", _("VIA-middelen")
    YEAR_END_PREMIUM = "YEAR_END_PREMIUM", _("recht op eindejaarspremie")
    FREE_SHARE_PAYOUT = "FREE_SHARE_PAYOUT", _("uitbetaling vrij besteedbaar deel")
    FREE_SHARE_CORRECTION = (
        "FREE_SHARE_CORRECTION",
        _("correctie vrij besteedbaar deel (teruggestort op de budgetrekening)"),
    )
    REIMBURSEMENT = "REIMBURSEMENT", _("terugbetaling kosten")
    # R31: a paid cost line not proven in a sample check, booked back when it is refused (the
    # holder owes it; the payment runs withhold it as a deduction)
    REIMBURSEMENT_RECLAIMED = (
        "REIMBURSEMENT_RECLAIMED",
        _("teruggevorderde terugbetaling (niet bewezen bij steekproef)"),
    )
    VOUCHER_PAYMENT = "VOUCHER_PAYMENT", _("betaling voucher aan zorgaanbieder")
    COMMITMENT = "COMMITMENT", _("vastgelegd")
    ADVANCE_PAID = "ADVANCE_PAID", _("terugvorderbaar voorschot betaald")
    ADVANCE_REPAID = "ADVANCE_REPAID", _("voorschot terugbetaald")
    REVERSAL = "REVERSAL", _("tegenboeking")


class Bucket(models.TextChoices):
    """What an entry's amount counts towards; balances are sums per bucket."""

    ENTITLEMENT = "ENTITLEMENT", _("jaarbudget")
    PREMIUM = "PREMIUM", _("eindejaarspremie")  # R28
    VIA = "VIA", _("VIA-middelen")  # R27: VIA4 room used
    PAID = "PAID", _("betaald")
    COMMITTED = "COMMITTED", _("vastgelegd")
    ADVANCE = "ADVANCE", _("voorschot")


class SignRule(Enum):
    """How the amount a caller passes becomes the stored, signed amount."""

    POSITIVE = "positive"  # caller passes > 0, stored as given
    NON_ZERO = "non_zero"  # caller passes != 0, stored as given (either sign)
    STORED_NEGATIVE = "stored_negative"  # caller passes > 0, stored as -amount
    MIRROR = "mirror"  # reversal: bucket of the reversed entry, amount = -original amount


# kind -> (bucket, sign rule). A reversal has no bucket of its own (None): it takes the
# bucket of the entry it reverses.
KIND_RULES: dict[str, tuple[str | None, SignRule]] = {
    EntryKind.ALLOCATION: (Bucket.ENTITLEMENT, SignRule.POSITIVE),
    EntryKind.ADJUSTMENT: (Bucket.ENTITLEMENT, SignRule.NON_ZERO),
    EntryKind.VIA_SUPPLEMENT: (Bucket.VIA, SignRule.POSITIVE),
    EntryKind.YEAR_END_PREMIUM: (Bucket.PREMIUM, SignRule.POSITIVE),
    EntryKind.FREE_SHARE_PAYOUT: (Bucket.PAID, SignRule.POSITIVE),
    # R15: free share paid back to the budget account: no longer spent (stored negative)
    EntryKind.FREE_SHARE_CORRECTION: (Bucket.PAID, SignRule.STORED_NEGATIVE),
    EntryKind.REIMBURSEMENT: (Bucket.PAID, SignRule.POSITIVE),
    # R31: the reimbursement of a refused line is no longer spent (stored negative)
    EntryKind.REIMBURSEMENT_RECLAIMED: (Bucket.PAID, SignRule.STORED_NEGATIVE),
    EntryKind.VOUCHER_PAYMENT: (Bucket.PAID, SignRule.POSITIVE),
    EntryKind.COMMITMENT: (Bucket.COMMITTED, SignRule.POSITIVE),
    EntryKind.ADVANCE_PAID: (Bucket.ADVANCE, SignRule.POSITIVE),
    EntryKind.ADVANCE_REPAID: (Bucket.ADVANCE, SignRule.STORED_NEGATIVE),
    EntryKind.REVERSAL: (None, SignRule.MIRROR),
}

# Kinds pay() books: they spend the budget line (R26).
PAY_KINDS = frozenset(
    {
        EntryKind.FREE_SHARE_PAYOUT,
        EntryKind.REIMBURSEMENT,
        EntryKind.VOUCHER_PAYMENT,
        EntryKind.COMMITMENT,
    }
)

# Buckets that raise the budget line (R26-R28): the yearly amount, the year-end premium
# entitlement and the VIA4 room used.
ENTITLEMENT_BUCKETS = (Bucket.ENTITLEMENT, Bucket.PREMIUM, Bucket.VIA)
# Buckets that spend it.
SPENDING_BUCKETS = (Bucket.PAID, Bucket.COMMITTED)

# Buckets that make up the budget line: entitlement + premium + via - paid - committed (R26).
LINE_BUCKETS = (*ENTITLEMENT_BUCKETS, *SPENDING_BUCKETS)

# Kinds that need the year's allocation to be booked first.
NEEDS_ALLOCATION_KINDS = frozenset(
    kind
    for kind, (bucket, _rule) in KIND_RULES.items()
    if bucket in LINE_BUCKETS and kind != EntryKind.ALLOCATION
)

# Budget years the ledger accepts (calendar years). The PAB exists since 2001 (seed 003).
MIN_YEAR = 2000
MAX_YEAR = 2099

IDEMPOTENCY_KEY_LENGTH = 100

# Rule id for checks that belong to the ledger itself rather than to a rule in DOMAIN.md.
LEDGER_RULE = "LEDGER"


class ErrorCode(StrEnum):
    """Stable error codes, shared by the portal, the API and the check_ledger command."""

    AMOUNT_INVALID = "amount_invalid"
    AMOUNT_TOO_PRECISE = "amount_too_precise"
    AMOUNT_TOO_LARGE = "amount_too_large"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_ZERO = "amount_zero"
    KIND_UNKNOWN = "kind_unknown"
    KIND_IS_REVERSAL = "kind_is_reversal"
    KIND_NOT_PAYABLE = "kind_not_payable"
    YEAR_INVALID = "year_invalid"
    REASON_REQUIRED = "reason_required"
    NO_ALLOCATION = "no_allocation_for_year"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
    ALREADY_REVERSED = "already_reversed"
    REVERSAL_OF_REVERSAL = "reversal_of_reversal"
    NOT_A_COMMITMENT = "not_a_commitment"
    COMMITMENT_OTHER_BUDGET_YEAR = "commitment_other_budget_year"
    BUDGET_LINE_EXCEEDED = "budget_line_exceeded"  # R26
    BUDGET_LINE_NEGATIVE = "budget_line_negative"  # R26
    ADVANCE_REPAID_EXCEEDS_OUTSTANDING = "advance_repaid_exceeds_outstanding"  # R13
    APPEND_ONLY = "ledger_append_only"
    # check_ledger
    REVERSAL_AMOUNT_MISMATCH = "reversal_amount_mismatch"
    REVERSAL_TARGET_MISMATCH = "reversal_target_mismatch"
    REVERSAL_LINK_MISSING = "reversal_link_missing"
    BUCKET_MISMATCH = "bucket_mismatch"
    SIGN_MISMATCH = "sign_mismatch"
    ADVANCE_NEGATIVE = "advance_outstanding_negative"  # R13
    OPENING_NOT_AUDITED = "opening_not_audited"
    YEAR_NOT_OPENED = "year_not_opened"
    RUNNING_BALANCE_MISMATCH = "running_balance_mismatch"
    RUNNING_BALANCE_READ_ONLY = "running_balance_read_only"
    OPEN_COMMITMENTS_MISMATCH = "open_commitments_mismatch"
    OPEN_COMMITMENTS_READ_ONLY = "open_commitments_read_only"
    # book_batch
    BUDGET_UNKNOWN = "budget_unknown"
    IDEMPOTENCY_KEY_DUPLICATE_IN_BATCH = "idempotency_key_duplicate_in_batch"
    LINKED_REQUEST_FAILED = "linked_request_failed"
