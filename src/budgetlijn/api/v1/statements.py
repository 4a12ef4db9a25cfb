"""Cost statements: GET /api/v1/kostenstaten/ (and detail, each line's outcome and reasons),
POST /api/v1/kostenstaten/ (JSON lines through ``costs.services.file_statement``), and the
agency's review queue GET /api/v1/wachtrij/kosten/.

Filing: the budget must be in the caller's sight (else 404) and ``access.queries.can(user,
FILE_COSTS, budget)`` (else 403). The ``Idempotency-Key`` header becomes the statement's
idempotency key, kept apart per user (``api:<user id>:<key>``): a retried request books nothing
twice (201 the first time, 200 with the same body after); the same key with other content is
refused (422). Unknown fields are refused with a 400 problem, never passed on. Organisation
staff filing under a mandate leave an act on the holder's record (``MandateAct``)."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error, problem_responses
from budgetlijn.api.v1.common import (
    MAX_ID,
    PK,
    Filters,
    ReachDetail,
    ReachList,
    filter_parameters,
    mandate_for,
)
from budgetlijn.assistance import services as assistance_services
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.costs import services as costs
from budgetlijn.costs.constants import (
    BookingType,
    FiledByRole,
    Outcome,
    Source,
    WaitReason,
)
from budgetlijn.costs.constants import (
    ErrorCode as CostErrorCode,
)
from budgetlijn.costs.inputs import LINE_FIELDS
from budgetlijn.costs.selectors import review_queue
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR

KEY_HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
BODY_FIELDS = frozenset({"budget_id", "year", "lines"})


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class ReasonSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text=_("De regel (R-nummer)."))
    code = serializers.CharField(help_text=_("Stabiele code."))
    message = serializers.CharField(help_text=_("De reden, in het Nederlands."))
    field = serializers.CharField(allow_null=True, required=False)


class LineSerializer(serializers.Serializer):
    line_no = serializers.IntegerField(help_text=_("Lijnnummer in de kostenstaat (vanaf 1)."))
    contract = serializers.IntegerField(source="contract_id")
    cost_kind = serializers.CharField()
    booking_type = serializers.ChoiceField(choices=BookingType.choices)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    quantity = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    amount = _money(help_text=_("Ingediend bedrag (EUR)."))
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text=_("Beslissing."))
    outcome_label = serializers.CharField(source="get_outcome_display")
    wait_reason = serializers.ChoiceField(
        choices=[("", "")] + list(WaitReason.choices), help_text=_("Waarom de lijn wacht.")
    )
    accepted_amount = _money(help_text=_("Aanvaard (vastgelegd, later betaald)."))
    own_amount = _money(help_text=_("Eigen deel van de budgethouder."))
    credit_used = _money(help_text=_("Verrekend met een eerdere creditnota."))
    via_used = _money(help_text=_("Uit de VIA4-ruimte."))
    premium_added = _money(help_text=_("Eindejaarspremie waarmee de lijn steeg."))
    reasons = ReasonSerializer(
        source="violations", many=True, help_text=_("Waarom (een deel) niet aanvaard is.")
    )
    review_decision = serializers.CharField(help_text=_("Beoordeling door het agentschap."))
    review_reason = serializers.CharField(help_text=_("Motivering van de beoordeling."))


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    budget = serializers.IntegerField(source="budget_id")
    year = serializers.IntegerField(help_text=_("Budgetjaar."))
    filed_on = serializers.DateField(help_text=_("Ingediend op."))
    filed_by_role = serializers.ChoiceField(choices=FiledByRole.choices)
    organisation = serializers.CharField(help_text=_("Bijstandsorganisatie, bij een volmacht."))
    source = serializers.ChoiceField(choices=Source.choices)


class StatementDetailSerializer(StatementSerializer):
    lines = LineSerializer(many=True, source="api_lines")


class LineInputSerializer(serializers.Serializer):
    """What a line of a POST holds (documentation: the service checks every field)."""

    contract_id = serializers.IntegerField(help_text=_("De overeenkomst van het budget."))
    cost_kind = serializers.CharField(help_text=_("Kostensoort (code), bv. WAGE."))
    booking_type = serializers.ChoiceField(
        choices=BookingType.choices, required=False, help_text=_("Standaard COST.")
    )
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    assistant = serializers.CharField(required=False, max_length=200)
    quantity = serializers.CharField(required=False, help_text=_("Aantal, bv. '38' of '7,5'."))
    amount = serializers.CharField(help_text=_("Bedrag in EUR als tekst, bv. '1500.00'."))
    description = serializers.CharField(required=False, max_length=2000)
    late_reason = serializers.CharField(required=False)


class StatementInputSerializer(serializers.Serializer):
    budget_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    lines = LineInputSerializer(many=True)


class StatementFilters(Filters):
    budget = serializers.IntegerField(
        source="budget_id",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Enkel dit budget."),
    )
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Enkel dit jaar.")
    )


LINE_EXAMPLE = {
    "line_no": 1,
    "contract": 7,
    "cost_kind": "WAGE",
    "booking_type": "COST",
    "period_from": "2023-01-01",
    "period_to": "2023-01-31",
    "quantity": None,
    "amount": "1500.00",
    "outcome": "ACCEPTED",
    "outcome_label": "aanvaard",
    "wait_reason": "",
    "accepted_amount": "1500.00",
    "own_amount": "0.00",
    "credit_used": "0.00",
    "via_used": "0.00",
    "premium_added": "0.00",
    "reasons": [],
    "review_decision": "",
    "review_reason": "",
}
STATEMENT_EXAMPLE = {
    "id": 55,
    "budget": 31,
    "year": 2023,
    "filed_on": "2023-06-15",
    "filed_by_role": "HOLDER",
    "organisation": "",
    "source": "API",
    "lines": [LINE_EXAMPLE],
}


def with_lines(queryset, user):
    lines = queries.cost_lines_for(user).order_by("line_no")
    return queryset.prefetch_related(Prefetch("lines", queryset=lines, to_attr="api_lines"))


class StatementMixin:
    reach_fn = queries.cost_statements_for
    filters = StatementFilters
    ordering = ("-filed_at", "-pk")


@extend_schema_view(
    get=extend_schema(
        operation_id="cost_statements_list",
        summary=_("Kostenstaten"),
        parameters=filter_parameters(StatementFilters),
        responses={200: StatementSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        tags=["kostenstaten"],
    ),
    post=extend_schema(
        operation_id="cost_statements_create",
        summary=_("Kostenstaat indienen"),
        description=_(
            "Dient een kostenstaat in (budget, budgetjaar, kostenlijnen) en beslist elke lijn. "
            "Stuur een 'Idempotency-Key': een herhaalde vraag met dezelfde sleutel boekt niets "
            "twee keer (201 de eerste keer, 200 met hetzelfde antwoord daarna); dezelfde "
            "sleutel met andere inhoud wordt geweigerd (422). Onbekende velden worden "
            "geweigerd (400)."
        ),
        parameters=[
            OpenApiParameter(
                KEY_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=str(
                    _("Uw sleutel voor deze kostenstaat: 1 tot 64 tekens A-Z a-z 0-9 . _ : -")
                ),
                pattern=KEY_PATTERN.pattern,
            )
        ],
        request=StatementInputSerializer,
        responses={
            201: StatementDetailSerializer,
            200: StatementDetailSerializer,
            **problem_responses(
                400,
                401,
                403,
                404,
                415,
                422,
                429,
                s403=_("U ziet het budget, maar mag er geen kosten voor indienen."),
                s422=_("Deze idempotentiesleutel hoort al bij een andere kostenstaat."),
            ),
        },
        examples=[
            OpenApiExample(
                "Loon januari",
                value={
                    "budget_id": 31,
                    "year": 2023,
                    "lines": [
                        {
                            "contract_id": 7,
                            "cost_kind": "WAGE",
                            "booking_type": "COST",
                            "period_from": "2023-01-01",
                            "period_to": "2023-01-31",
                            "amount": "1500.00",
                        }
                    ],
                },
                request_only=True,
            ),
            OpenApiExample(
                "Ingediend", value=STATEMENT_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
        tags=["kostenstaten"],
    ),
)
class StatementList(StatementMixin, ReachList):
    parser_classes = [JSONParser]  # JSON only: a form's values would arrive as lists
    serializer_class = StatementSerializer

    def get_serializer_class(self):
        return StatementDetailSerializer if self.request.method == "POST" else StatementSerializer

    def post(self, request, *args, **kwargs):
        user = request.user
        key = _idempotency_key(request)
        raw = _statement_body(request.data)
        budget = queries.get_or_404(queries.budgets_for, user, raw["budget_id"])
        queries.require(user, Action.FILE_COSTS, budget)
        mandate = mandate_for(user, budget.person_id, MandateAction.COSTS_FILED)
        if mandate is not None:
            role, organisation = FiledByRole.ASSISTANCE_ORGANISATION, mandate.organisation.name
        elif user.has_perm("costs.add_coststatement"):
            role, organisation = FiledByRole.AGENCY, ""
        else:
            role, organisation = FiledByRole.HOLDER, ""
        if key is not None:
            raw["idempotency_key"] = f"api:{user.pk}:{key}"
        with transaction.atomic():
            result = costs.file_statement(
                raw, by=user, role=role, organisation=organisation, source=Source.API
            )
            if result.status == costs.Status.FILED and mandate is not None:
                assistance_services.record_act(
                    mandate=mandate,
                    user=user,
                    action=MandateAction.COSTS_FILED,
                    obj=result.statement,
                    summary=gettext("Kostenstaat %(year)s ingediend via de API")
                    % {"year": result.statement.year},
                )
        if result.status == costs.Status.INVALID:
            raise _refusal(result.errors)
        statement = with_lines(queries.cost_statements_for(user), user).get(pk=result.statement.pk)
        status = 201 if result.status == costs.Status.FILED else 200
        return Response(StatementDetailSerializer(statement).data, status=status)


def _idempotency_key(request) -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise Problem(
            400,
            ErrorCode.IDEMPOTENCY_KEY_INVALID,
            gettext(
                "De kop Idempotency-Key is 1 tot 64 tekens uit A-Z, a-z, 0-9 en . _ : - "
                "(bijvoorbeeld een UUID)."
            ),
        )
    return key


def _unknown(fields, path: str) -> list[dict]:
    return [
        field_error(
            f"{path}{name}",
            ErrorCode.UNKNOWN_FIELD,
            gettext("Dit veld bestaat niet. Laat het weg (zie de API-documentatie)."),
        )
        for name in sorted(map(str, fields))
    ]


def _budget_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= MAX_ID:
        return value
    return None


def _statement_body(data: Any) -> dict:
    """The body as the service takes it; unknown fields and a missing budget are refused."""
    if not isinstance(data, dict):
        raise Problem(
            400,
            ErrorCode.INVALID,
            gettext("Stuur een kostenstaat als JSON-object met budget_id, year en lines."),
        )
    errors = _unknown(set(data) - BODY_FIELDS, "")
    lines = data.get("lines")
    if isinstance(lines, list):
        for number, line in enumerate(lines):
            if isinstance(line, dict):
                errors += _unknown(set(line) - LINE_FIELDS, f"lines[{number}].")
    budget_id = _budget_id(data.get("budget_id"))
    if budget_id is None:
        errors.append(
            field_error(
                "budget_id",
                CostErrorCode.BUDGET_UNKNOWN,
                gettext("Kies het budget waarvoor je kosten indient."),
            )
        )
    if errors:
        unknown = any(error["code"] == ErrorCode.UNKNOWN_FIELD for error in errors)
        raise Problem(
            400,
            ErrorCode.UNKNOWN_FIELD if unknown else ErrorCode.INVALID,
            gettext("De kostenstaat is niet ingediend: verbeter de velden in 'errors'."),
            errors=errors,
        )
    return {**data, "budget_id": budget_id}


def _field(line: int, name: str | None) -> str | None:
    if line == 0:
        return name
    return f"lines[{line - 1}].{name}" if name else f"lines[{line - 1}]"


def _refusal(errors) -> Problem:
    items = [field_error(_field(e.line, e.field), e.code, e.text()) for e in errors]
    if any(e.code == CostErrorCode.IDEMPOTENCY_KEY_REUSED for e in errors):
        return Problem(
            422,
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            gettext(
                "Deze Idempotency-Key hoort al bij een andere kostenstaat. Gebruik een nieuwe "
                "sleutel voor nieuwe kosten."
            ),
            errors=items,
        )
    return Problem(
        400,
        ErrorCode.INVALID,
        gettext("De kostenstaat is niet ingediend: verbeter de velden in 'errors'."),
        errors=items,
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="cost_statements_retrieve",
        parameters=[PK],
        summary=_("Eén kostenstaat met de beslissing per lijn"),
        responses={200: StatementDetailSerializer, **problem_responses(401, 404, 429)},
        examples=[OpenApiExample("Kostenstaat", value=STATEMENT_EXAMPLE, response_only=True)],
        tags=["kostenstaten"],
    )
)
class StatementDetail(StatementMixin, ReachDetail):
    serializer_class = StatementDetailSerializer

    def reachable(self):
        return with_lines(super().reachable(), self.request.user)


# --- the agency's review queue ------------------------------------------------------------------


class QueueLineSerializer(LineSerializer):
    id = serializers.IntegerField()
    statement = serializers.IntegerField(source="statement_id")
    budget = serializers.IntegerField(source="budget_id")
    year = serializers.IntegerField()
    filed_on = serializers.DateField(source="statement.filed_on")
    late_reason = serializers.CharField(help_text=_("De opgegeven reden van laattijdigheid."))


@extend_schema_view(
    get=extend_schema(
        operation_id="cost_review_queue_list",
        summary=_("Wachtrij: laattijdige kostenlijnen"),
        description=_(
            "Kostenlijnen die wachten op de beoordeling van het agentschap (R25), de oudste "
            "indiening eerst. Enkel voor wie kosten mag beoordelen; anderen krijgen een lege "
            "lijst."
        ),
        responses={200: QueueLineSerializer(many=True), **problem_responses(401, 404, 429)},
        tags=["wachtrij"],
    )
)
class ReviewQueue(ReachList):
    serializer_class = QueueLineSerializer

    def get_queryset(self):
        reviewable = queries.cost_lines_for(self.request.user, action=Action.REVIEW_COSTS)
        return review_queue().filter(pk__in=reviewable.values("pk"))
