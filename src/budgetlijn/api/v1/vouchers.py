"""Voucher invoices of providers (R11): GET/POST /api/v1/voucherfacturen/ and
GET /api/v1/voucherfacturen/{id}/.

Read through ``access.queries.voucher_invoices_for``: staff of a provider (or of an assistance
organisation, which may invoice vouchers too) see their organisations' invoices with each
line's outcome; another provider's invoice is a 404 like an unknown one. Filing goes through
``vouchers.services.file_voucher_invoice``, the one path of the admin and the command, as the
caller's organisation (``provider_id`` picks one when the caller is staff of several).

A line may only name a budget for which the caller's organisation is the other party of a
contract (``access.queries.contracts_for``) and, when given, such a contract: any other budget,
existing or not, gets the service's one message of an unknown budget, so the endpoint cannot be
used to probe budget ids or what another holder's budget is. The ``Idempotency-Key`` header
becomes the invoice's key, kept apart per user (``api:<user id>:<key>``): the same key and
content answer the first invoice (200, nothing booked twice), the same key with other content
is a 422 problem. Without it the service's own key (the content) applies."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from budgetlijn.access import queries
from budgetlijn.api import idempotency
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error, problem_responses
from budgetlijn.api.v1.common import (
    MAX_ID,
    PK,
    Filters,
    ReachDetail,
    ReachList,
    filter_parameters,
)
from budgetlijn.api.v1.contract_input import DecimalJSONParser, unknown_fields
from budgetlijn.assistance.selectors import organisations_of
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.rules.codes import VoucherCode
from budgetlijn.vouchers import services as vouchers
from budgetlijn.vouchers.constants import ErrorCode as VoucherErrorCode
from budgetlijn.vouchers.constants import Outcome
from budgetlijn.vouchers.models import VoucherInvoiceLine

BODY_FIELDS = frozenset({"month", "invoice_number", "lines", "provider_id"})
LINE_FIELDS = frozenset(
    {"budget_id", "contract_id", "period_from", "period_to", "amount", "description"}
)
MONTH = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])(-01)?")


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class VoucherReasonSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text=_("De regel (R-nummer)."))
    code = serializers.CharField(help_text=_("Stabiele code."))
    message = serializers.CharField(help_text=_("De reden, in het Nederlands."))
    field = serializers.CharField(allow_null=True, required=False)


class VoucherLineSerializer(serializers.Serializer):
    line_no = serializers.IntegerField(help_text=_("Lijnnummer (vanaf 1)."))
    budget = serializers.IntegerField(source="budget_id")
    year = serializers.IntegerField(help_text=_("Budgetjaar."))
    contract = serializers.IntegerField(source="contract_id", allow_null=True)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    amount = _money(help_text=_("Gefactureerd (EUR)."))
    description = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=Outcome.values, help_text=_("Beslissing (de Nederlandse naam: outcome_label).")
    )
    outcome_label = serializers.CharField(source="get_outcome_display")
    accepted_amount = _money(help_text=_("Aanvaard (de betaalrun betaalt het uit)."))
    reasons = VoucherReasonSerializer(
        source="violations", many=True, help_text=_("Waarom (een deel) niet aanvaard is.")
    )


class VoucherInvoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.IntegerField(source="provider_id")
    provider_name = serializers.CharField(source="provider.name")
    month = serializers.DateField(help_text=_("Eerste dag van de gefactureerde maand."))
    invoice_number = serializers.CharField()
    filed_on = serializers.DateField()
    outcome = serializers.ChoiceField(
        choices=Outcome.values, help_text=_("Beslissing (de Nederlandse naam: outcome_label).")
    )
    outcome_label = serializers.CharField(source="get_outcome_display")
    amount = _money(help_text=_("Gefactureerd (EUR)."))
    accepted_amount = _money(help_text=_("Aanvaard (EUR)."))
    lines = VoucherLineSerializer(many=True, source="api_lines")


class VoucherLineInputSerializer(serializers.Serializer):
    budget_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    contract_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("De vouchercontract.")
    )
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    amount = serializers.CharField(help_text=_("Bedrag in EUR als tekst, bv. '412.50'."))
    description = serializers.CharField(required=False, max_length=200)


class VoucherInvoiceInputSerializer(serializers.Serializer):
    month = serializers.CharField(help_text=_("De gefactureerde maand, JJJJ-MM."))
    invoice_number = serializers.CharField(required=False, max_length=60)
    provider_id = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("Uw organisatie, als u voor meer dan één organisatie werkt."),
    )
    lines = VoucherLineInputSerializer(many=True)


class VoucherFilters(Filters):
    year = serializers.IntegerField(
        source="month__year",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Enkel facturen van maanden in dit jaar."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, help_text=_("Enkel deze beslissing.")
    )


LINE_EXAMPLE = {
    "line_no": 1,
    "budget": 44,
    "year": 2023,
    "contract": 91,
    "period_from": "2023-05-01",
    "period_to": "2023-05-31",
    "amount": "412.50",
    "description": "Begeleiding mei",
    "outcome": "ACCEPTED",
    "outcome_label": "aanvaard",
    "accepted_amount": "412.50",
    "reasons": [],
}
EXAMPLE = {
    "id": 17,
    "provider": 5,
    "provider_name": "Zorgaanbieder De Linde",
    "month": "2023-05-01",
    "invoice_number": "2023-0517",
    "filed_on": "2023-06-02",
    "outcome": "ACCEPTED",
    "outcome_label": "aanvaard",
    "amount": "412.50",
    "accepted_amount": "412.50",
    "lines": [LINE_EXAMPLE],
}


def with_lines(queryset):
    lines = VoucherInvoiceLine.objects.order_by("line_no")
    return queryset.select_related("provider").prefetch_related(
        Prefetch("lines", queryset=lines, to_attr="api_lines")
    )


class VoucherMixin:
    reach_fn = queries.voucher_invoices_for
    filters = VoucherFilters
    ordering = ("-month", "-pk")

    def reachable(self):
        return with_lines(super().reachable())


@extend_schema_view(
    get=extend_schema(
        operation_id="voucher_invoices_list",
        summary=_("Voucherfacturen van mijn organisatie"),
        description=_("Elke voucherfactuur van uw organisatie met de beslissing per lijn."),
        parameters=filter_parameters(VoucherFilters),
        responses={
            200: VoucherInvoiceSerializer(many=True),
            **problem_responses(400, 401, 404, 429),
        },
        examples=[OpenApiExample("Voucherfactuur", value=EXAMPLE, response_only=True)],
        tags=["voucherfacturen"],
    ),
    post=extend_schema(
        operation_id="voucher_invoices_create",
        summary=_("Voucherfactuur indienen"),
        description=_(
            "Dient de maandfactuur van een zorgaanbieder in: één lijn per budgethouder en "
            "maand, elk beslist tegen het vouchercontract (R11). De factuur wordt als geheel "
            "beoordeeld: bij een fout in een veld wordt niets ingediend (400, elke fout met "
            "haar lijn). Stuur een 'Idempotency-Key': dezelfde sleutel met dezelfde factuur "
            "geeft het eerste antwoord terug (200, niets dubbel geboekt)."
        ),
        parameters=[
            idempotency.parameter(
                str(_("Uw sleutel voor deze factuur: 1 tot 64 tekens (bv. een UUID)."))
            )
        ],
        request=VoucherInvoiceInputSerializer,
        responses={
            201: VoucherInvoiceSerializer,
            200: VoucherInvoiceSerializer,
            **problem_responses(
                400,
                401,
                403,
                415,
                422,
                429,
                s403=_("Enkel medewerkers van een zorgaanbieder dienen voucherfacturen in."),
                s422=_("Deze Idempotency-Key hoort al bij een andere factuur."),
            ),
        },
        examples=[
            OpenApiExample(
                "Factuur mei",
                value={
                    "month": "2023-05",
                    "invoice_number": "2023-0517",
                    "lines": [
                        {
                            "budget_id": 44,
                            "contract_id": 91,
                            "period_from": "2023-05-01",
                            "period_to": "2023-05-31",
                            "amount": "412.50",
                            "description": "Begeleiding mei",
                        }
                    ],
                },
                request_only=True,
            ),
            OpenApiExample("Ingediend", value=EXAMPLE, response_only=True, status_codes=["201"]),
        ],
        tags=["voucherfacturen"],
    ),
)
class VoucherInvoiceList(VoucherMixin, ReachList):
    parser_classes = [DecimalJSONParser]  # JSON only; numbers with a fraction as Decimal
    serializer_class = VoucherInvoiceSerializer

    def post(self, request, *args, **kwargs):
        user = request.user
        key = idempotency.key_of(request)
        body = _body(request.data)
        provider = _provider(user, body.get("provider_id"))
        month = _month(body.get("month"))
        lines = body["lines"]
        _within_reach(user, provider, lines)
        result = vouchers.file_voucher_invoice(
            provider=provider,
            month=month,
            lines=lines,
            filed_on=timezone.localdate(),
            by=user,
            idempotency_key=f"api:{user.pk}:{key}" if key is not None else None,
            invoice_number=str(body.get("invoice_number") or "")[:60],
        )
        if result.status == vouchers.Status.INVALID:
            raise _refusal(result.errors)
        invoice = with_lines(queries.voucher_invoices_for(user)).get(pk=result.invoice.pk)
        status = 201 if result.status == vouchers.Status.FILED else 200
        return Response(VoucherInvoiceSerializer(invoice).data, status=status)


@extend_schema_view(
    get=extend_schema(
        operation_id="voucher_invoices_retrieve",
        parameters=[PK],
        summary=_("Eén voucherfactuur met de beslissing per lijn"),
        responses={200: VoucherInvoiceSerializer, **problem_responses(401, 404, 429)},
        examples=[OpenApiExample("Voucherfactuur", value=EXAMPLE, response_only=True)],
        tags=["voucherfacturen"],
    )
)
class VoucherInvoiceDetail(VoucherMixin, ReachDetail):
    serializer_class = VoucherInvoiceSerializer


def _invalid(errors: list[dict]) -> Problem:
    unknown = any(error["code"] == ErrorCode.UNKNOWN_FIELD for error in errors)
    return Problem(
        400,
        ErrorCode.UNKNOWN_FIELD if unknown else ErrorCode.INVALID,
        gettext("De factuur is niet ingediend: verbeter de velden in 'errors'."),
        errors=errors,
    )


def _body(data: Any) -> dict:
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise Problem(
            400,
            ErrorCode.INVALID,
            gettext("Stuur een factuur als JSON-object met month en lines (een lijst)."),
        )
    errors = unknown_fields(data, BODY_FIELDS)
    for number, line in enumerate(data["lines"]):
        if not isinstance(line, dict):
            errors.append(
                field_error(
                    f"lines[{number}]",
                    ErrorCode.INVALID,
                    gettext("Elke lijn is een JSON-object."),
                )
            )
            continue
        for error in unknown_fields(line, LINE_FIELDS):
            errors.append({**error, "field": f"lines[{number}].{error['field']}"})
        for name in ("budget_id", "contract_id"):
            value = line.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
                errors.append(
                    field_error(
                        f"lines[{number}].{name}",
                        VoucherErrorCode.VOUCHER_FIELD_INVALID,
                        gettext("Geef een nummer."),
                    )
                )
        for name in ("period_from", "period_to", "amount", "description"):
            value = line.get(name)
            if value is not None and isinstance(value, bool | list | dict):
                errors.append(
                    field_error(
                        f"lines[{number}].{name}",
                        VoucherErrorCode.VOUCHER_FIELD_INVALID,
                        gettext("Dit is geen geldige waarde."),
                    )
                )
    if not isinstance(data.get("invoice_number", ""), str):
        errors.append(
            field_error("invoice_number", ErrorCode.INVALID, gettext("Het factuurnummer is tekst."))
        )
    if errors:
        raise _invalid(errors)
    return data


def _provider(user: Any, provider_id: Any):
    """The caller's organisation: the one they are staff of, or ``provider_id`` among them."""
    organisations = list(organisations_of(user).order_by("pk"))
    if not organisations:
        raise Problem(
            403,
            ErrorCode.NOT_A_PROVIDER,
            gettext(
                "Enkel medewerkers van een zorgaanbieder of bijstandsorganisatie dienen "
                "voucherfacturen in."
            ),
        )
    if provider_id is None and len(organisations) == 1:
        return organisations[0]
    found = next((o for o in organisations if str(o.pk) == str(provider_id)), None)
    if found is None:
        raise _invalid(
            [
                field_error(
                    "provider_id",
                    ErrorCode.INVALID,
                    gettext("Kies een organisatie waarvoor u werkt (provider_id)."),
                )
            ]
        )
    return found


