"""Read-only queries of voucher invoice lines, for the payment run and the pages above.

A line is *due* while its commitment is open: no entry reverses it (the payment run releases it
when it pays the provider, decision 0022). One query, whatever the number of lines."""

from __future__ import annotations

from django.db.models import QuerySet

from budgetlijn.vouchers.models import VoucherInvoiceLine


def due_lines(*, provider_ids=None) -> QuerySet[VoucherInvoiceLine]:
    """Lines with an open commitment (accepted, not yet paid), oldest invoice first, with the
    invoice's provider (beneficiary: ``Organisation.iban``), the budget and the commitment read
    along. Paid as VOUCHER_PAYMENT."""
    queryset = (
        VoucherInvoiceLine.objects.filter(
            commitment__isnull=False, commitment__reversed_by__isnull=True
        )
        .select_related("invoice__provider", "budget", "commitment")
        .order_by("invoice__filed_on", "invoice_id", "line_no")
    )
    if provider_ids is not None:
        queryset = queryset.filter(invoice__provider_id__in=list(provider_ids))
    return queryset
