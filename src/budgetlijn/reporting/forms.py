"""The report's parameters, from a query string (page, exports and API use the same form)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.reporting.constants import (
    DEFAULT_THRESHOLD,
    MAX_PERIOD_YEARS,
    MAX_THRESHOLD,
    MAX_YEAR,
    MIN_THRESHOLD,
    MIN_YEAR,
    Basis,
    Dimension,
    ErrorCode,
    Measure,
)
from budgetlijn.reporting.report import ReportQuery

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The bounds of every date of a report: those of the year (MIN_YEAR-MAX_YEAR).
MIN_DATE = date(MIN_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)


def repeated_message(name: str) -> str:
    return _(
        "De parameter '%(name)s' staat meer dan één keer in de vraag; geef hem één keer op."
    ) % {"name": name}


class BoundedDateField(forms.DateField):
    """A date from MIN_DATE to MAX_DATE (the years the form accepts)."""

    bounds = (MIN_DATE, MAX_DATE)

    default_error_messages = {
        ErrorCode.OUT_OF_RANGE: _("Kies een datum van %(start)s tot en met %(end)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not (MIN_DATE <= value <= MAX_DATE):
            raise forms.ValidationError(
                self.error_messages[ErrorCode.OUT_OF_RANGE],
                code=ErrorCode.OUT_OF_RANGE,
                params={
                    "start": MIN_DATE.strftime("%d/%m/%Y"),
                    "end": MAX_DATE.strftime("%d/%m/%Y"),
                },
            )


class ReportForm(forms.Form):
    """Query parameters: kind, basis, year or from/to, as_of, rows, columns, measure,
    suppress, threshold. Field names are the query-string names of page, exports and API."""

    kind = forms.ChoiceField(
        label=_("Soort budget"),
        choices=[("", _("alle soorten"))] + list(BudgetKind.choices),
        required=False,
        help_text=_("PVB, PAB of persoonsvolgend convenant; leeg voor alle soorten samen."),
    )
    basis = forms.ChoiceField(
        label=_("Welke budgetten"),
        choices=Basis.choices,
        required=False,
        help_text=_(
            "Ter beschikking gesteld in de periode (datum van de toekenningsbrief), of lopend "
            "op de peildatum (opgestart en nog niet beëindigd)."
        ),
    )
    year = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Het hele kalenderjaar, als u geen begin- en einddatum invult."),
    )
    measure = forms.ChoiceField(
        label=_("Cijfer"),
        choices=Measure.choices,
        required=False,
        help_text=_("Wat de cellen tonen."),
    )
    rows = forms.ChoiceField(
        label=_("Rijen"),
        choices=Dimension.choices,
        required=False,
        help_text=_("Indeling van de rijen."),
    )
    columns = forms.ChoiceField(
        label=_("Kolommen"),
        choices=Dimension.choices,
        required=False,
        help_text=_("Indeling van de kolommen."),
    )
    suppress = forms.BooleanField(
        label=_("Kleine cellen afschermen (voor publicatie)"),
        required=False,
        help_text=_(
            "Cellen met minder personen dan de drempel worden niet getoond, en zo nodig nog "
            "andere cellen, zodat ze niet uit de totalen af te leiden zijn."
        ),
    )
    threshold = forms.IntegerField(
        label=_("Drempel (aantal personen)"),
        required=False,
        min_value=MIN_THRESHOLD,
        max_value=MAX_THRESHOLD,
        help_text=_("Standaard 5: een cel met 1 tot 4 personen wordt afgeschermd."),
    )

    def __init__(self, data=None, *args, today: date | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        # "from" is a Python keyword: these fields are added by name.
        self.fields["from"] = BoundedDateField(
            label=_("Van"),
            required=False,
            widget=DATE_INPUT,
            help_text=_("Eerste dag van de periode (JJJJ-MM-DD), inbegrepen."),
        )
        self.fields["to"] = BoundedDateField(
            label=_("Tot en met"),
            required=False,
            widget=DATE_INPUT,
            help_text=_("Laatste dag van de periode (JJJJ-MM-DD), inbegrepen."),
        )
        self.fields["as_of"] = BoundedDateField(
            label=_("Peildatum"),
            required=False,
            widget=DATE_INPUT,
            help_text=_(
                "De dag waarop de toestand gelezen wordt; standaard vandaag. Wat na die dag "
                "gebeurde, telt niet mee."
            ),
        )
        self.order_fields(
            ["kind", "basis", "year", "from", "to", "as_of", "measure", "rows", "columns"]
        )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return
        # A parameter given twice is an error, not "the last one wins" (a QueryDict keeps both).
        for name in self.fields:
            if len(self.data.getlist(name)) > 1:
                self.add_error(
                    name, forms.ValidationError(repeated_message(name), code=ErrorCode.REPEATED)
                )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        given = {name for name in ("from", "to") if self.data.get(name)}
        if len(given) == 1 and not self.has_error("from") and not self.has_error("to"):
            raise forms.ValidationError(
                _(
                    "Vul zowel de begindatum als de einddatum in, of geen van beide (dan telt het jaar)."
                ),
                code=ErrorCode.PERIOD_INCOMPLETE,
            )
        if start and end and end < start:
            self.add_error(
                "to",
                forms.ValidationError(
                    _("De einddatum ligt vóór de begindatum."), code=ErrorCode.PERIOD_REVERSED
                ),
            )
        elif start and end and end.year - start.year >= MAX_PERIOD_YEARS:
            self.add_error(
                "to",
                forms.ValidationError(
                    _("Kies een periode van hoogstens %(years)s kalenderjaren."),
                    code=ErrorCode.PERIOD_TOO_LONG,
                    params={"years": MAX_PERIOD_YEARS},
                ),
            )
        rows = data.get("rows") or Dimension.CATEGORY
        columns = data.get("columns") or Dimension.PROVINCE
        if rows == columns:
            self.add_error(
                "columns",
                forms.ValidationError(
                    _("Kies voor de rijen en de kolommen een verschillende indeling."),
                    code=ErrorCode.SAME_DIMENSION,
                ),
            )
        return data

    def to_query(self) -> ReportQuery:
        """The validated parameters with their defaults (call after is_valid())."""
        data = self.cleaned_data
        start, end = data.get("from"), data.get("to")
        if start is None:
            year = data.get("year") or self.today.year
            start, end = date(year, 1, 1), date(year, 12, 31)
        threshold = data.get("threshold")
        return ReportQuery(
            date_from=start,
            date_to=end,
            as_of=data.get("as_of") or self.today,
            kind=data.get("kind") or "",
            basis=data.get("basis") or Basis.MADE_AVAILABLE,
            rows=data.get("rows") or Dimension.CATEGORY,
            columns=data.get("columns") or Dimension.PROVINCE,
            measure=data.get("measure") or Measure.PERSONS,
            suppress=bool(data.get("suppress")),
            threshold=threshold if threshold is not None else DEFAULT_THRESHOLD,
        )


def query_from_params(params, today: date | None = None) -> tuple[ReportQuery | None, ReportForm]:
    """The report asked for in ``params`` (a QueryDict or dict; empty: the defaults), or None
    and the form with its errors."""
    form = ReportForm(params if params is not None else {}, today=today)
    if not form.is_valid():
        return None, form
    return form.to_query(), form


def is_whole_year(query: ReportQuery) -> bool:
    return (
        query.date_from.year == query.date_to.year
        and (query.date_from.month, query.date_from.day) == (1, 1)
        and (query.date_to.month, query.date_to.day) == (12, 31)
    )


def query_params(query: ReportQuery) -> dict[str, str]:
    """The query string of a report (for links to exports and the API, and the form)."""
    params = {"kind": query.kind, "basis": query.basis}
    if is_whole_year(query):
        params["year"] = str(query.date_from.year)
    else:
        params["from"] = query.date_from.isoformat()
        params["to"] = query.date_to.isoformat()
    params.update(
        as_of=query.as_of.isoformat(),
        measure=query.measure,
        rows=query.rows,
        columns=query.columns,
    )
    if query.suppress:
        params.update(suppress="1", threshold=str(query.threshold))
    return {name: value for name, value in params.items() if value != ""}