def _month(value: Any) -> date:
    match = MONTH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _invalid(
            [
                field_error(
                    "month",
                    VoucherErrorCode.VOUCHER_FIELD_INVALID,
                    gettext("Geef de gefactureerde maand als JJJJ-MM, bv. 2023-05."),
                )
            ]
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


def _whole(value: Any) -> int | None:
    """A positive whole number as sent (int or digits); ``0`` for one too large for the
    database (no budget has it); None for anything else (the service reports it)."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    if number > MAX_ID:
        return 0
    return number if number >= 1 else None


def _within_reach(user: Any, provider, lines: list[dict]) -> None:
    """Every line's budget (and contract) must be one of the provider's contracts; any other,
    existing or not, is answered as an unknown budget (nothing to probe)."""
    contracts = dict(
        queries.contracts_for(user)
        .filter(counterparty_enterprise_number=provider.enterprise_number)
        .exclude(counterparty_enterprise_number="")
        .values_list("pk", "budget_id")
    )
    budgets = set(contracts.values())
    errors = []
    for number, line in enumerate(lines, start=1):
        raw_budget = line.get("budget_id")
        budget_id = _whole(raw_budget) if raw_budget not in (None, "") else None
        if budget_id is not None and budget_id not in budgets:
            errors.append(
                field_error(
                    f"lines[{number - 1}].budget_id",
                    VoucherErrorCode.VOUCHER_BUDGET_UNKNOWN,
                    gettext("Lijn %(line)s: er is geen budget met nummer %(budget)s.")
                    % {"line": number, "budget": str(raw_budget).strip()[:40]},
                )
            )
        raw_contract = line.get("contract_id")
        contract_id = _whole(raw_contract) if raw_contract not in (None, "") else None
        if contract_id is not None and contract_id not in contracts:
            errors.append(
                field_error(
                    f"lines[{number - 1}].contract_id",
                    VoucherCode.VOUCHER_CONTRACT_MISSING,
                    gettext(
                        "Lijn %(line)s: er is geen overeenkomst met nummer %(contract)s met uw "
                        "organisatie."
                    )
                    % {"line": number, "contract": str(raw_contract).strip()[:40]},
                )
            )
    if errors:
        raise _invalid(errors)


def _refusal(errors) -> Problem:
    items = [
        field_error(f"lines[{e.line_no - 1}].{e.field}" if e.line_no else e.field, e.code, e.text())
        for e in errors
    ]
    if any(e.code == VoucherErrorCode.VOUCHER_KEY_REUSED for e in errors):
        return Problem(
            422,
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            gettext(
                "Deze Idempotency-Key hoort al bij een andere factuur. Gebruik een nieuwe "
                "sleutel voor een nieuwe factuur."
            ),
            errors=items,
        )
    return _invalid(items)
