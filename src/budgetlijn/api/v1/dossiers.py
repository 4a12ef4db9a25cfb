"""GET /api/v1/dossiers/ and /dossiers/{id}/: the persons the user reaches
(``access.queries.persons_for``), national register number masked."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from budgetlijn.access import queries
from budgetlijn.api.problems import problem_responses
from budgetlijn.api.v1.common import PK, ReachDetail, ReachList, record_mandate_act
from budgetlijn.assistance.constants import MandateAction


class DossierSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    first_name = serializers.CharField(help_text=_("Voornaam."))
    last_name = serializers.CharField(help_text=_("Familienaam."))
    national_number = serializers.CharField(
        source="masked_national_number",
        help_text=_("Rijksregisternummer, afgeschermd (bv. 85.07.30-xxx.xx)."),
    )
    birth_date = serializers.DateField(allow_null=True, help_text=_("Geboortedatum."))
    province = serializers.CharField(help_text=_("Provincie (code)."))
    municipality = serializers.CharField(help_text=_("Gemeente."))
    budgets = serializers.SerializerMethodField(
        help_text=_("De nummers van de budgetten van dit dossier die u kunt inkijken.")
    )

    def get_budgets(self, person) -> list[int]:
        return [budget.pk for budget in person.reached_budgets]


EXAMPLE = {
    "id": 12,
    "first_name": "Noor",
    "last_name": "Peeters",
    "national_number": "15.03.14-xxx.xx",
    "birth_date": "2015-03-14",
    "province": "ANT",
    "municipality": "Mechelen",
    "budgets": [31],
}


class DossierMixin:
    reach_fn = queries.persons_for
    serializer_class = DossierSerializer
    ordering = ("last_name", "first_name", "pk")

    def reachable(self):
        budgets = queries.budgets_for(self.request.user).order_by("pk").only("pk", "person_id")
        return (
            super()
            .reachable()
            .prefetch_related(Prefetch("budgets", queryset=budgets, to_attr="reached_budgets"))
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="dossiers_list",
        summary=_("Mijn dossiers"),
        description=_(
            "De dossiers (personen) die u kunt inkijken: uw eigen dossier, de dossiers van de "
            "budgetten die u beheert, of met een volmacht van de budgethouder."
        ),
        responses={200: DossierSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Dossier", value=EXAMPLE, response_only=True)],
        tags=["dossiers"],
    )
)
class DossierList(DossierMixin, ReachList):
    pass


@extend_schema_view(
    get=extend_schema(
        operation_id="dossiers_retrieve",
        parameters=[PK],
        summary=_("Eén dossier"),
        responses={200: DossierSerializer, **problem_responses(401, 404, 429)},
        examples=[OpenApiExample("Dossier", value=EXAMPLE, response_only=True)],
        tags=["dossiers"],
    )
)
class DossierDetail(DossierMixin, ReachDetail):
    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        record_mandate_act(
            request.user,
            person.pk,
            MandateAction.VIEWED,
            person,
            gettext("Dossier bekeken via de API"),
        )
        return Response(self.get_serializer(person).data)
