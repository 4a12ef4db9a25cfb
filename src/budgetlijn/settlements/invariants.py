"""What ``check_ledger`` checks with knowledge of settlements (registered from
``SettlementsConfig.ready``); two queries whatever the number of rows:

- a settlement's advance reclaim is exactly the advance the settlement recorded (and there is
  one when the advance is above 0);
- a sampled line found not proven has no open commitment left: it was released (or paid, and
  then reclaimed) (R31).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_noop

from budgetlijn.ledger.constants import EntryKind
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import Violation
from budgetlijn.settlements.constants import ErrorCode, ProofOutcome, ReclaimKind
from budgetlijn.settlements.models import Reclaim, SampledLine, Settlement


def _advance_reclaims() -> list[Violation]:
    found = []
    rows = Settlement.objects.values("pk", "budget_id", "advance").order_by("pk")
    reclaims = {}
    for row in Reclaim.objects.filter(kind=ReclaimKind.ADVANCE, settlement__isnull=False).values(
        "settlement_id", "amount"
    ):
        reclaims[row["settlement_id"]] = row["amount"]
    for row in rows:
        reclaimed = reclaims.get(row["pk"], 0)
        if reclaimed != row["advance"]:
            found.append(
                Violation(
                    "R33",
                    ErrorCode.RECLAIM_NOT_MATCHING,
                    gettext_noop(
                        "Eindafrekening %(settlement)s (budget %(budget)s): het voorschot is "
                        "%(advance)s, maar er wordt %(reclaimed)s teruggevorderd."
                    ),
                    params={
                        "settlement": row["pk"],
                        "budget": row["budget_id"],
                        "advance": format_eur(row["advance"]),
                        "reclaimed": format_eur(reclaims.get(row["pk"], 0)),
                    },
                )
            )
    return found


def _not_proven_open() -> list[Violation]:
    rows = (
        SampledLine.objects.filter(outcome=ProofOutcome.NOT_PROVEN)
        .filter(
            Q(line__commitment__isnull=False)
            & Q(line__commitment__kind=EntryKind.COMMITMENT)
            & Q(line__commitment__reversed_by__isnull=True)
        )
        .values("line_id", "line__budget_id")
        .order_by("line_id")
    )
    return [
        Violation(
            "R31",
            ErrorCode.NOT_PROVEN_COMMITMENT_OPEN,
            gettext_noop(
                "Kostenlijn %(line)s (budget %(budget)s) is niet bewezen na een steekproef, "
                "maar haar vastlegging staat nog open: geef ze vrij."
            ),
            params={"line": row["line_id"], "budget": row["line__budget_id"]},
        )
        for row in rows
    ]


def settlement_checks() -> list[Violation]:
    return [*_advance_reclaims(), *_not_proven_open()]
