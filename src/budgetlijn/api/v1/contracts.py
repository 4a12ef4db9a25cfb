"""Contracts: GET /api/v1/contracts/ and /contracts/{id}/ (with every version of the contract
and its status), through ``access.queries.contracts_for``; POST /api/v1/contracts/ registers a
contract (``contracts.services.register_contract``) and POST /api/v1/contracts/{id}/versies/
a new version of one (``contracts.services.amend_contract``).

Registering: the budget must be in the caller's sight (else 404) and ``access.queries.can(user,
REGISTER_CONTRACT, budget)`` (else 403): a holder who manages the budget, organisation staff
under an active mandate with the right to register contracts (the act is recorded on the
holder's record), or agency staff with ``contracts.add_contract``; a caller who may not hears
so before anything is said about the other fields. The fields are the service's
(``contracts.constants.INPUT_FIELDS``), typed by the model's own fields
(``api.v1.contract_input``); an optional ``Idempotency-Key`` makes a retry register nothing
twice (``api.idempotency``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
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
    mandate_for,
)
from budgetlijn.api.v1.contract_input import (
    DecimalJSONParser,
    an_id,
    contract_data,
    refuse,
    unknown_fields,
)
from budgetlijn.assistance import services as assistance_services
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.contracts import services as contract_services
from budgetlijn.contracts.constants import (
    FORM_FIELDS,
    INPUT_FIELDS,
    ContractStatus,
    RegisteredByRole,
)
from budgetlijn.contracts.inputs import input_fields
from budgetlijn.rules.violations import RuleViolations


class VersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ContractStatus.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    registered_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)


class ContractSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    budget = serializers.IntegerField(source="budget_id")
    version = serializers.IntegerField(help_text=_("Versie (1 voor de eerste registratie)."))
    previous = serializers.IntegerField(
        source="previous_id", allow_null=True, help_text=_("De vorige versie, als die er is.")
    )
    type_code = serializers.CharField(help_text=_("Soort overeenkomst (code)."))
    type_label = serializers.CharField(help_text=_("Soort overeenkomst."))
    counterparty_name = serializers.CharField(help_text=_("De andere partij."))
    status = serializers.ChoiceField(choices=ContractStatus.choices, help_text=_("Toestand."))
    status_label = serializers.CharField(source="get_status_display")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    registered_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField(help_text=_("Reden van weigering, als geweigerd."))


class ContractDetailSerializer(ContractSerializer):
    versions = VersionSerializer(
        many=True, help_text=_("Alle versies van deze overeenkomst, de oudste eerst.")
    )


class ContractFilters(Filters):
    budget = serializers.IntegerField(
        source="budget_id",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Enkel dit budget."),
    )
    status = serializers.ChoiceField(
        choices=ContractStatus.choices, required=False, help_text=_("Toestand.")
    )


EXAMPLE = {
    "id": 7,
    "budget": 31,
    "version": 1,
    "previous": None,
    "type_code": "EMPLOYMENT",
    "type_label": "arbeidsovereenkomst",
    "counterparty_name": "Jana Wouters",
    "status": "APPROVED",
    "status_label": "goedgekeurd",
    "start_date": "2023-01-01",
    "end_date": "2023-12-31",
    "registered_on": "2023-01-01",
    "decided_on": "2023-01-03",
    "refusal_reason": "",
}


class ContractMixin:
    reach_fn = queries.contracts_for
    filters = ContractFilters
    ordering = ("budget_id", "pk")


@extend_schema_view(
    get=extend_schema(
        operation_id="contracts_retrieve",
        parameters=[PK],
        summary=_("Eén overeenkomst met haar versies"),
        responses={200: ContractDetailSerializer, **problem_responses(401, 404, 429)},
        examples=[
            OpenApiExample(
                "Overeenkomst",
                value={
                    **EXAMPLE,
                    "versions": [
                        {
                            "id": 7,
                            "version": 1,
                            "status": "APPROVED",
                            "start_date": "2023-01-01",
                            "end_date": "2023-12-31",
                            "registered_on": "2023-01-01",
                            "decided_on": "2023-01-03",
                        }
                    ],
                },
                response_only=True,
            )
        ],
        tags=["overeenkomsten"],
    )
)
class ContractDetail(ContractMixin, ReachDetail):
    serializer_class = ContractDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        return Response(
            self.get_serializer(with_versions(self.get_object(), self.reachable())).data
        )


def with_versions(contract, reachable):
    """``contract`` with ``versions``: the chain of its versions in reach, oldest first (the
    versions of the budget's contracts in one query, chained in memory)."""
    rows = {
        row.pk: row
        for row in reachable.filter(budget_id=contract.budget_id).only(
            *(f for f in VersionSerializer().fields), "previous_id"
        )
    }
    following = {row.previous_id: row for row in rows.values() if row.previous_id}
    first = contract
    while first.previous_id in rows:
        first = rows[first.previous_id]
    versions = [first]
    while versions[-1].pk in following:
        versions.append(following[versions[-1].pk])
    contract.versions = versions
    return contract


# --- registering a contract and a new version ---------------------------------------------------

REGISTER = "contracts.register"
AMEND = "contracts.amend"


def _documented(field, required: bool) -> serializers.Field:
    """The serializer field documenting a model field (the view types values itself)."""
    options = {"required": required, "help_text": str(field.verbose_name)}
    if getattr(field, "remote_field", None) is not None:
        return serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True, **options)
    if field.choices:
        return serializers.ChoiceField(choices=field.choices, allow_blank=field.blank, **options)
    if field.get_internal_type() == "BooleanField":
        return serializers.BooleanField(**options)
    if field.get_internal_type() == "DateField":
        return serializers.DateField(allow_null=field.null, **options)
    if field.get_internal_type() == "DecimalField":
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_null=field.null,
            **options,
        )
    return serializers.CharField(max_length=field.max_length, allow_blank=field.blank, **options)


