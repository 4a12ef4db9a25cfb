"""Settlements in the admin: read-only (a settlement, a reclaim, a sample check, a closed year and
a letter are records of what was decided), with the settlement letter and the heirs'
certificate to download as PDF. Settling, drawing samples and closing years go through the
services (management commands ``settle_budget``, ``sample_check``, ``close_budget_year``)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgetlijn.rules.money import format_eur
from budgetlijn.settlements import pdf
from budgetlijn.settlements.constants import EndKind
from budgetlijn.settlements.models import (
    BudgetYearClose,
    PvbTransitionLetter,
    Reclaim,
    SampleCheck,
    SampledLine,
    SampledStatement,
    Settlement,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ("budget", "end_kind", "last_day", "settled_on", "payable_eur", "documents")
    list_filter = ("end_kind",)
    list_select_related = ("budget__person",)
    raw_id_fields = ("budget", "statement")
    readonly_fields = ("documents",)

    @admin.display(description=_("nog te betalen"))
    def payable_eur(self, obj: Settlement) -> str:
        return format_eur(obj.payable)

    @admin.display(description=_("documenten"))
    def documents(self, obj: Settlement) -> str:
        if obj.pk is None:
            return "-"
        letter = reverse("admin:settlements_settlement_letter", args=[obj.pk])
        if obj.end_kind != EndKind.DEATH:
            return format_html('<a href="{}">{}</a>', letter, _("eindafrekening (pdf)"))
        certificate = reverse("admin:settlements_settlement_certificate", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            letter,
            _("eindafrekening (pdf)"),
            certificate,
            _("attest erfgenamen (pdf)"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/letter.pdf", view(self.letter), name="settlements_settlement_letter"),
            path(
                "<int:pk>/certificate.pdf",
                view(self.certificate),
                name="settlements_settlement_certificate",
            ),
            *super().get_urls(),
        ]

    def _settlement(self, request, pk: int) -> Settlement:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Settlement.objects.select_related("budget__person"), pk=pk)

    def letter(self, request, pk: int):
        settlement = self._settlement(request, pk)
        return pdf_response(
            pdf.settlement_letter_pdf(settlement),
            f"eindafrekening-budget-{settlement.budget_id}.pdf",
        )

    def certificate(self, request, pk: int):
        settlement = self._settlement(request, pk)
        if settlement.end_kind != EndKind.DEATH:
            raise Http404(_("Een attest voor de erfgenamen volgt alleen op een overlijden."))
        return pdf_response(
            pdf.heirs_certificate_pdf(settlement),
            f"attest-erfgenamen-budget-{settlement.budget_id}.pdf",
        )


@admin.register(Reclaim)
class ReclaimAdmin(ReadOnlyAdmin):
    list_display = ("budget", "kind", "amount_eur", "source", "deduction_id", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("budget", "settlement", "sampled_line")

    @admin.display(description=_("bedrag"))
    def amount_eur(self, obj: Reclaim) -> str:
        return format_eur(obj.amount)


class SampledStatementInline(admin.TabularInline):
    model = SampledStatement
    fields = ("statement", "proofs_asked_on", "deadline", "retention_until", "outcome")
    readonly_fields = fields
    raw_id_fields = ("statement",)
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SampleCheck)
class SampleCheckAdmin(ReadOnlyAdmin):
    list_display = ("year", "rate", "seed", "drawn_on", "population")
    inlines = [SampledStatementInline]


class SampledLineInline(admin.TabularInline):
    model = SampledLine
    fields = ("line", "outcome", "reason", "decided_on", "released_commitment")
    readonly_fields = fields
    raw_id_fields = ("line", "released_commitment")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SampledStatement)
class SampledStatementAdmin(ReadOnlyAdmin):
    list_display = ("statement", "sample", "deadline", "retention_until", "outcome")
    list_filter = ("outcome",)
    raw_id_fields = ("statement", "sample")
    inlines = [SampledLineInline]


@admin.register(BudgetYearClose)
class BudgetYearCloseAdmin(ReadOnlyAdmin):
    list_display = ("budget", "year", "closed_on", "unused", "advance_outstanding")
    list_filter = ("year",)
    raw_id_fields = ("budget",)


@admin.register(PvbTransitionLetter)
class PvbTransitionLetterAdmin(ReadOnlyAdmin):
    list_display = ("budget", "sent_on", "birthday_18", "support_plan_before")
    raw_id_fields = ("budget",)
