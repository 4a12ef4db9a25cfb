"""Mandates (R36): GET/POST /api/v1/volmachten/ and POST /volmachten/{id}/intrekken/.

Read through ``access.queries.mandates_for`` (a holder: the mandates on their dossier; staff of
an organisation: their organisation's own); granted and revoked through
``access.services.grant_mandate`` / ``revoke_mandate``, which check reach (404 out of sight,
403 seen but not allowed) and call the assistance services (validation, audit)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.access import queries
from budgetlijn.access import services as access_services
from budgetlijn.access.constants import Action
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error, problem_responses
from budgetlijn.api.v1.common import MAX_ID, PK, Filters, ReachList, filter_parameters
from budgetlijn.assistance.constants import MandateRight, OrganisationKind
from budgetlijn.assistance.models import Organisation
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR

RIGHTS = [right.value for right in MandateRight]
STATES = ["active", "future", "ended", "revoked"]


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MandateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    dossier = serializers.IntegerField(source="person_id")
    organisation = OrganisationSerializer()
    rights = serializers.SerializerMethodField(help_text=_("De rechten; 'view' hoort bij elk."))
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text=_("Laatste dag (inbegrepen)."))
    state = serializers.SerializerMethodField(
        help_text=_("active: van kracht; future: begint later; ended: afgelopen; revoked.")
    )
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=RIGHTS)))
    def get_rights(self, mandate) -> list[str]:
        return sorted(str(right) for right in mandate.rights)

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, mandate) -> str:
        today = timezone.localdate()
        if mandate.revoked_at is not None:
            return "revoked"
        if mandate.starts_on > today:
            return "future"
        if mandate.ends_on < today:
            return "ended"
        return "active"


class GrantSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Het dossier."))
    organisation = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("De bijstandsorganisatie.")
    )
    rights = serializers.ListField(
        child=serializers.ChoiceField(choices=RIGHTS),
        allow_empty=True,
        max_length=len(RIGHTS),
        help_text=_("Rechten naast 'view' (dat hoort bij elk mandaat)."),
    )
    starts_on = serializers.DateField(help_text=_("Eerste dag."))
    ends_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Laatste dag; standaard na één jaar.")
    )

    def validate(self, attrs):
        for name in ("starts_on", "ends_on"):
            day = attrs.get(name)
            if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
                raise serializers.ValidationError(
                    {name: gettext("Kies een datum tussen 2000 en 2099.")},
                    code=ErrorCode.DATE_OUT_OF_RANGE,
                )
        return attrs


class MandateFilters(Filters):
    dossier = serializers.IntegerField(
        source="person_id", required=False, min_value=1, max_value=MAX_ID
    )
    organisation = serializers.IntegerField(
        source="organisation_id", required=False, min_value=1, max_value=MAX_ID
    )


EXAMPLE = {
    "id": 4,
    "dossier": 12,
    "organisation": {"id": 2, "name": "Bijstandsorganisatie Onafhankelijk Leven"},
    "rights": ["file_costs", "view"],
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "state": "active",
    "granted_at": "2025-12-20T10:15:00+01:00",
    "revoked_at": None,
}


@extend_schema_view(
    get=extend_schema(
        operation_id="mandates_list",
        summary=_("Volmachten"),
        description=_(
            "Een budgethouder ziet de volmachten op zijn dossier; een bijstandsorganisatie de "
            "hare (in elke toestand)."
        ),
        parameters=filter_parameters(MandateFilters),
        responses={200: MandateSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Volmacht", value=EXAMPLE, response_only=True)],
        tags=["volmachten"],
    ),
    post=extend_schema(
        operation_id="mandates_create",
        summary=_("Volmacht geven"),
        description=_(
            "De budgethouder geeft een bijstandsorganisatie een volmacht op het dossier. "
            "Zonder einddatum loopt ze één jaar."
        ),
        request=GrantSerializer,
        responses={201: MandateSerializer, **problem_responses(400, 401, 403, 404, 415, 422, 429)},
        examples=[
            OpenApiExample(
                "Kosten indienen",
                value={
                    "dossier": 12,
                    "organisation": 2,
                    "rights": ["file_costs"],
                    "starts_on": "2026-01-01",
                },
                request_only=True,
            ),
            OpenApiExample("Gegeven", value=EXAMPLE, response_only=True, status_codes=["201"]),
        ],
        tags=["volmachten"],
    ),
)
class MandateList(ReachList):
    parser_classes = [JSONParser]  # JSON only: a form's values would arrive as lists
    reach_fn = queries.mandates_for
    serializer_class = MandateSerializer
    filters = MandateFilters
    related = ("organisation",)
    ordering = ("-starts_on", "-pk")

    def get_serializer_class(self):
        return GrantSerializer if self.request.method == "POST" else MandateSerializer

    def post(self, request, *args, **kwargs):
        grant = GrantSerializer(data=request.data)
        grant.is_valid(raise_exception=True)
        data = grant.validated_data
        person = queries.get_or_404(queries.persons_for, request.user, data["dossier"])
        # Who sees the dossier but may not grant hears so before anything about the organisation.
        queries.require(request.user, Action.GRANT_MANDATE, person)
        # Organisations are no personal data: an unknown one is a field error, not a 404.
        organisation = Organisation.objects.filter(
            pk=data["organisation"], kind=OrganisationKind.ASSISTANCE_ORGANISATION
        ).first()
        if organisation is None:
            raise Problem(
                400,
                ErrorCode.INVALID,
                gettext("De volmacht is niet gegeven: verbeter de velden in 'errors'."),
                errors=[
                    field_error(
                        "organisation",
                        ErrorCode.INVALID,
                        gettext(
                            "Deze bijstandsorganisatie bestaat niet. Kies er een uit de lijst."
                        ),
                    )
                ],
            )
        mandate = access_services.grant_mandate(
            request.user,
            person=person,
            organisation=organisation,
            rights={MandateRight(right) for right in data["rights"]},
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )
        return Response(MandateSerializer(mandate).data, status=201)


class RevokeView(APIView):
    """Een volmacht meteen intrekken."""

    @extend_schema(
        operation_id="mandates_revoke",
        parameters=[PK],
        summary=_("Volmacht intrekken"),
        description=_(
            "De budgethouder trekt de volmacht meteen in: vanaf nu bereikt de organisatie het "
            "dossier niet meer via deze volmacht. Nog eens intrekken verandert niets."
        ),
        request=None,
        responses={200: MandateSerializer, **problem_responses(401, 403, 404, 429)},
        examples=[
            OpenApiExample(
                "Ingetrokken",
                value={**EXAMPLE, "state": "revoked", "revoked_at": "2026-03-01T09:00:00+01:00"},
                response_only=True,
            )
        ],
        tags=["volmachten"],
    )
    def post(self, request, pk: int):
        mandate = queries.get_or_404(queries.mandates_for, request.user, pk)
        mandate = access_services.revoke_mandate(request.user, mandate)
        return Response(MandateSerializer(mandate).data)