def _fields_serializer(name: str, *, first: dict, all_optional: bool) -> type:
    fields = dict(first)
    for field_name, field in input_fields().items():
        required = not all_optional and not field.blank and not field.has_default()
        fields[field_name] = _documented(field, required)
    return type(name, (serializers.Serializer,), fields)


RegisterInputSerializer = _fields_serializer(
    "RegisterInputSerializer",
    first={
        "budget_id": serializers.IntegerField(
            min_value=1, max_value=MAX_ID, help_text=_("Het budget waarvoor de overeenkomst geldt.")
        )
    },
    all_optional=False,
)
AmendInputSerializer = _fields_serializer("AmendInputSerializer", first={}, all_optional=True)


def acting_as(user: Any, budget, action: MandateAction):
    """(role, organisation name, mandate) of ``user`` registering for ``budget``: under a
    mandate of their organisation, as the agency, else as the holder. Who may act at all was
    decided before (``access.queries``); this only labels the act."""
    mandate = mandate_for(user, budget.person_id, action)
    if mandate is not None:
        return RegisteredByRole.ASSISTANCE_ORGANISATION, mandate.organisation.name, mandate
    if user.has_perm("contracts.add_contract"):
        return RegisteredByRole.AGENCY, "", None
    return RegisteredByRole.HOLDER, "", None


def _object(data: Any, detail: str) -> dict:
    if not isinstance(data, dict):
        raise Problem(400, ErrorCode.INVALID, detail)
    return data


def _refused(exc: RuleViolations) -> Problem:
    """The service's violations with each field as the caller sent it (the model's field)."""
    errors = [
        field_error(FORM_FIELDS.get(v.field or "", v.field), v.code, v.text())
        for v in exc.violations
    ]
    return Problem(
        422,
        ErrorCode.RULE_VIOLATED,
        gettext(
            "De regels laten deze overeenkomst niet toe. Zie 'errors' voor de reden en wat te doen."
        ),
        errors=errors,
    )


def _answer(user: Any, pk: int, made: bool) -> Response:
    reachable = queries.contracts_for(user)
    contract = queries.get_or_404(queries.contracts_for, user, pk)
    data = ContractDetailSerializer(with_versions(contract, reachable)).data
    return Response(data, status=201 if made else 200)


