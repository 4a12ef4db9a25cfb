"""GET /api/v1/statistieken/: the statistics report as JSON (aggregates only).

Same parameters, definitions, permission and suppression as the portal page
(``budgetlijn.reporting``). Counts are integers; amounts are strings with two decimals
("6639567.00"), so no cent is lost in a float.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.api.permissions import CanViewStatistics
from budgetlijn.api.problems import (
    INVALID_DETAIL,
    PROBLEM_JSON,
    ProblemSerializer,
    problem_responses,
)
from budgetlijn.api.schema import form_parameters
from budgetlijn.reporting import labels
from budgetlijn.reporting.constants import DEFINITIONS, Basis, Measure
from budgetlijn.reporting.forms import ReportForm, query_from_params
from budgetlijn.reporting.report import Cell, Report
from budgetlijn.reporting.selectors import build_report
from budgetlijn.security.api_auth import AUTHENTICATION_CLASSES


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string", "format": "decimal"}],
        "nullable": True,
        "description": "Aantal (geheel getal) of bedrag in EUR (tekst met twee decimalen); "
        "null als de cel afgeschermd is.",
    }
)
class MeasureValueField(serializers.Field):
    def to_representation(self, value):
        if value is None:
            return None
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return int(value)


class CellSerializer(serializers.Serializer):
    value = MeasureValueField(help_text=_("De waarde; null als de cel afgeschermd is."))
    display = serializers.CharField(
        help_text=_("De waarde zoals in de tabel: '< 5' of 'x' als ze afgeschermd is.")
    )
    suppressed = serializers.ChoiceField(
        choices=["", "primary", "secondary"],
        help_text=_(
            "'' niet afgeschermd; 'primary' minder personen dan de drempel; 'secondary' "
            "afgeschermd zodat een kleine cel niet uit de totalen af te leiden is."
        ),
    )


class ColumnCellSerializer(CellSerializer):
    column = serializers.CharField(help_text=_("Sleutel van de kolom."))


class HeaderSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Sleutel (code)."))
    label = serializers.CharField(help_text=_("Naam in het Nederlands."))


class RowSerializer(HeaderSerializer):
    cells = ColumnCellSerializer(
        many=True, help_text=_("De cellen, in de volgorde van de kolommen.")
    )
    total = CellSerializer(help_text=_("Het totaal van de rij."))


class QuerySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("Soort budget; leeg voor alle soorten."))
    basis = serializers.CharField(help_text=_("Welke budgetten geteld worden."))
    as_of = serializers.DateField(help_text=_("Peildatum."))
    measure = serializers.CharField(help_text=_("Het cijfer in de cellen."))
    rows = serializers.CharField(help_text=_("Indeling van de rijen."))
    columns = serializers.CharField(help_text=_("Indeling van de kolommen."))
    suppress = serializers.BooleanField(help_text=_("Kleine cellen afgeschermd."))
    threshold = serializers.IntegerField(help_text=_("Drempel van de afscherming (personen)."))

    def get_fields(self):
        fields = super().get_fields()
        # "from" and "to", as in the query string ("from" is a Python keyword).
        fields["from"] = serializers.DateField(help_text=_("Eerste dag van de periode."))
        fields["to"] = serializers.DateField(help_text=_("Laatste dag van de periode."))
        return fields


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField(help_text=_("Wat het cijfer betekent."))


class SummarySerializer(serializers.Serializer):
    persons = serializers.IntegerField(
        allow_null=True, help_text=_("Personen in totaal (elk één keer); null als afgeschermd.")
    )
    budgets = serializers.IntegerField(
        allow_null=True, help_text=_("Budgetten in totaal; null als afgeschermd.")
    )
    allocated = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        allow_null=True,
        help_text=_("Toegekend jaarbedrag in totaal (EUR); null als afgeschermd."),
    )
    without_amount = serializers.IntegerField(
        allow_null=True,
        help_text=_("Budgetten zonder gekend jaarbedrag voor dat jaar; null als afgeschermd."),
    )
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "De afgeschermde kerncijfers: met afscherming alle kerncijfers van minder personen "
            "dan de drempel, en het kerncijfer dat een afgeschermd eindtotaal herhaalt."
        ),
    )


class SuppressionSerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    primary = serializers.IntegerField(help_text=_("Cellen met minder personen dan de drempel."))
    secondary = serializers.IntegerField(help_text=_("Cellen afgeschermd om die te beschermen."))


class StatisticsSerializer(serializers.Serializer):
    title = serializers.CharField()
    query = QuerySerializer()
    basis_definition = serializers.CharField(help_text=_("Welke budgetten geteld worden."))
    measure = MeasureSerializer()
    columns = HeaderSerializer(many=True)
    rows = RowSerializer(many=True)
    column_totals = ColumnCellSerializer(many=True)
    total = CellSerializer()
    summary = SummarySerializer()
    suppression = SuppressionSerializer(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


SUMMARY_FIGURES = ("persons", "budgets", "allocated", "without_amount")

ERRORS_400 = _(
    "De vraag is niet geldig (problem details): in 'errors' per parameter de fouten, in het Nederlands (bijvoorbeeld een "
    "onbekende keuze, een einddatum vóór de begindatum, een jaar of datum buiten 2000-2099, een "
    "drempel buiten 2-100, of een parameter die meer dan één keer in de vraag staat: die wordt "
    "geweigerd, niet de laatste genomen). Fouten over de vraag als geheel hebben "
    "'field' null."
)


def _cell(report: Report, cell: Cell, **extra) -> dict:
    return {
        **extra,
        "value": cell.shown,
        "display": report.display(cell),
        "suppressed": cell.suppressed,
    }


def report_data(report: Report) -> dict:
    query = report.query
    return {
        "title": labels.report_title(query),
        "query": {
            "kind": query.kind,
            "basis": query.basis,
            "from": query.date_from,
            "to": query.date_to,
            "as_of": query.as_of,
            "measure": query.measure,
            "rows": query.rows,
            "columns": query.columns,
            "suppress": query.suppress,
            "threshold": query.threshold,
        },
        "basis_definition": str(DEFINITIONS[Basis(query.basis)]),
        "measure": {
            "code": query.measure,
            "label": str(Measure(query.measure).label),
            "definition": str(DEFINITIONS[Measure(query.measure)]),
        },
        "columns": [{"key": c.key, "label": c.label} for c in report.columns],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": [
                    _cell(report, cell, column=column.key)
                    for column, cell in zip(report.columns, cells, strict=True)
                ],
                "total": _cell(report, total),
            }
            for row, cells, total in report.matrix()
        ],
        "column_totals": [
            _cell(report, cell, column=column.key)
            for column, cell in zip(report.columns, report.column_total_cells, strict=True)
        ],
        "total": _cell(report, report.total),
        "summary": {
            **{name: report.summary.shown(name) for name in SUMMARY_FIGURES},
            "suppressed": [name for name in SUMMARY_FIGURES if name in report.summary.suppressed],
        },
        "suppression": (
            {
                "threshold": query.threshold,
                "primary": report.primary_suppressed,
                "secondary": report.secondary_suppressed,
            }
            if query.suppress
            else None
        ),
        "notes": report.notes,
    }


class StatisticsView(APIView):
    """Statistieken: aantallen en bedragen per provincie, soort budget, budgetcategorie en
    periode (R38). Enkel totalen; met `suppress=true` worden kleine cellen afgeschermd."""

    # Basic first: an anonymous call gets 401 with a WWW-Authenticate header.
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [CanViewStatistics]

    @extend_schema(
        operation_id="statistics_retrieve",
        summary=_("Statistieken (enkel totalen)"),
        description=_(
            "Aantallen (personen, budgetten) en bedragen (toegekend jaarbedrag, geboekt "
            "jaarbudget, betaald, nog beschikbaar) per budgetcategorie, provincie of soort, "
            "voor een jaar of periode en een peildatum, met totalen per rij en kolom. "
            "Voorbeeld (parlementaire vraag nr. 969): "
            "?kind=CONVENANT&from=2022-01-01&to=2022-12-31&measure=persons"
        ),
        parameters=form_parameters(ReportForm()),
        responses={
            200: StatisticsSerializer,
            (400, PROBLEM_JSON): OpenApiResponse(
                response=ProblemSerializer,
                description=ERRORS_400,
                examples=[
                    OpenApiExample(
                        "Parameter twee keer",
                        value={
                            "type": "urn:budgetlijn:problem:api_invalid",
                            "title": "Ongeldige vraag",
                            "status": 400,
                            "detail": str(INVALID_DETAIL),
                            "code": "api_invalid",
                            "instance": "/api/v1/statistieken/",
                            "errors": [
                                {
                                    "field": "year",
                                    "code": "invalid",
                                    "message": "De parameter 'year' staat meer dan één keer in "
                                    "de vraag; geef hem één keer op.",
                                }
                            ],
                        },
                    )
                ],
            ),
            **problem_responses(401, 403, 429, s403=_("Geen toegang tot de statistieken.")),
        },
        tags=["statistieken"],
    )
    def get(self, request, *args, **kwargs):
        query, form = query_from_params(request.query_params)
        if query is None:
            errors = form.errors.get_json_data()
            detail = {
                ("non_field_errors" if name == "__all__" else name): [e["message"] for e in items]
                for name, items in errors.items()
            }
            raise ValidationError(detail)
        return Response(StatisticsSerializer(report_data(build_report(query))).data)
