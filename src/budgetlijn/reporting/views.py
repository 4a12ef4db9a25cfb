"""The statistics page and its CSV and XLSX exports (aggregates only).

Access: the permission ``reporting.view_statistics`` (group "Analisten", agency staff given it,
superusers). Anonymous users go to the login page; a user without it gets 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from budgetlijn.reporting import exports, labels
from budgetlijn.reporting.access import PERMISSION
from budgetlijn.reporting.chart import bar_chart
from budgetlijn.reporting.constants import DEFINITIONS, Basis, Dimension, Measure
from budgetlijn.reporting.forms import ReportForm, query_from_params, query_params
from budgetlijn.reporting.selectors import build_report

# The report of seed 000 (parliamentary question 969), as an example link on the page.
EXAMPLE_PARAMS = {"kind": "CONVENANT", "year": "2022", "measure": "persons"}


class StatisticsAccess(PermissionRequiredMixin):
    permission_required = PERMISSION
    # Anonymous: to the login page; logged in without the permission: 403.
    raise_exception = False


class StatisticsView(StatisticsAccess, TemplateView):
    template_name = "reporting/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, form = query_from_params(self.request.GET)
        context["form"] = form
        context["definitions"] = [
            (Basis(key).label if key in Basis.values else Measure(key).label, text)
            for key, text in DEFINITIONS.items()
        ]
        context["example_url"] = f"{reverse('reporting:statistics')}?{urlencode(EXAMPLE_PARAMS)}"
        if query is None:
            return context
        report = build_report(query)
        params = urlencode(query_params(query))
        context.update(
            form=ReportForm(initial=query_params(query)),
            query=query,
            report=report,
            title=labels.report_title(query),
            chart=bar_chart(report),
            csv_url=f"{reverse('reporting:export_csv')}?{params}",
            xlsx_url=f"{reverse('reporting:export_xlsx')}?{params}",
            api_url=f"{reverse('api:v1:statistics')}?{params}",
            dimension_label=capfirst(str(Dimension(query.rows).label)),
            rows=[
                (row, [report.display(cell) for cell in cells], report.display(total))
                for row, cells, total in report.matrix()
            ],
            column_totals=[report.display(cell) for cell in report.column_total_cells],
            grand_total=report.display(report.total),
            summary_persons=report.summary_display("persons"),
            summary_budgets=report.summary_display("budgets"),
            summary_allocated=report.summary_display("allocated"),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context.get("report") is None:
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


class ExportView(StatisticsAccess, View):
    extension = ""

    def get(self, request, *args, **kwargs):
        query, form = query_from_params(request.GET)
        if query is None:
            errors = "; ".join(
                f"{form.fields[name].label if name in form.fields else _('Vraag')}: {' '.join(messages)}"
                for name, messages in form.errors.items()
            )
            return HttpResponse(
                _("De vraag is niet geldig. %(errors)s") % {"errors": errors},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        report = build_report(query)
        response = self.render(report)
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename(report, self.extension)}"'
        )
        return response

    def render(self, report) -> HttpResponse:  # pragma: no cover - overridden
        raise NotImplementedError


class CsvExportView(ExportView):
    extension = "csv"

    def render(self, report) -> HttpResponse:
        return HttpResponse(
            exports.to_csv(report).encode("utf-8"), content_type=exports.CSV_CONTENT_TYPE
        )


class XlsxExportView(ExportView):
    extension = "xlsx"

    def render(self, report) -> HttpResponse:
        return HttpResponse(exports.to_xlsx(report), content_type=exports.XLSX_CONTENT_TYPE)
