"""Voucher invoices in the admin: read-only, with every line's decision and its reasons. They
are filed through ``services.file_voucher_invoice`` (the command ``file_voucher_invoice``;
the API later); nothing here changes a decision. Lists show no full count."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers.models import VoucherInvoice, VoucherInvoiceLine


def reasons_html(violations) -> str:
    if not violations:
        return "–"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", "<li>{} – {}</li>", ((v.get("rule", ""), v.get("message", "")) for v in violations)
        ),
    )


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(ReadOnly, admin.TabularInline):
    model = VoucherInvoiceLine
    fields = [
        "line_no",
        "budget",
        "contract",
        "period_from",
        "period_to",
        "amount",
        "outcome",
        "accepted_amount",
        "reasons",
        "commitment",
    ]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("redenen"))
    def reasons(self, obj):
        return reasons_html(obj.violations)


@admin.register(VoucherInvoice)
class VoucherInvoiceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "__str__",
        "provider",
        "month",
        "filed_on",
        "outcome",
        "amount_eur",
        "accepted_eur",
    ]
    list_filter = ["outcome"]
    list_select_related = ["provider"]
    search_fields = ["provider__name", "provider__enterprise_number", "invoice_number"]
    show_full_result_count = False
    ordering = ["-id"]
    fields = [
        "provider",
        "month",
        "invoice_number",
        "filed_on",
        "filed_at",
        "filed_by",
        "outcome",
        "amount",
        "accepted_amount",
        "idempotency_key",
    ]
    readonly_fields = fields
    inlines = [LineInline]

    @admin.display(description=_("gefactureerd"))
    def amount_eur(self, obj):
        return format_eur(obj.amount)

    @admin.display(description=_("aanvaard"))
    def accepted_eur(self, obj):
        return format_eur(obj.accepted_amount)


@admin.register(VoucherInvoiceLine)
class VoucherInvoiceLineAdmin(ReadOnly, NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "budget__person__national_number"
    list_display = ["__str__", "invoice", "budget", "period_from", "outcome", "accepted_eur"]
    list_filter = ["outcome"]
    list_select_related = ["invoice__provider", "budget__person"]
    search_fields = ["budget__person__last_name", "budget__person__national_number"]
    show_full_result_count = False
    ordering = ["-id"]
    fields = [
        "invoice",
        "line_no",
        "budget",
        "year",
        "contract",
        "period_from",
        "period_to",
        "amount",
        "description",
        "outcome",
        "accepted_amount",
        "reasons",
        "commitment",
    ]
    readonly_fields = fields

    @admin.display(description=_("aanvaard"))
    def accepted_eur(self, obj):
        return format_eur(obj.accepted_amount)

    @admin.display(description=_("redenen"))
    def reasons(self, obj):
        return reasons_html(obj.violations)
