"""Read-only queries of free-share requests, for the payment run and the pages above.

A request is *due* while its commitment is open: no entry reverses it (the payment run
releases it when it pays, decision 0022). One query, whatever the number of requests."""

from __future__ import annotations

from django.db.models import QuerySet

from budgetlijn.freeshare.models import FreeShareRequest


def due_requests(*, budget_ids=None) -> QuerySet[FreeShareRequest]:
    """Requests with an open commitment (accepted, not yet paid), oldest first, with the
    budget, its account and the commitment read along. Paid to the budget account
    (``dossiers.BudgetAccount``, R10) as FREE_SHARE_PAYOUT."""
    queryset = (
        FreeShareRequest.objects.filter(
            commitment__isnull=False, commitment__reversed_by__isnull=True
        )
        .select_related("budget__account", "commitment")
        .order_by("asked_on", "pk")
    )
    if budget_ids is not None:
        queryset = queryset.filter(budget_id__in=list(budget_ids))
    return queryset


def requests_of(budget, year: int) -> QuerySet[FreeShareRequest]:
    """A budget year's requests, newest first (what the holder reads)."""
    return FreeShareRequest.objects.filter(budget=budget, year=year).order_by("-part_number")
