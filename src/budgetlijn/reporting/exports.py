"""The report as CSV and XLSX files, with Dutch headers.

CSV is made for Belgian Excel: UTF-8 with a byte order mark (so accents survive), ';' between
fields and a decimal comma (docs/decisions/0008-statistics.md). The table only: the first row
holds the headers, the last row the column totals. XLSX holds the same table with numbers as
numbers, and a second sheet "Toelichting" with the period, the definitions and the suppression.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from budgetlijn.reporting import labels
from budgetlijn.reporting.constants import DEFINITIONS, Basis, Dimension, Measure
from budgetlijn.reporting.report import Cell, Report

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# Dutch words in file names.
FILE_BASIS = {Basis.MADE_AVAILABLE: "ter-beschikking", Basis.HOLDING: "lopend"}
FILE_MEASURE = {
    Measure.PERSONS: "personen",
    Measure.BUDGETS: "budgetten",
    Measure.ALLOCATED: "jaarbedrag",
    Measure.ENTITLED: "jaarbudget",
    Measure.SPENT: "betaald",
    Measure.REMAINING: "beschikbaar",
}


def header_row(report: Report) -> list[str]:
    first = capfirst(str(Dimension(report.query.rows).label))
    return [first, *[column.label for column in report.columns], _("Totaal")]


def _csv_value(report: Report, cell: Cell) -> str:
    if cell.suppressed:
        return report.display(cell)
    if isinstance(cell.value, Decimal):
        return f"{cell.value:.2f}".replace(".", ",")
    return str(cell.value)


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header_row(report))
    for row, cells, total in report.matrix():
        writer.writerow(
            [row.label, *[_csv_value(report, c) for c in cells], _csv_value(report, total)]
        )
    writer.writerow(
        [
            _("Totaal"),
            *[_csv_value(report, cell) for cell in report.column_total_cells],
            _csv_value(report, report.total),
        ]
    )
    return BOM + out.getvalue()


def _xlsx_value(report: Report, cell: Cell):
    if cell.suppressed:
        return report.display(cell)
    return cell.value


def _summary_text(report: Report, name: str) -> str:
    """A summary figure as in the CSV: plain digits, a decimal comma, or the mark."""
    value = report.summary.shown(name)
    if value is None:
        return report.summary_display(name)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def explanation(report: Report) -> list[tuple[str, str]]:
    """The "Toelichting": what the table shows, in Dutch."""
    query = report.query
    basis_definition = DEFINITIONS[query.basis]
    lines = [
        (_("Onderwerp"), labels.report_title(query)),
        (_("Soort budget"), labels.kind_text(query)),
        (_("Welke budgetten"), str(Basis(query.basis).label)),
        (
            _("Periode"),
            _("%(start)s tot en met %(end)s")
            % {
                "start": labels.day(query.date_from),
                "end": labels.day(query.date_to),
            },
        ),
        (_("Peildatum"), labels.day(query.as_of)),
        (_("Cijfer"), str(Measure(query.measure).label)),
        (_("Definitie van de budgetten"), str(basis_definition)),
        (_("Definitie van het cijfer"), str(DEFINITIONS[query.measure])),
        (_("Provincie"), _("De provincie van het huidige adres van de persoon met een handicap.")),
        (_("Personen in totaal"), _summary_text(report, "persons")),
        (_("Budgetten in totaal"), _summary_text(report, "budgets")),
        (_("Toegekend jaarbedrag in totaal (EUR)"), _summary_text(report, "allocated")),
    ]
    if query.suppress:
        lines.append(
            (
                _("Afscherming"),
                _(
                    "'< %(threshold)s': minder dan %(threshold)s personen. 'x': weggelaten zodat "
                    "een kleine cel niet uit de totalen af te leiden is. Wat getoond wordt, is exact."
                )
                % {"threshold": query.threshold},
            )
        )
    lines += [(_("Opmerking"), note) for note in report.notes]
    lines += [
        (_("Bron"), _("Budgetlijn, uit dezelfde gegevens waarmee de budgetten betaald worden.")),
        (_("Aangemaakt op"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]
    return lines


def to_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistiek")
    sheet.append(header_row(report))
    for row, cells, total in report.matrix():
        sheet.append(
            [row.label, *[_xlsx_value(report, c) for c in cells], _xlsx_value(report, total)]
        )
    sheet.append(
        [
            _("Totaal"),
            *[_xlsx_value(report, cell) for cell in report.column_total_cells],
            _xlsx_value(report, report.total),
        ]
    )
    bold = Font(bold=True)
    number_format = "#,##0" if report.is_count else "#,##0.00"
    last_row = sheet.max_row
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        line[0].font = bold if line[0].row == last_row else Font()
        for cell in line[1:]:
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = number_format
            else:
                cell.alignment = Alignment(horizontal="right")
            if cell.row == last_row or cell.column == sheet.max_column:
                cell.font = bold
    sheet.column_dimensions["A"].width = 55
    for index in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "B2"

    notes = workbook.create_sheet(_("Toelichting"))
    for name, text in explanation(report):
        notes.append([name, text])
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["B"].width = 110
    for line in notes.iter_rows():
        line[0].font = bold
        line[1].alignment = Alignment(wrap_text=True, vertical="top")

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(report: Report, extension: str) -> str:
    query = report.query
    parts = [
        "statistiek",
        query.kind.lower() or "alle",
        FILE_BASIS[query.basis],
        query.date_from.isoformat(),
        query.date_to.isoformat(),
        FILE_MEASURE[query.measure],
    ]
    if query.suppress:
        parts.append(f"afgeschermd-{query.threshold}")
    return slugify("-".join(parts)) + f".{extension}"
