"""Voucher invoices in the admin: read-only, with every line's decision and its reasons, and an
upload of a provider's CSV invoice (first checked: every line's decision shown, nothing kept;
then filed), through ``services.file_voucher_invoice`` like the command. Nothing here changes a
decision. Lists show no full count."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.assistance.models import Organisation
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers import services
from budgetlijn.vouchers.constants import Outcome
from budgetlijn.vouchers.csvfile import CsvError, read_lines
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


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("zorgaanbieder of bijstandsorganisatie"),
        queryset=Organisation.objects.filter(active=True).order_by("name"),
    )
    month = forms.DateField(
        label=_("maand"), help_text=_("Een dag van de gefactureerde maand, bv. 01/05/2023.")
    )
    invoice_number = forms.CharField(label=_("factuurnummer"), max_length=60, required=False)
    filed_on = forms.DateField(label=_("ontvangen op"), initial=timezone.localdate)
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Kolommen budget;overeenkomst;van;tot;bedrag;omschrijving."),
    )
    book = forms.BooleanField(
        label=_("indienen (anders alleen nakijken)"), required=False, initial=False
    )

    def clean_filed_on(self):
        day = self.cleaned_data["filed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                gettext("Deze dag ligt na vandaag. Kies vandaag of een vroegere dag.")
            )
        return day

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("Het bestand is groter dan 5 MB."))
        try:
            return read_lines(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(gettext("Het bestand is geen tekst in UTF-8.")) from None
        except CsvError as exc:
            raise forms.ValidationError(str(exc)) from None


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

    def has_upload_permission(self, request) -> bool:
        return request.user.has_perm("vouchers.add_voucherinvoice")

    def get_urls(self):
        own = [
            path(
                "opladen/",
                self.admin_site.admin_view(self.upload_view),
                name="vouchers_voucherinvoice_upload",
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "upload_url": reverse("admin:vouchers_voucherinvoice_upload")
            if self.has_upload_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = services.file_voucher_invoice(
                provider=data["provider"],
                month=data["month"],
                lines=data["file"],
                filed_on=data["filed_on"],
                by=request.user,
                invoice_number=data["invoice_number"],
                dry_run=not data["book"],
            )
            if result.status in (services.Status.FILED, services.Status.EXISTS):
                text = gettext("%(invoice)s: %(accepted)s aanvaard.") % {
                    "invoice": result.invoice,
                    "accepted": format_eur(result.accepted),
                }
                if result.status == services.Status.EXISTS:
                    text = gettext("Deze factuur was al ingediend. %(text)s") % {"text": text}
                self.message_user(request, text, messages.SUCCESS)
                return redirect("admin:vouchers_voucherinvoice_change", result.invoice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Voucherfactuur opladen"),
            "form": form,
            "result": result,
            "rows": [
                (line, Outcome(line.outcome).label, format_eur(line.accepted))
                for line in (result.lines if result else [])
            ],
        }
        return TemplateResponse(request, "admin/vouchers/upload.html", context)


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
