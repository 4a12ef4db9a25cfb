"""Cost files for organisations' software (bulk submission): POST /api/v1/kostenbestanden/
(multipart, an .xlsx or .csv file in the template's columns, as the admin's upload and the
``import_costs`` command take it) checks the file and answers the report, every bad row with its
row, column and Dutch reason; POST /api/v1/kostenbestanden/{id}/boeken/ books it (all rows, or
with ``only_valid_rows`` the good ones); GET /api/v1/kostenbestanden/{id}/ reads the report.

The file goes through ``costs.imports.check_file`` and ``book_file``; every statement in it must
be for a budget on which the caller may file costs (``access.queries.budgets_for(user,
FILE_COSTS)``), else its rows are bad rows (with the message of a budget that does not exist:
no probing) and are never booked; booking checks that again. The same file twice by the same
caller books nothing twice (the file's SHA-256, per filer); another caller's copy of the same
bytes is their own file, and booking it books none of the statements those bytes filed already
(``booking.already_filed``; docs/decisions/0016-cost-statements.md, addendum). Statements filed
by organisation staff leave an act under the mandate of each dossier (``MandateAct``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error, problem_responses
from budgetlijn.api.v1.common import PK, mandate_for
from budgetlijn.assistance import services as assistance_services
from budgetlijn.assistance.constants import ACTION_RIGHTS, MandateAction
from budgetlijn.assistance.selectors import active_mandates, organisations_of
from budgetlijn.costs import fileformat, imports
from budgetlijn.costs.constants import FiledByRole, ImportStatus, Outcome


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text=_("Rij in het bestand (de kop is rij 1; 0: het bestand).")
    )
    column = serializers.CharField(allow_null=True, help_text=_("Kolom van het sjabloon."))
    code = serializers.CharField(help_text=_("Stabiele foutcode."))
    message = serializers.CharField(help_text=_("Wat er mis is en wat te doen, in het Nederlands."))


class BookingSerializer(serializers.Serializer):
    statements = serializers.IntegerField(help_text=_("Aantal geboekte kostenstaten."))
    already_filed = serializers.IntegerField(
        help_text=_(
            "Kostenstaten die hetzelfde bestand al had ingediend (ook door een andere indiener): "
            "niet opnieuw geboekt."
        )
    )
    outcomes = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Aantal kostenlijnen per beslissing.")
    )
    accepted = _money(help_text=_("Aanvaard bedrag (EUR)."))
    own = _money(help_text=_("Eigen deel van de budgethouders (EUR)."))


class CostFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    sha256 = serializers.CharField(help_text=_("Vingerafdruk van het bestand."))
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    filed_on = serializers.DateField(help_text=_("Ingediend op (bepaalt of kosten op tijd zijn)."))
    filed_by_role = serializers.ChoiceField(choices=FiledByRole.choices)
    organisation = serializers.CharField()
    row_count = serializers.IntegerField(help_text=_("Aantal rijen met gegevens."))
    valid_row_count = serializers.IntegerField(help_text=_("Aantal rijen zonder fout."))
    error_row_count = serializers.IntegerField(
        source="api_error_rows", help_text=_("Aantal rijen met een fout.")
    )
    errors = RowErrorSerializer(many=True, help_text=_("Elke fout van elke rij."))
    uploaded_at = serializers.DateTimeField()
    booked_at = serializers.DateTimeField(allow_null=True)
    statements = serializers.ListField(
        source="api_statements",
        child=serializers.IntegerField(),
        help_text=_("De geboekte kostenstaten (zie /api/v1/kostenstaten/{id}/)."),
    )
    booking = BookingSerializer(
        source="api_booking",
        allow_null=True,
        help_text=_("Wat het boeken gaf (enkel in het antwoord op het boeken)."),
    )


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "Een Excel-bestand (.xlsx) of CSV-bestand (UTF-8) in de kolommen van het sjabloon."
        )
    )


class BookSerializer(serializers.Serializer):
    only_valid_rows = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Boek enkel de goede rijen (standaard: het hele bestand, als het geen fouten heeft)."
        ),
    )


REPORT_EXAMPLE = {
    "id": 3,
    "filename": "kosten-maart.xlsx",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "status": "CHECKED",
    "status_label": "nagekeken, nog niet geboekt",
    "filed_on": "2026-12-03",
    "filed_by_role": "ASSISTANCE_ORGANISATION",
    "organisation": "Bijstandsorganisatie Onafhankelijk Leven",
    "row_count": 120,
    "valid_row_count": 119,
    "error_row_count": 1,
    "errors": [
        {
            "row": 14,
            "column": "bedrag",
            "code": "cost_file_amount_invalid",
            "message": "Geef een bedrag in euro, bv. 1500,00.",
        }
    ],
    "uploaded_at": "2026-12-03T10:15:00+01:00",
    "booked_at": None,
    "statements": [],
    "booking": None,
}
BOOKED_EXAMPLE = {
    **REPORT_EXAMPLE,
    "status": "BOOKED",
    "status_label": "geboekt",
    "booked_at": "2026-12-03T10:20:00+01:00",
    "statements": [55, 56, 57],
    "booking": {
        "statements": 3,
        "already_filed": 0,
        "outcomes": {"ACCEPTED": 118, "PARTLY_ACCEPTED": 0, "WAITING": 1, "REFUSED": 0},
        "accepted": "41250.00",
        "own": "0.00",
    },
}


def filing_as(user: Any) -> tuple[str, str]:
    """(role, organisation) a file of ``user`` is filed as: the agency with its permission, an
    organisation of theirs with an active mandate to file costs, else a holder. Who may file
    for which budget is decided per statement (``budgets_for(user, FILE_COSTS)``)."""
    if user.has_perm("costs.add_coststatement"):
        return FiledByRole.AGENCY, ""
    mandate = (
        active_mandates(
            on=timezone.localdate(),
            organisation_ids=organisations_of(user).values("pk"),
            right=ACTION_RIGHTS[MandateAction.COSTS_FILED],
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if mandate is not None:
        return FiledByRole.ASSISTANCE_ORGANISATION, mandate.organisation.name
    return FiledByRole.HOLDER, ""


def _data(user: Any, cost_import, booking: imports.ImportReport | None = None) -> dict:
    cost_import.api_error_rows = len({e["row"] for e in cost_import.errors if e.get("row")})
    cost_import.api_statements = list(
        queries.cost_statements_for(user)
        .filter(cost_import_id=cost_import.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    cost_import.api_booking = None
    if booking is not None and not booking.already_booked:
        cost_import.api_booking = {
            "statements": booking.statements,
            "already_filed": booking.already_filed,
            "outcomes": booking.outcomes or dict.fromkeys(Outcome.values, 0),
            "accepted": booking.accepted,
            "own": booking.own,
        }
    return CostFileSerializer(cost_import).data


class CostFileList(APIView):
    """Een kostenbestand nakijken."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cost_files_create",
        summary=_("Kostenbestand opladen en nakijken"),
        description=_(
            "Kijkt een kostenbestand (.xlsx of .csv in de kolommen van het sjabloon) na en "
            "boekt nog niets: het antwoord noemt elke foute rij met kolom en reden. Elke "
            "kostenstaat moet gelden voor een budget waarvoor u kosten mag indienen; de rijen "
            "van een ander budget zijn fouten en worden nooit geboekt. Hetzelfde bestand "
            "opnieuw opladen geeft uw eerder opgeladen bestand terug (200); al geboekt, dan "
            "wordt niets opnieuw geboekt. Een bestand is van wie het oplaadt: laadt iemand "
            "anders dezelfde inhoud op, dan krijgt die een eigen bestand (201)."
        ),
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: CostFileSerializer,
            200: CostFileSerializer,
            **problem_responses(
                400,
                401,
                415,
                429,
            ),
        },
        examples=[
            OpenApiExample(
                "Nagekeken", value=REPORT_EXAMPLE, response_only=True, status_codes=["201"]
            )
        ],
        tags=["kostenbestanden"],
    )
    def post(self, request):
        user = request.user
        upload = request.FILES.get("file")
        if upload is None or set(request.data) - {"file"}:
            errors = [
                field_error(
                    str(name),
                    ErrorCode.UNKNOWN_FIELD,
                    gettext("Dit veld bestaat niet. Laat het weg (zie de API-documentatie)."),
                )
                for name in sorted(set(request.data) - {"file"})
            ]
            if upload is None:
                errors.append(
                    field_error(
                        "file",
                        ErrorCode.INVALID,
                        gettext("Stuur het kostenbestand in het veld 'file' (multipart)."),
                    )
                )
            raise Problem(
                400,
                ErrorCode.INVALID,
                gettext("Het bestand is niet nagekeken: verbeter de velden in 'errors'."),
                errors=errors,
            )
        if upload.size > fileformat.MAX_FILE_BYTES:
            raise Problem(
                400,
                ErrorCode.INVALID,
                gettext(
                    "Dit bestand is te groot (meer dan %(mb)s MB). Verdeel de kostenlijnen over "
                    "meerdere bestanden."
                )
                % {"mb": fileformat.MAX_FILE_BYTES // (1024 * 1024)},
            )
        role, organisation = filing_as(user)
        report = imports.check_file(
            upload.read(),
            upload.name or "kosten",
            by=user,
            role=role,
            organisation=organisation,
            budgets=queries.budgets_for(user, action=Action.FILE_COSTS),
        )
        # The caller's own file (a file is its filer's: another filer's copy of the same bytes
        # is another file, never named here).
        cost_import = queries.cost_imports_for(user).get(pk=report.cost_import.pk)
        status = 200 if report.again else 201
        return Response(_data(user, cost_import), status=status)


class CostFileDetail(APIView):
    """Het verslag van een kostenbestand."""

    @extend_schema(
        operation_id="cost_files_retrieve",
        parameters=[PK],
        summary=_("Eén kostenbestand met zijn verslag"),
        responses={200: CostFileSerializer, **problem_responses(401, 404, 429)},
        examples=[OpenApiExample("Verslag", value=REPORT_EXAMPLE, response_only=True)],
        tags=["kostenbestanden"],
    )
    def get(self, request, pk: int):
        cost_import = queries.get_or_404(
            lambda user: queries.cost_imports_for(user).defer("content"), request.user, pk
        )
        return Response(_data(request.user, cost_import))


class CostFileBook(APIView):
    """Een nagekeken kostenbestand boeken."""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="cost_files_book",
        parameters=[PK],
        summary=_("Kostenbestand boeken"),
        description=_(
            "Boekt een nagekeken bestand: alle rijen als het geen fouten heeft, of met "
            "'only_valid_rows' enkel de goede rijen. Nog eens boeken boekt niets opnieuw (200 "
            "met 'booking' null). Een bestand met fouten zonder 'only_valid_rows' wordt "
            "geweigerd (422)."
        ),
        request=BookSerializer,
        responses={
            200: CostFileSerializer,
            **problem_responses(
                400,
                401,
                403,
                404,
                415,
                422,
                429,
                s403=_(
                    "U ziet dit bestand, maar boeken mag enkel wie het oplaadde (of het agentschap)."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Enkel de goede rijen", value={"only_valid_rows": True}, request_only=True
            ),
            OpenApiExample("Geboekt", value=BOOKED_EXAMPLE, response_only=True),
        ],
        tags=["kostenbestanden"],
    )
    def post(self, request, pk: int):
        user = request.user
        cost_import = queries.get_or_404(
            lambda user: queries.cost_imports_for(user).defer("content"), user, pk
        )
        # Seen but not theirs to book (an inspector): 403, before anything is read or booked.
        queries.require_cost_import(user, Action.FILE_COSTS, cost_import)
        data = request.data if isinstance(request.data, dict) else None
        if data is None or set(data) - {"only_valid_rows"}:
            raise Problem(
                400,
                ErrorCode.UNKNOWN_FIELD if data else ErrorCode.INVALID,
                gettext("Stuur een JSON-object met enkel 'only_valid_rows'."),
                errors=[
                    field_error(
                        str(name),
                        ErrorCode.UNKNOWN_FIELD,
                        gettext("Dit veld bestaat niet. Laat het weg (zie de API-documentatie)."),
                    )
                    for name in sorted(set(data or {}) - {"only_valid_rows"})
                ],
            )
        options = BookSerializer(data=data)
        options.is_valid(raise_exception=True)
        with transaction.atomic():
            report = imports.book_file(
                cost_import,
                by=user,
                only_valid_rows=options.validated_data["only_valid_rows"],
                budgets=queries.budgets_for(user, action=Action.FILE_COSTS),
            )
            if not report.already_booked:
                _record_acts(user, report.cost_import)
        cost_import = queries.cost_imports_for(user).defer("content").get(pk=cost_import.pk)
        return Response(_data(user, cost_import, report))


def _record_acts(user: Any, cost_import) -> None:
    """An act on each holder's record for each statement filed under a mandate."""
    statements = (
        queries.cost_statements_for(user)
        .filter(cost_import_id=cost_import.pk)
        .select_related("budget")
        .order_by("pk")
    )
    for statement in statements:
        mandate = mandate_for(user, statement.budget.person_id, MandateAction.COSTS_FILED)
        if mandate is None:
            continue
        assistance_services.record_act(
            mandate=mandate,
            user=user,
            action=MandateAction.COSTS_FILED,
            obj=statement,
            summary=gettext("Kostenstaat %(year)s ingediend via een kostenbestand (API)")
            % {"year": statement.year},
        )
