"""Free-share requests (vrij besteedbaar deel, R14 PVB, R15 PAB):
GET/POST /api/v1/budgets/{id}/vrij-besteedbaar-deel/.

Read through ``access.queries.free_share_requests_for`` (the budget first through
``budgets_for``: an unknown, malformed or unreachable budget is the same 404 problem). Asking
goes through ``freeshare.services.ask_free_share``, the one path of the admin and the command:
the caller must have ``ASK_FREE_SHARE`` on the budget (``access.queries.require``: 404 out of
sight, 403 seen but not allowed: the child of a PAB, a view-only mandate, agency staff). That
is a holder who manages the budget, or staff of an organisation with an active mandate with the
right to ask the free share; such a request is labelled with the organisation and leaves a
``MandateAct`` (``access.services.record_mandate_act``) in the same transaction.

Every part asked is a decision that is kept, refused ones too (201 with the outcome, the Dutch
reason, the rule id and the code). The ``Idempotency-Key`` header is required here (asking
money twice would be two parts): the same key and body answer the first request (200, nothing
decided again, also on a later day); the same key with another body is a 422 problem
(``api.IdempotentRequest``, keys kept apart per user)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.api import idempotency
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error, problem_responses
from budgetlijn.api.v1.common import (
    PK,
    Filters,
    ReachList,
    filter_parameters,
    mandate_for,
    record_mandate_act,
)
from budgetlijn.api.v1.contract_input import DecimalJSONParser, unknown_fields
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.costs.constants import BookingType
from budgetlijn.costs.constants import Outcome as CostOutcome
from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.constants import AskedByRole, Outcome
from budgetlijn.freeshare.constants import ErrorCode as FreeShareErrorCode
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.rules.money import ZERO
from budgetlijn.rules.violations import RuleViolations

OPERATION = "free_share_ask"
BODY_FIELDS = frozenset({"year", "amount"})
# Input errors of the service: the caller corrects them (400), nothing was kept.
INPUT_CODES = frozenset(
    {FreeShareErrorCode.FREE_SHARE_AMOUNT_INVALID, FreeShareErrorCode.FREE_SHARE_YEAR_INVALID}
)


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class FreeShareReasonSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text=_("De regel (R-nummer)."))
    code = serializers.CharField(help_text=_("Stabiele code."))
    message = serializers.CharField(help_text=_("De reden, in het Nederlands."))
    field = serializers.CharField(allow_null=True, required=False)


class FreeShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    budget = serializers.IntegerField(source="budget_id")
    year = serializers.IntegerField(help_text=_("Budgetjaar."))
    part = serializers.IntegerField(
        source="part_number", help_text=_("De hoeveelste aanvraag van dit budgetjaar.")
    )
    amount = _money(help_text=_("Gevraagd bedrag (EUR)."))
    asked_on = serializers.DateField(help_text=_("Aangevraagd op."))
    role = serializers.ChoiceField(choices=AskedByRole.choices, help_text=_("Aangevraagd als."))
    organisation = serializers.CharField(help_text=_("Bijstandsorganisatie, bij een volmacht."))
    outcome = serializers.ChoiceField(
        choices=Outcome.values, help_text=_("Beslissing (de Nederlandse naam: outcome_label).")
    )
    outcome_label = serializers.CharField(source="get_outcome_display")
    accepted_amount = _money(help_text=_("Toegekend (later uitbetaald op de budgetrekening)."))
    rule = serializers.CharField(source="rule_id", help_text=_("Regel van de (eerste) reden."))
    code = serializers.CharField(help_text=_("Stabiele code van de (eerste) reden."))
    reason = serializers.CharField(source="message", help_text=_("Waarom (deels) geweigerd."))
    reasons = FreeShareReasonSerializer(
        source="violations", many=True, help_text=_("Elke reden, in het Nederlands.")
    )
    limit = _money(help_text=_("Vrij besteedbaar deel van het jaar (pro rata per maand)."))
    remaining = _money(
        help_text=_(
            "Wat van het vrij besteedbaar deel van het jaar overblijft na dit deel (met het "
            "vrij besteedbaar deel dat via een kostenstaat aanvaard is)."
        )
    )
    pay_by = serializers.DateField(
        allow_null=True, help_text=_("Uiterlijk uit te betalen op (PAB: binnen 30 dagen).")
    )


class FreeShareInputSerializer(serializers.Serializer):
    """What a POST holds (documentation; checked in the view and the service)."""

    year = serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Budgetjaar.")
    )
    amount = serializers.CharField(
        help_text=_("Gevraagd bedrag in EUR als tekst met hoogstens twee decimalen, bv. '250.00'.")
    )


class FreeShareFilters(Filters):
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Enkel dit jaar.")
    )


EXAMPLE = {
    "id": 8,
    "budget": 31,
    "year": 2023,
    "part": 2,
    "amount": "900.00",
    "asked_on": "2023-10-02",
    "role": "HOLDER",
    "organisation": "",
    "outcome": "PARTLY",
    "outcome_label": "deels toegekend",
    "accepted_amount": "400.00",
    "rule": "R15",
    "code": "free_share_over_limit",
    "reason": "U vroeg meer dan wat van het vrij besteedbaar deel van 2023 overblijft.",
    "reasons": [
        {
            "rule": "R15",
            "code": "free_share_over_limit",
            "message": "U vroeg meer dan wat van het vrij besteedbaar deel van 2023 overblijft.",
            "field": "amount",
        }
    ],
    "limit": "1000.00",
    "remaining": "0.00",
    "pay_by": "2023-11-01",
}


def with_remaining(user, requests: list) -> list:
    """Set ``remaining`` on each request: its year's limit minus what was granted through this
    part (accepted parts up to it and the year's accepted FREE_SHARE cost lines). Two queries
    for the whole page, whatever its length."""
    years = {(r.budget_id, r.year) for r in requests}
    if not years:
        return requests
    budget_ids = {budget_id for budget_id, _year in years}
    year_values = {year for _budget, year in years}
    parts: dict[tuple[int, int], list[tuple[int, Decimal]]] = defaultdict(list)
    rows = (
        queries.free_share_requests_for(user)
        .filter(budget_id__in=budget_ids, year__in=year_values)
        .values_list("budget_id", "year", "part_number", "accepted_amount")
    )
    for budget_id, year, part, accepted in rows:
        parts[(budget_id, year)].append((part, accepted))
    filed = dict.fromkeys(years, ZERO)
    lines = (
        queries.cost_lines_for(user)
        .filter(
            budget_id__in=budget_ids,
            year__in=year_values,
            cost_kind=freeshare.FREE_SHARE_COST_KIND,
            booking_type=BookingType.COST,
            outcome__in=[CostOutcome.ACCEPTED, CostOutcome.PARTLY_ACCEPTED],
        )
        .values_list("budget_id", "year", "accepted_amount")
        .order_by()
    )
    for budget_id, year, accepted in lines:
        if (budget_id, year) in filed:
            filed[(budget_id, year)] += accepted
    for request in requests:
        key = (request.budget_id, request.year)
        through = sum(
            (accepted for part, accepted in parts[key] if part <= request.part_number), ZERO
        )
        request.remaining = max(request.limit - through - filed[key], ZERO)
    return requests


class FreeShareList(ReachList):
    parser_classes = [DecimalJSONParser]  # JSON only; numbers with a fraction as Decimal
    serializer_class = FreeShareSerializer
    filters = FreeShareFilters
    ordering = ("-year", "-part_number", "-pk")

    def budget(self, action: Action = Action.VIEW):
        budget = queries.get_or_404(queries.budgets_for, self.request.user, self.kwargs["pk"])
        return queries.require(self.request.user, action, budget)

    def reachable(self):
        return queries.free_share_requests_for(self.request.user).order_by(*self.ordering)

    def get_queryset(self):
        return super().get_queryset().filter(budget=self.budget())

    def get_serializer(self, *args, **kwargs):
        if args:
            with_remaining(self.request.user, list(args[0]) if kwargs.get("many") else [args[0]])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        operation_id="free_share_list",
        summary=_("Aanvragen vrij besteedbaar deel van een budget"),
        description=_(
            "Elke aanvraag (elk deel) met de beslissing, de reden, het vrij besteedbaar deel "
            "van het jaar en wat er na dat deel van overblijft; de nieuwste eerst."
        ),
        parameters=[PK, *filter_parameters(FreeShareFilters)],
        responses={200: FreeShareSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Deels toegekend", value=EXAMPLE, response_only=True)],
        tags=["vrij besteedbaar deel"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="free_share_create",
        summary=_("Vrij besteedbaar deel aanvragen"),
        description=_(
            "Vraagt (een deel van) het vrij besteedbaar deel van een budgetjaar aan (R14 PVB, "
            "R15 PAB). Het agentschap beslist meteen: toegekend, deels toegekend of geweigerd, "
            "met de reden; ook een weigering wordt bewaard (201). Enkel de budgethouder die het "
            "budget beheert of een bijstandsorganisatie met een volmacht met het recht "
            "'ask_free_share'. De kop 'Idempotency-Key' is verplicht: dezelfde sleutel met "
            "dezelfde vraag geeft het eerste antwoord terug (200, niets dubbel); dezelfde "
            "sleutel met een andere vraag wordt geweigerd (422)."
        ),
        parameters=[
            PK,
            idempotency.parameter(
                str(_("Verplicht: uw sleutel voor deze aanvraag, 1 tot 64 tekens (bv. een UUID)."))
            ),
        ],
        request=FreeShareInputSerializer,
        responses={
            201: FreeShareSerializer,
            200: FreeShareSerializer,
            **problem_responses(
                400,
                401,
                403,
                404,
                415,
                422,
                429,
                s400=_(
                    "Geen of een ongeldige Idempotency-Key, onbekende velden of ongeldige "
                    "waarden: de fouten per veld staan in 'errors'."
                ),
                s403=_("U ziet het budget, maar mag het vrij besteedbaar deel niet aanvragen."),
                s422=_(
                    "Deze Idempotency-Key hoort al bij een andere vraag, of een parameter "
                    "ontbreekt voor deze dag."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Aanvraag 250 euro",
                value={"year": 2023, "amount": "250.00"},
                request_only=True,
            ),
            OpenApiExample(
                "Deels toegekend", value=EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
        tags=["vrij besteedbaar deel"],
    )
    def post(self, request, *args, **kwargs):
        user = request.user
        key = idempotency.key_of(request)
        body = _body(request.data)
        budget = self.budget(Action.ASK_FREE_SHARE)
        if key is None:
            raise Problem(
                400,
                ErrorCode.IDEMPOTENCY_KEY_MISSING,
                gettext(
                    "Stuur een kop Idempotency-Key (bv. een UUID) met elke aanvraag: zo wordt "
                    "een herhaalde vraag nooit twee keer toegekend."
                ),
                errors=[
                    field_error(
                        None,
                        ErrorCode.IDEMPOTENCY_KEY_MISSING,
                        gettext("De kop Idempotency-Key ontbreekt."),
                    )
                ],
            )
        mandate = mandate_for(user, budget.person_id, MandateAction.FREE_SHARE_ASKED)
        if mandate is not None:
            role = AskedByRole.ASSISTANCE_ORGANISATION
        elif user.is_superuser:
            role = AskedByRole.AGENCY  # no agency permission asks it: a paper request
        else:
            role = AskedByRole.HOLDER  # ASK_FREE_SHARE leaves only a managing holder

        def ask():
            asked = freeshare.ask_free_share(
                budget=budget,
                year=body["year"],
                amount=body["amount"],
                asked_on=today(),
                by=user,
                role=role,
                mandate=mandate,
            )
            if mandate is not None:
                record_mandate_act(
                    user,
                    budget.person_id,
                    MandateAction.FREE_SHARE_ASKED,
                    asked,
                    gettext("Vrij besteedbaar deel %(year)s aangevraagd via de API (deel %(part)s)")
                    % {"year": asked.year, "part": asked.part_number},
                )
            return asked

        print_ = idempotency.fingerprint(OPERATION, budget.pk, body)
        try:
            pk, made = idempotency.replay_or_run(user, key, OPERATION, print_, ask)
        except RuleViolations as exc:
            raise _refused(exc) from None
        asked = queries.free_share_requests_for(user).get(pk=pk)
        with_remaining(user, [asked])
        return Response(FreeShareSerializer(asked).data, status=201 if made else 200)


def today():
    """The day a request is asked on (a function, so tests can ask on another day)."""
    return timezone.localdate()


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0:
        return None
    cents = amount.quantize(Decimal("0.01"))
    return cents if cents == amount else None


def _body(data: Any) -> dict:
    """``{"year": int, "amount": Decimal}``; every bad field at once as a 400 problem."""
    if not isinstance(data, dict):
        raise Problem(
            400,
            ErrorCode.INVALID,
            gettext("Stuur de aanvraag als JSON-object met year en amount."),
        )
    errors = unknown_fields(data, BODY_FIELDS)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(
            field_error(
                "year",
                FreeShareErrorCode.FREE_SHARE_YEAR_INVALID,
                gettext("Geef een geldig budgetjaar, zoals 2023."),
            )
        )
    amount = None
    try:
        amount = _amount(data.get("amount"))
    except (ValueError, ArithmeticError):
        amount = None
    if amount is None:
        errors.append(
            field_error(
                "amount",
                FreeShareErrorCode.FREE_SHARE_AMOUNT_INVALID,
                gettext(
                    "Geef een bedrag in euro groter dan nul, met hoogstens twee decimalen, "
                    "zoals '250.00'."
                ),
            )
        )
    if errors:
        unknown = any(error["code"] == ErrorCode.UNKNOWN_FIELD for error in errors)
        raise Problem(
            400,
            ErrorCode.UNKNOWN_FIELD if unknown else ErrorCode.INVALID,
            gettext("De aanvraag is niet verwerkt: verbeter de velden in 'errors'."),
            errors=errors,
        )
    return {"year": year, "amount": amount}


def _refused(exc: RuleViolations) -> Problem:
    errors = [field_error(v.field, v.code, v.text()) for v in exc.violations]
    if all(v.code in INPUT_CODES for v in exc.violations):
        return Problem(
            400,
            ErrorCode.INVALID,
            gettext("De aanvraag is niet verwerkt: verbeter de velden in 'errors'."),
            errors=errors,
        )
    return Problem(
        422,
        ErrorCode.RULE_VIOLATED,
        gettext("De regels laten dit niet toe. Zie 'errors' voor de reden en wat te doen."),
        errors=errors,
    )
