"""GET /api/v1/budgets/, /budgets/{id}/ and /budgets/{id}/lijn/{year}/ (the budget line of a
budget year, ``costs.selectors.budget_line_overview``)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.access import queries
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, problem_responses
from budgetlijn.api.v1.common import MAX_ID, PK, Filters, ReachDetail, ReachList, filter_parameters
from budgetlijn.costs.selectors import budget_line_overview
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR


class BudgetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    dossier = serializers.IntegerField(source="person_id", help_text=_("Het dossier (persoon)."))
    kind = serializers.ChoiceField(choices=BudgetKind.choices, help_text=_("Soort budget."))
    category = serializers.CharField(help_text=_("Budgetcategorie."))
    band = serializers.IntegerField(allow_null=True, help_text=_("Zorgzwaarte (PAB)."))
    status = serializers.ChoiceField(choices=BudgetStatus.choices, help_text=_("Toestand."))
    allocated_on = serializers.DateField(help_text=_("Datum van de toekenningsbrief."))
    started_on = serializers.DateField(allow_null=True, help_text=_("Opgestart op."))
    years = serializers.SerializerMethodField(
        help_text=_("De budgetjaren met een budgetlijn (zie /budgets/{id}/lijn/{year}/).")
    )

    def get_years(self, budget) -> list[int]:
        return budget.line_years


class BudgetFilters(Filters):
    kind = serializers.ChoiceField(
        choices=BudgetKind.choices, required=False, help_text=_("Soort budget.")
    )
    status = serializers.ChoiceField(
        choices=BudgetStatus.choices, required=False, help_text=_("Toestand van het budget.")
    )
    dossier = serializers.IntegerField(
        source="person_id",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Enkel dit dossier."),
    )


EXAMPLE = {
    "id": 31,
    "dossier": 12,
    "kind": "PAB",
    "category": "II",
    "band": 2,
    "status": "STARTED",
    "allocated_on": "2022-12-01",
    "started_on": "2023-01-01",
    "years": [2023, 2024],
}


class BudgetMixin:
    reach_fn = queries.budgets_for
    serializer_class = BudgetSerializer
    filters = BudgetFilters

    def get_serializer(self, *args, **kwargs):
        # The budget years of the page (or the one budget) in one query.
        budgets = args[0] if args else []
        budgets = budgets if kwargs.get("many") else [budgets]
        years: dict[int, list[int]] = {budget.pk: [] for budget in budgets}
        rows = (
            queries.budget_year_balances_for(self.request.user)
            .filter(budget_id__in=list(years))
            .order_by("year")
            .values_list("budget_id", "year")
        )
        for budget_id, year in rows:
            years[budget_id].append(year)
        for budget in budgets:
            budget.line_years = years[budget.pk]
        return super().get_serializer(*args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        operation_id="budgets_list",
        summary=_("Mijn budgetten"),
        parameters=filter_parameters(BudgetFilters),
        responses={200: BudgetSerializer(many=True), **problem_responses(400, 401, 404, 429)},
        examples=[OpenApiExample("Budget", value=EXAMPLE, response_only=True)],
        tags=["budgetten"],
    )
)
class BudgetList(BudgetMixin, ReachList):
    pass


@extend_schema_view(
    get=extend_schema(
        operation_id="budgets_retrieve",
        parameters=[PK],
        summary=_("Eén budget"),
        responses={200: BudgetSerializer, **problem_responses(401, 404, 429)},
        examples=[OpenApiExample("Budget", value=EXAMPLE, response_only=True)],
        tags=["budgetten"],
    )
)
class BudgetDetail(BudgetMixin, ReachDetail):
    pass


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class BudgetLineSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    year = serializers.IntegerField()
    yearly_amount = _money(help_text=_("Jaarbudget (toekenning, pro rata, met aanpassingen)."))
    year_end_premium = _money(help_text=_("Eindejaarspremie waarmee de lijn steeg (R28)."))
    via_room = _money(help_text=_("VIA4-ruimte: 7 % van het jaarbudget van een PAB (R27)."))
    via_used = _money(help_text=_("Gebruikte VIA4-ruimte."))
    via_left = _money(help_text=_("Resterende VIA4-ruimte."))
    committed = _money(help_text=_("Aanvaard, nog niet betaald."))
    reimbursed = _money(
        help_text=_(
            "Aanvaarde kosten die betaald zijn, min wat teruggevorderd werd voor kosten die niet "
            "bewezen werden bij een steekproef (R31)."
        )
    )
    free_share = _money(help_text=_("Uitbetaald vrij besteedbaar deel."))
    vouchers = _money(help_text=_("Betaalde dienstencheques."))
    remaining = _money(help_text=_("Wat de budgetlijn nog opneemt (VIA4-ruimte apart)."))
    credit_remaining = _money(help_text=_("Creditnota's nog niet verrekend."))
    own = _money(help_text=_("Eigen deel van de budgethouder in de kostenlijnen van dit jaar."))
    waiting = _money(help_text=_("Kostenlijnen die wachten op een overeenkomst of het agentschap."))


LINE_FIELDS = [name for name in BudgetLineSerializer().fields if name not in ("budget", "year")]


class BudgetLineView(APIView):
    """De budgetlijn van een budgetjaar."""

    @extend_schema(
        operation_id="budgets_line_retrieve",
        parameters=[
            PK,
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 0},
                OpenApiParameter.PATH,
                description="Het budgetjaar.",
            ),
        ],
        summary=_("Budgetlijn van een jaar"),
        description=_(
            "Jaarbudget, eindejaarspremie, VIA4-ruimte, vastgelegd, betaald en wat overblijft, "
            "voor één budgetjaar (R26-R28). Bedragen in EUR als tekst met twee decimalen."
        ),
        responses={200: BudgetLineSerializer, **problem_responses(401, 404, 429)},
        examples=[
            OpenApiExample(
                "Budgetlijn 2023",
                value={
                    "budget": 31,
                    "year": 2023,
                    "yearly_amount": "20000.00",
                    "year_end_premium": "0.00",
                    "via_room": "1400.00",
                    "via_used": "0.00",
                    "via_left": "1400.00",
                    "committed": "1500.00",
                    "reimbursed": "0.00",
                    "free_share": "0.00",
                    "vouchers": "0.00",
                    "remaining": "18500.00",
                    "credit_remaining": "0.00",
                    "own": "0.00",
                    "waiting": "0.00",
                },
                response_only=True,
            )
        ],
        tags=["budgetten"],
    )
    def get(self, request, pk: int, year: int):
        budget = queries.get_or_404(queries.budgets_for, request.user, pk)
        balances = queries.budget_year_balances_for(request.user)
        if not (
            MIN_YEAR <= year <= MAX_YEAR
            and balances.filter(budget_id=budget.pk, year=year).exists()
        ):
            raise Problem(
                404,
                ErrorCode.YEAR_NOT_FOUND,
                gettext(
                    "Dit budget heeft geen budgetlijn voor %(year)s: het jaar is niet geopend "
                    "of het budget liep dat jaar niet. Zie 'years' bij het budget."
                )
                % {"year": year},
            )
        overview = budget_line_overview(budget, year)
        data = {"budget": budget.pk, "year": year}
        data |= {name: getattr(overview, name) for name in LINE_FIELDS}
        return Response(BudgetLineSerializer(data).data)
