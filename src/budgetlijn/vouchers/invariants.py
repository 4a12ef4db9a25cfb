"""What ``check_ledger`` checks with knowledge of voucher invoice lines (registered from
``VouchersConfig.ready``), in two queries whatever the number of lines:

- a line with an accepted amount has a commitment; a line without one has none;
- that commitment is a COMMITMENT entry of the line's own budget and year, for exactly the
  accepted amount (the payment run may replace it by a new one after a returned transfer:
  the same checks hold for the new one).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from budgetlijn.ledger.constants import EntryKind
from budgetlijn.rules.violations import Violation
from budgetlijn.vouchers.constants import ErrorCode
from budgetlijn.vouchers.models import VoucherInvoiceLine

RULE = "R11"


def voucher_lines() -> list[Violation]:
    found: list[Violation] = []
    missing = VoucherInvoiceLine.objects.filter(
        Q(accepted_amount__gt=0, commitment__isnull=True)
        | Q(accepted_amount=0, commitment__isnull=False)
    ).values_list("pk", flat=True)
    for pk in missing:
        found.append(
            Violation(
                RULE,
                ErrorCode.VOUCHER_COMMITMENT_MISSING,
                gettext_noop(
                    "Voucherfactuurlijn #%(line)s: een aanvaard bedrag zonder vastlegging, of een "
                    "vastlegging zonder aanvaard bedrag."
                ),
                params={"line": pk},
            )
        )
    mismatched = (
        VoucherInvoiceLine.objects.filter(commitment__isnull=False)
        .exclude(
            commitment__kind=EntryKind.COMMITMENT,
            commitment__budget_id=F("budget_id"),
            commitment__year=F("year"),
            commitment__amount=F("accepted_amount"),
        )
        .values_list("pk", flat=True)
    )
    for pk in mismatched:
        found.append(
            Violation(
                RULE,
                ErrorCode.VOUCHER_COMMITMENT_MISMATCH,
                gettext_noop(
                    "Voucherfactuurlijn #%(line)s: de vastlegging hoort niet bij dit budget en "
                    "jaar, of haar bedrag is niet het aanvaarde bedrag."
                ),
                params={"line": pk},
            )
        )
    return found