REQUEST_EXAMPLE = {
    "budget_id": 31,
    "type_code": "PAB_EMPLOYMENT",
    "payment_mode": "CASH",
    "counterparty_kind": "PERSON",
    "counterparty_name": "Jana Wouters",
    "counterparty_national_number": "90040201732",
    "minor_name": "Noor Peeters",
    "start_date": "2027-01-01",
    "end_date": "2027-12-31",
    "notice_terms": "Wettelijke opzegtermijnen",
    "task_description": "Hulp bij wassen, aankleden en de weg naar school",
    "weekly_hours": "12.00",
    "hourly_cost": "14.50",
    "payment_terms": "Maandelijks loon via het sociaal secretariaat",
    "holder_signatory": 41,
    "holder_signed_on": "2026-12-20",
    "counterparty_signed_on": "2026-12-20",
    "holder_enterprise_number": "0403170701",
}
REGISTERED_EXAMPLE = {
    **EXAMPLE,
    "type_code": "PAB_EMPLOYMENT",
    "status": "REGISTERED",
    "status_label": "geregistreerd, wacht op goedkeuring",
    "start_date": "2027-01-01",
    "end_date": "2027-12-31",
    "registered_on": "2026-12-21",
    "decided_on": None,
    "versions": [
        {
            "id": 7,
            "version": 1,
            "status": "REGISTERED",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "registered_on": "2026-12-21",
            "decided_on": None,
        }
    ],
}
KEY_PARAMETER = idempotency.parameter(
    str(_("Uw sleutel voor deze vraag: 1 tot 64 tekens A-Z a-z 0-9 . _ : - (bv. een UUID)."))
)
WRITE_PROBLEMS = problem_responses(
    400,
    401,
    403,
    404,
    415,
    422,
    429,
    s400=_("Onbekende velden of ongeldige waarden: de fouten per veld staan in 'errors'."),
    s403=_("U ziet het budget, maar mag er geen overeenkomsten voor registreren."),
    s422=_(
        "De regels laten dit niet toe (elke reden in 'errors'), of deze Idempotency-Key hoort "
        "al bij een andere vraag."
    ),
)


class ContractCreate:
    """POST on /contracts/ (mixed into the list view)."""

    def post(self, request, *args, **kwargs):
        user = request.user
        key = idempotency.key_of(request)
        body = _object(
            request.data,
            gettext("Stuur een overeenkomst als JSON-object met budget_id en haar velden."),
        )
        errors = unknown_fields(body, {"budget_id", *INPUT_FIELDS})
        budget_id = an_id(body.get("budget_id"))
        if budget_id is None:
            errors.append(
                field_error(
                    "budget_id",
                    ErrorCode.INVALID,
                    gettext("Kies het budget waarvoor u de overeenkomst registreert."),
                )
            )
            raise refuse(errors)
        # Who may not register for the budget hears that first (404 out of sight, 403 in
        # sight), whatever else the body holds.
        budget = queries.get_or_404(queries.budgets_for, user, budget_id)
        queries.require(user, Action.REGISTER_CONTRACT, budget)
        if errors:
            raise refuse(errors)
        data = contract_data({k: v for k, v in body.items() if k != "budget_id"}, budget)
        role, organisation, mandate = acting_as(user, budget, MandateAction.CONTRACT_REGISTERED)

        def register():
            contract = contract_services.register_contract(
                budget=budget, data=data, by=user, role=role, organisation=organisation
            )
            if mandate is not None:
                assistance_services.record_act(
                    mandate=mandate,
                    user=user,
                    action=MandateAction.CONTRACT_REGISTERED,
                    obj=contract,
                    summary=gettext("Overeenkomst geregistreerd via de API: %(name)s")
                    % {"name": contract.counterparty_name},
                )
            return contract

        print_ = idempotency.fingerprint(REGISTER, None, body)
        try:
            pk, made = idempotency.replay_or_run(user, key, REGISTER, print_, register)
        except RuleViolations as exc:
            raise _refused(exc) from None
        return _answer(user, pk, made)


