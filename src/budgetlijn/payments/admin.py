"""Payment runs in the admin: runs with their transfers (read-only), the actions approve
(four eyes), export, download the kept SEPA file, mark paid, cancel; transfers with the action
"returned by the bank"; items and deductions read-only. Every action goes through
``services``, which checks the permission, the state and the four eyes and audits.

Lists of items and transfers grow with every run: no full counts, filters on fixed choices only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.payments import services
from budgetlijn.payments.constants import RunStatus
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentItem, PaymentRun, Transfer
from budgetlijn.rules.violations import RuleViolations


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the money's history is kept


class TransferInline(ReadOnlyMixin, admin.TabularInline):
    model = Transfer
    fields = ["end_to_end_id", "name", "iban", "gross", "deducted", "amount", "status"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


def _refused(modeladmin, request, obj, error: RuleViolations) -> None:
    for violation in error.violations:
        modeladmin.message_user(
            request,
            gettext("%(object)s: %(reason)s") % {"object": obj, "reason": violation.text()},
            messages.ERROR,
        )


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "run_on", "status", "created_by", "approved_by", "exported_at"]
    list_select_related = ["created_by", "approved_by"]  # nullable: not followed by default
    list_filter = ["status"]
    readonly_fields = [
        "run_on",
        "status",
        "created_at",
        "created_by",
        "approved_at",
        "approved_by",
        "exported_at",
        "exported_by",
        "paid_on",
        "cancelled_at",
        "cancelled_by",
        "sepa_message_id",
        "sepa_sha256",
        "sepa_control_sum",
    ]
    exclude = ["sepa_xml"]
    inlines = [TransferInline]
    actions = ["approve", "export", "download", "mark_paid", "cancel"]

    def has_approve_permission(self, request):
        return request.user.has_perm("payments.approve_paymentrun")

    def has_process_permission(self, request):
        return request.user.has_perm("payments.process_paymentrun")

    def _each(self, request, queryset, action, done_message) -> None:
        done = 0
        for run in queryset.order_by("pk"):
            try:
                action(run)
            except RuleViolations as error:
                _refused(self, request, run, error)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Goedkeuren (tweede medewerker)"), permissions=["approve"])
    def approve(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda run: services.approve_run(run, by=request.user),
            gettext("%(count)d betaalrun(s) goedgekeurd."),
        )

    @admin.action(description=_("Exporteren naar SEPA (pain.001)"), permissions=["process"])
    def export(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda run: services.export_run(run, by=request.user),
            gettext("%(count)d betaalrun(s) geëxporteerd; download het bestand."),
        )

    @admin.action(description=_("SEPA-bestand downloaden"), permissions=["process"])
    def download(self, request, queryset):
        runs = list(queryset.order_by("pk")[:2])
        if len(runs) != 1:
            self.message_user(request, gettext("Kies precies één betaalrun."), messages.ERROR)
            return None
        run = runs[0]
        if run.status not in (RunStatus.EXPORTED, RunStatus.CLOSED):
            self.message_user(
                request, gettext("Exporteer de betaalrun eerst (na goedkeuring)."), messages.ERROR
            )
            return None
        response = HttpResponse(
            services.export_run(run, by=request.user), content_type="application/xml"
        )
        response["Content-Disposition"] = f'attachment; filename="betaalrun-{run.pk}.xml"'
        return response

    @admin.action(description=_("Betaald melden (vandaag)"), permissions=["process"])
    def mark_paid(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda run: services.mark_paid(run, by=request.user, on=timezone.localdate()),
            gettext("%(count)d betaalrun(s) betaald gemeld."),
        )

    @admin.action(description=_("Annuleren (vóór export)"), permissions=["process"])
    def cancel(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda run: services.cancel_run(run, by=request.user),
            gettext("%(count)d betaalrun(s) geannuleerd; alles blijft verschuldigd."),
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reden van de bank"), max_length=500)
    on = forms.DateField(label=_("Teruggestort op"), initial=timezone.localdate)


class PaymentItemInline(ReadOnlyMixin, admin.TabularInline):
    model = PaymentItem
    fields = ["source_kind", "source_id", "budget", "year", "amount", "status", "payout"]
    readonly_fields = fields
    extra = 0


@admin.register(Transfer)
class TransferAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["end_to_end_id", "run", "name", "iban", "amount", "status"]
    list_filter = ["status", "beneficiary_kind"]
    search_fields = ["=end_to_end_id", "=iban"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Transfer._meta.fields]
    inlines = [PaymentItemInline]
    actions = ["returned"]

    def has_process_permission(self, request):
        return request.user.has_perm("payments.process_paymentrun")

    @admin.action(description=_("Teruggestort door de bank"), permissions=["process"])
    def returned(self, request, queryset):
        transfers = list(queryset.order_by("pk"))
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for transfer in transfers:
                try:
                    services.return_transfer(
                        transfer,
                        reason=form.cleaned_data["reason"],
                        on=form.cleaned_data["on"],
                        by=request.user,
                    )
                except RuleViolations as error:
                    _refused(self, request, transfer, error)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    gettext("%(count)d overschrijving(en) teruggestort: opnieuw verschuldigd.")
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Terugstorting door de bank"),
            "transfers": transfers,
            "form": form,
            "opts": self.model._meta,
            "action": "returned",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/payments/return.html", context)


@admin.register(PaymentItem)
class PaymentItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "run", "transfer", "budget", "year", "amount", "status"]
    list_filter = ["status", "source_kind"]
    show_full_result_count = False
    readonly_fields = [f.name for f in PaymentItem._meta.fields]
    raw_id_fields = ["budget"]


class DeductionUseInline(ReadOnlyMixin, admin.TabularInline):
    model = DeductionUse
    fk_name = "deduction"
    fields = ["run", "transfer", "amount", "undoes", "created_at"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("run", "transfer", "undoes")


@admin.register(Deduction)
class DeductionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "budget", "kind", "year", "amount", "remaining", "created_at"]
    list_filter = ["kind"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Deduction._meta.fields]
    inlines = [DeductionUseInline]
