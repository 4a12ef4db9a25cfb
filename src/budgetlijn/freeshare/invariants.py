"""What ``check_ledger`` checks with knowledge of free-share requests (registered from
``FreeShareConfig.ready``), in two queries whatever the number of requests:

- a request with an accepted amount has a commitment; a refused one has none;
- that commitment is a COMMITMENT entry of the request's own budget and year, for exactly the
  accepted amount (the payment run may replace it by a new one after a returned transfer:
  the same checks hold for the new one);
The budget line itself (R26) is the ledger's own check.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from budgetlijn.freeshare.constants import ErrorCode, Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.rules.violations import Violation

RULE = "R14"  # and R15: the same checks for both kinds


def free_share_requests() -> list[Violation]:
    found: list[Violation] = []
    missing = FreeShareRequest.objects.filter(
        Q(accepted_amount__gt=0, commitment__isnull=True)
        | Q(outcome=Outcome.REFUSED, commitment__isnull=False)
    ).values_list("pk", flat=True)
    for pk in missing:
        found.append(
            Violation(
                RULE,
                ErrorCode.FREE_SHARE_COMMITMENT_MISSING,
                gettext_noop(
                    "Aanvraag vrij besteedbaar deel #%(request)s: een toegekend bedrag zonder "
                    "vastlegging, of een geweigerde aanvraag met een vastlegging."
                ),
                params={"request": pk},
            )
        )
    mismatched = (
        FreeShareRequest.objects.filter(commitment__isnull=False)
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
                ErrorCode.FREE_SHARE_COMMITMENT_MISMATCH,
                gettext_noop(
                    "Aanvraag vrij besteedbaar deel #%(request)s: de vastlegging hoort niet bij "
                    "dit budget en jaar, of haar bedrag is niet het toegekende bedrag."
                ),
                params={"request": pk},
            )
        )
    return found


__all__ = ["free_share_requests"]