@extend_schema_view(
    get=extend_schema(
        operation_id="contracts_list",
        summary=_("Overeenkomsten"),
        description=_("Elke versie van elke overeenkomst die u kunt inkijken."),
        parameters=filter_parameters(ContractFilters),
        responses={200: ContractSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Overeenkomst", value=EXAMPLE, response_only=True)],
        tags=["overeenkomsten"],
    ),
    post=extend_schema(
        operation_id="contracts_create",
        summary=_("Overeenkomst registreren"),
        description=_(
            "Registreert een overeenkomst voor een budget (R19); ze telt pas mee als het "
            "agentschap ze goedkeurt. Voor de budgethouder die het budget beheert, een "
            "bijstandsorganisatie met een volmacht om overeenkomsten te registreren, of het "
            "agentschap. 'holder_signatory' is een budgethouder van dat budget, "
            "'counterparty_person' een persoon van het dossier. Onbekende velden worden "
            "geweigerd (400). Met een 'Idempotency-Key' registreert een herhaalde vraag niets "
            "twee keer (201 de eerste keer, 200 met dezelfde overeenkomst daarna); dezelfde "
            "sleutel met een andere vraag wordt geweigerd (422)."
        ),
        parameters=[KEY_PARAMETER],
        request=RegisterInputSerializer,
        responses={201: ContractDetailSerializer, 200: ContractDetailSerializer, **WRITE_PROBLEMS},
        examples=[
            OpenApiExample("Arbeidsovereenkomst", value=REQUEST_EXAMPLE, request_only=True),
            OpenApiExample(
                "Geregistreerd",
                value=REGISTERED_EXAMPLE,
                response_only=True,
                status_codes=["201", "200"],
            ),
        ],
        tags=["overeenkomsten"],
    ),
)
class ContractList(ContractCreate, ContractMixin, ReachList):
    parser_classes = [DecimalJSONParser]  # JSON only; numbers with a fraction as Decimal
    serializer_class = ContractSerializer


class AmendView(APIView):
    """Een nieuwe versie van een overeenkomst registreren."""

    parser_classes = [DecimalJSONParser]

    @extend_schema(
        operation_id="contracts_versions_create",
        parameters=[PK, KEY_PARAMETER],
        summary=_("Nieuwe versie van een overeenkomst"),
        description=_(
            "Een wijziging van een goedgekeurde overeenkomst is een nieuwe versie, die het "
            "agentschap opnieuw goedkeurt (R19). Stuur enkel de velden die veranderen; de "
            "andere blijven zoals in de laatste versie. Een lopende overeenkomst met een ouder "
            "als assistent kan enkel beëindigd worden (R9). Dezelfde toegang als registreren; "
            "met een 'Idempotency-Key' maakt een herhaalde vraag geen tweede versie."
        ),
        request=AmendInputSerializer,
        responses={201: ContractDetailSerializer, 200: ContractDetailSerializer, **WRITE_PROBLEMS},
        examples=[
            OpenApiExample(
                "Meer uren",
                value={"weekly_hours": "16.00", "holder_signed_on": "2027-03-01"},
                request_only=True,
            ),
            OpenApiExample(
                "Nieuwe versie",
                value={
                    **REGISTERED_EXAMPLE,
                    "id": 9,
                    "version": 2,
                    "previous": 7,
                    "versions": [
                        {**REGISTERED_EXAMPLE["versions"][0], "status": "APPROVED"},
                        {**REGISTERED_EXAMPLE["versions"][0], "id": 9, "version": 2},
                    ],
                },
                response_only=True,
                status_codes=["201", "200"],
            ),
        ],
        tags=["overeenkomsten"],
    )
    def post(self, request, pk: int):
        user = request.user
        key = idempotency.key_of(request)
        contract = queries.get_or_404(queries.contracts_for, user, pk)
        budget = contract.budget
        # The contract is in sight: not being allowed to change it is a 403, never a 404, and
        # it is said before anything about the body.
        if not queries.can(user, Action.REGISTER_CONTRACT, budget):
            raise PermissionDenied
        body = _object(
            request.data,
            gettext("Stuur de wijzigingen als JSON-object met de velden die veranderen."),
        )
        errors = unknown_fields(body, INPUT_FIELDS)
        if errors:
            raise refuse(
                errors,
                gettext("De nieuwe versie is niet geregistreerd: verbeter de velden in 'errors'."),
            )
        if not body:
            raise refuse(
                [
                    field_error(
                        None,
                        ErrorCode.NO_CHANGES,
                        gettext("Geef minstens één veld dat verandert."),
                    )
                ],
                gettext("De nieuwe versie is niet geregistreerd: er verandert niets."),
            )
        changes = contract_data(body, budget)
        role, organisation, mandate = acting_as(user, budget, MandateAction.CONTRACT_CHANGED)

        def amend():
            new = contract_services.amend_contract(
                contract, changes=changes, by=user, role=role, organisation=organisation
            )
            if mandate is not None:
                assistance_services.record_act(
                    mandate=mandate,
                    user=user,
                    action=MandateAction.CONTRACT_CHANGED,
                    obj=new,
                    summary=gettext("Nieuwe versie van een overeenkomst via de API: %(name)s")
                    % {"name": new.counterparty_name},
                )
            return new

        print_ = idempotency.fingerprint(AMEND, contract.pk, body)
        try:
            new_pk, made = idempotency.replay_or_run(user, key, AMEND, print_, amend)
        except RuleViolations as exc:
            raise _refused(exc) from None
        return _answer(user, new_pk, made)
