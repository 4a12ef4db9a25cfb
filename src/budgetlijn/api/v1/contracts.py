"""GET /api/v1/contracts/ and /contracts/{id}/ (with every version of the contract and its
status), through ``access.queries.contracts_for``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from budgetlijn.access import queries
from budgetlijn.api.problems import problem_responses
from budgetlijn.api.v1.common import MAX_ID, PK, Filters, ReachDetail, ReachList, filter_parameters
from budgetlijn.contracts.constants import ContractStatus


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
        operation_id="contracts_list",
        summary=_("Overeenkomsten"),
        description=_("Elke versie van elke overeenkomst die u kunt inkijken."),
        parameters=filter_parameters(ContractFilters),
        responses={200: ContractSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Overeenkomst", value=EXAMPLE, response_only=True)],
        tags=["overeenkomsten"],
    )
)
class ContractList(ContractMixin, ReachList):
    serializer_class = ContractSerializer


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
        contract = self.get_object()
        # The versions of the budget's contracts in reach (one query), chained in memory.
        rows = {
            row.pk: row
            for row in self.reachable()
            .filter(budget_id=contract.budget_id)
            .only(*(f for f in VersionSerializer().fields), "previous_id")
        }
        following = {row.previous_id: row for row in rows.values() if row.previous_id}
        first = contract
        while first.previous_id in rows:
            first = rows[first.previous_id]
        versions = [first]
        while versions[-1].pk in following:
            versions.append(following[versions[-1].pk])
        contract.versions = versions
        return Response(self.get_serializer(contract).data)
