"""Payments of a budget with each line's outcome: GET /api/v1/budgets/{id}/betalingen/, and the
agency's payment runs: GET /api/v1/betaalruns/.

One list per budget, each row of one kind:

- ``PAID``: a payment item of a run (what a run paid of a cost line, a free-share request or a
  voucher invoice line): amount, run day, the transfer's status; a transfer the bank returned
  carries its day and reason, and the item is due again (the next run pays it);
- ``WITHHELD``: what a run withheld of a deduction (inhouding) from the budget account's
  transfer (an undo after a return or a cancel is a row with the opposite amount);
- ``DUE``: an accepted commitment not paid yet (an open COMMITMENT of the ledger), with its
  source, the day it was accepted and, for a returned payment, ``due_again``.

Reach: the budget through ``access.queries.budgets_for`` (else 404), the rows through
``payment_items_for``, ``deductions_for`` and ``ledger_entries_for``. Three queries for the
whole list, whatever its length (no query per row); the page is cut from the merged list.
``year``: the budget year of items and commitments, the run day's year of what was withheld."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from budgetlijn.access import queries
from budgetlijn.api.problems import problem_responses
from budgetlijn.api.v1.common import PK, Filters, ReachList, filter_parameters
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR, EntryKind
from budgetlijn.payments.constants import (
    DeductionKind,
    ItemStatus,
    RunStatus,
    SourceKind,
    TransferStatus,
)
from budgetlijn.payments.models import DeductionUse, PaymentItem, Transfer
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES

PAID, WITHHELD, DUE = "PAID", "WITHHELD", "DUE"
ROW_KINDS = [
    (PAID, _("betaald door een betaalrun")),
    (WITHHELD, _("ingehouden (inhouding)")),
    (DUE, _("aanvaard, nog niet betaald")),
]
# The reverse relations of a commitment to its source (payments.sources).
SOURCE_OF_COMMITMENT = (
    (SourceKind.COST_LINE, "cost_line__id"),
    (SourceKind.FREE_SHARE, "free_share_request__id"),
    (SourceKind.VOUCHER_LINE, "voucher_line__id"),
)


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class PaymentRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ROW_KINDS, help_text=_("Soort rij."))
    day = serializers.DateField(
        help_text=_("Betaaldag van de run (PAID, WITHHELD) of dag van aanvaarding (DUE).")
    )
    year = serializers.IntegerField(allow_null=True, help_text=_("Budgetjaar."))
    amount = _money(help_text=_("Bedrag in EUR."))
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices,
        allow_null=True,
        help_text=_("Waarvoor: kostenlijn, vrij besteedbaar deel, voucherfactuurlijn."),
    )
    source_id = serializers.IntegerField(allow_null=True, help_text=_("Nummer van de bron."))
    run = serializers.IntegerField(allow_null=True, help_text=_("De betaalrun."))
    item_status = serializers.ChoiceField(
        choices=ItemStatus.choices, allow_null=True, help_text=_("Toestand van de betaling.")
    )
    transfer_status = serializers.ChoiceField(
        choices=TransferStatus.choices,
        allow_null=True,
        help_text=_("Toestand van de overschrijving."),
    )
    paid_on = serializers.DateField(allow_null=True, help_text=_("Betaald op."))
    returned_on = serializers.DateField(
        allow_null=True, help_text=_("Teruggestort door de bank op.")
    )
    return_reason = serializers.CharField(help_text=_("Reden van de terugstorting."))
    due_again = serializers.BooleanField(
        help_text=_("Opnieuw verschuldigd na een terugstorting of annulering.")
    )
    deduction_kind = serializers.ChoiceField(
        choices=DeductionKind.choices, allow_null=True, help_text=_("Soort inhouding.")
    )
    reason = serializers.CharField(help_text=_("Reden van de inhouding."))


class PaymentFilters(Filters):
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Enkel dit jaar.")
    )


def _row(kind: str, day: date, amount, **fields) -> dict:
    row = dict.fromkeys(
        (
            "year",
            "source_kind",
            "source_id",
            "run",
            "item_status",
            "transfer_status",
            "paid_on",
            "returned_on",
            "deduction_kind",
        )
    )
    row.update(return_reason="", due_again=False, reason="")
    row.update(kind=kind, day=day, amount=amount, **fields)
    return row


def payment_rows(user, budget, year: int | None) -> list[dict]:
    """Every row of ``budget`` (see the module docstring), newest day first; three queries."""
    items = (
        queries.payment_items_for(user)
        .filter(budget=budget)
        .values(
            "year",
            "amount",
            "source_kind",
            "source_id",
            "run_id",
            "run__run_on",
            "status",
            "transfer__status",
            "transfer__paid_on",
            "transfer__returned_on",
            "transfer__return_reason",
        )
    )
    if year is not None:
        items = items.filter(year=year)
    rows = [
        _row(
            PAID,
            item["run__run_on"],
            item["amount"],
            year=item["year"],
            source_kind=item["source_kind"],
            source_id=item["source_id"],
            run=item["run_id"],
            item_status=item["status"],
            transfer_status=item["transfer__status"],
            paid_on=item["transfer__paid_on"],
            returned_on=item["transfer__returned_on"],
            return_reason=item["transfer__return_reason"],
            due_again=item["status"] != ItemStatus.BOOKED,
        )
        for item in items
    ]
    uses = DeductionUse.objects.filter(
        deduction__in=queries.deductions_for(user).filter(budget=budget)
    ).values("amount", "run_id", "run__run_on", "deduction__kind", "deduction__reason")
    if year is not None:
        uses = uses.filter(run__run_on__year=year)
    rows += [
        _row(
            WITHHELD,
            use["run__run_on"],
            use["amount"],
            run=use["run_id"],
            deduction_kind=use["deduction__kind"],
            reason=use["deduction__reason"],
        )
        for use in uses
    ]
    due = (
        queries.ledger_entries_for(user)
        .filter(budget=budget, kind=EntryKind.COMMITMENT, reversed_by__isnull=True)
        .values(
            "year",
            "amount",
            "effective_date",
            *(path for _kind, path in SOURCE_OF_COMMITMENT),
            "recommitted_item__source_kind",
            "recommitted_item__source_id",
        )
    )
    if year is not None:
        due = due.filter(year=year)
    for entry in due:
        kind, source_id = entry["recommitted_item__source_kind"], None
        if kind:
            source_id = entry["recommitted_item__source_id"]
        else:
            kind, source_id = next(
                ((k, entry[path]) for k, path in SOURCE_OF_COMMITMENT if entry[path]),
                (None, None),
            )
        rows.append(
            _row(
                DUE,
                entry["effective_date"],
                entry["amount"],
                year=entry["year"],
                source_kind=kind,
                source_id=source_id,
                due_again=bool(entry["recommitted_item__source_kind"]),
            )
        )
    order = {DUE: 0, PAID: 1, WITHHELD: 2}
    rows.sort(key=lambda r: (r["day"], -order[r["kind"]]), reverse=True)
    return rows


EXAMPLE_ROWS = [
    {
        "kind": "PAID",
        "day": "2023-07-03",
        "year": 2023,
        "amount": "1500.00",
        "source_kind": "COST_LINE",
        "source_id": 120,
        "run": 4,
        "item_status": "RETURNED",
        "transfer_status": "RETURNED",
        "paid_on": "2023-07-04",
        "returned_on": "2023-07-10",
        "return_reason": "Rekening afgesloten",
        "due_again": True,
        "deduction_kind": None,
        "reason": "",
    },
    {
        "kind": "WITHHELD",
        "day": "2023-07-03",
        "year": None,
        "amount": "200.00",
        "source_kind": None,
        "source_id": None,
        "run": 4,
        "item_status": None,
        "transfer_status": None,
        "paid_on": None,
        "returned_on": None,
        "return_reason": "",
        "due_again": False,
        "deduction_kind": "CREDIT_NOTE",
        "reason": "Creditnota van De Linde",
    },
]


@extend_schema_view(
    get=extend_schema(
        operation_id="budget_payments_list",
        summary=_("Betalingen van een budget, met de uitkomst per lijn"),
        description=_(
            "Wat betaalruns betaalden (met de toestand van de overschrijving; een "
            "teruggestorte betaling met haar reden, opnieuw verschuldigd), wat ingehouden werd "
            "en wat aanvaard is maar nog niet betaald. De nieuwste dag eerst."
        ),
        parameters=[PK, *filter_parameters(PaymentFilters)],
        responses={
            200: PaymentRowSerializer(many=True),
            **problem_responses(400, 401, 404, 429),
        },
        examples=[
            OpenApiExample("Teruggestort", value=EXAMPLE_ROWS[0], response_only=True),
            OpenApiExample("Inhouding", value=EXAMPLE_ROWS[1], response_only=True),
        ],
        tags=["betalingen"],
    )
)
class BudgetPayments(ReachList):
    serializer_class = PaymentRowSerializer

    def get_queryset(self):
        budget = queries.get_or_404(queries.budgets_for, self.request.user, self.kwargs["pk"])
        filters = PaymentFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return payment_rows(self.request.user, budget, filters.validated_data.get("year"))


# --- the agency's payment runs --------------------------------------------------------------------


def _total(queryset, field: str):
    money = DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    summed = (
        queryset.filter(run=OuterRef("pk")).order_by().values("run").annotate(t=Sum(field))
    ).values("t")
    return Coalesce(Subquery(summed, output_field=money), Value(0, output_field=money))


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    run_on = serializers.DateField(help_text=_("Betaaldag."))
    status = serializers.ChoiceField(choices=RunStatus.choices, help_text=_("Toestand."))
    status_label = serializers.CharField(source="get_status_display")
    approved_at = serializers.DateTimeField(allow_null=True, help_text=_("Goedgekeurd op."))
    exported_at = serializers.DateTimeField(allow_null=True, help_text=_("Geëxporteerd op."))
    paid_on = serializers.DateField(allow_null=True, help_text=_("Betaald op."))
    items = serializers.IntegerField(source="item_count", help_text=_("Betaalde lijnen."))
    transfers = serializers.IntegerField(source="transfer_count", help_text=_("Overschrijvingen."))
    gross = _money(source="gross_total", help_text=_("Verschuldigd (som van de lijnen)."))
    withheld = _money(source="withheld_total", help_text=_("Ingehouden."))
    transferred = _money(source="transferred_total", help_text=_("Overgeschreven."))


class RunFilters(Filters):
    status = serializers.ChoiceField(
        choices=RunStatus.choices, required=False, help_text=_("Enkel runs in deze toestand.")
    )
    year = serializers.IntegerField(
        source="run_on__year",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Enkel runs met een betaaldag in dit jaar."),
    )


RUN_EXAMPLE = {
    "id": 4,
    "run_on": "2023-07-03",
    "status": "CLOSED",
    "status_label": "betaald",
    "approved_at": "2023-07-03T10:12:00+02:00",
    "exported_at": "2023-07-03T10:30:00+02:00",
    "paid_on": "2023-07-04",
    "items": 1250,
    "transfers": 610,
    "gross": "812345.67",
    "withheld": "1200.00",
    "transferred": "811145.67",
}


@extend_schema_view(
    get=extend_schema(
        operation_id="payment_runs_list",
        summary=_("Betaalruns (agentschap)"),
        description=_(
            "De betaalruns met hun toestand en totalen, de nieuwste eerst. Enkel voor "
            "medewerkers van het agentschap met het recht om betaalruns te bekijken; anderen "
            "krijgen een lege lijst."
        ),
        parameters=filter_parameters(RunFilters),
        responses={200: RunSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Betaalrun", value=RUN_EXAMPLE, response_only=True)],
        tags=["betaalruns"],
    )
)
class PaymentRunList(ReachList):
    reach_fn = queries.payment_runs_for
    serializer_class = RunSerializer
    filters = RunFilters
    ordering = ("-run_on", "-pk")

    def reachable(self):
        items = PaymentItem.objects.all()
        transfers = Transfer.objects.all()
        counted = (
            items.filter(run=OuterRef("pk")).order_by().values("run").annotate(n=Count("pk"))
        ).values("n")
        transfer_count = (
            transfers.filter(run=OuterRef("pk")).order_by().values("run").annotate(n=Count("pk"))
        ).values("n")
        return (
            super()
            .reachable()
            .annotate(
                item_count=Coalesce(Subquery(counted), Value(0)),
                transfer_count=Coalesce(Subquery(transfer_count), Value(0)),
                gross_total=_total(transfers, "gross"),
                withheld_total=_total(transfers, "deducted"),
                transferred_total=_total(transfers, "amount"),
            )
        )
