"""Free-share requests in the admin: read-only decisions with their reasons, and a form to
record a request the agency received on paper (through ``services.ask_free_share``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import AskedByRole
from budgetlijn.freeshare.models import FreeShareCorrection, FreeShareRequest
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur
from budgetlijn.rules.violations import RuleViolations


class PaperRequestForm(forms.Form):
    budget = forms.IntegerField(label=_("budget (nummer)"), min_value=1, max_value=2**63 - 1)
    year = forms.IntegerField(label=_("budgetjaar"), min_value=2000, max_value=2099)
    amount = forms.DecimalField(
        label=_("gevraagd bedrag"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        min_value=Decimal("0.01"),
        localize=True,
    )
    asked_on = forms.DateField(label=_("ontvangen op"), initial=timezone.localdate)

    def clean_asked_on(self):
        day = self.cleaned_data["asked_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                gettext("Deze dag ligt na vandaag. Kies vandaag of een vroegere dag.")
            )
        return day


@admin.register(FreeShareRequest)
class FreeShareRequestAdmin(NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "budget__person__national_number"
    list_display = [
        "__str__",
        "budget",
        "year",
        "part_number",
        "asked_on",
        "role",
        "amount_eur",
        "outcome",
        "accepted_eur",
        "code",
    ]
    list_filter = ["outcome", "role", "year"]
    list_select_related = ["budget__person"]
    search_fields = ["budget__person__last_name", "budget__person__national_number"]
    show_full_result_count = False
    ordering = ["-id"]
    fields = [
        "budget",
        "year",
        "part_number",
        "amount",
        "asked_on",
        "asked_at",
        "asked_by",
        "role",
        "organisation",
        "outcome",
        "accepted_amount",
        "limit",
        "rule_id",
        "code",
        "message",
        "pay_by",
        "commitment",
        "idempotency_key",
    ]
    readonly_fields = fields

    @admin.display(description=_("gevraagd"))
    def amount_eur(self, obj):
        return format_eur(obj.amount)

    @admin.display(description=_("toegekend"))
    def accepted_eur(self, obj):
        return format_eur(obj.accepted_amount)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_paper_permission(self, request) -> bool:
        return request.user.has_perm("freeshare.add_freesharerequest")

    def get_urls(self):
        own = [
            path(
                "papieren-aanvraag/",
                self.admin_site.admin_view(self.paper_view),
                name="freeshare_freesharerequest_paper",
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "paper_url": reverse("admin:freeshare_freesharerequest_paper")
            if self.has_paper_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)

    def paper_view(self, request):
        if not self.has_paper_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = PaperRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            budget = Budget.objects.filter(pk=data["budget"]).first()
            if budget is None:
                form.add_error("budget", gettext("Er is geen budget met dit nummer."))
            else:
                try:
                    asked = services.ask_free_share(
                        budget=budget,
                        year=data["year"],
                        amount=data["amount"],
                        asked_on=data["asked_on"],
                        by=request.user,
                        role=AskedByRole.AGENCY,
                    )
                except RuleViolations as refused:
                    for field, texts in refused.by_field().items():
                        for text in texts:
                            form.add_error(field if field in form.fields else None, text)
                else:
                    level = messages.SUCCESS if asked.accepted_amount > 0 else messages.WARNING
                    text = gettext("%(request)s: %(outcome)s, %(accepted)s toegekend.") % {
                        "request": asked,
                        "outcome": asked.get_outcome_display(),
                        "accepted": format_eur(asked.accepted_amount),
                    }
                    if asked.message:
                        text = f"{text} {asked.message}"
                    self.message_user(request, text, level)
                    return redirect("admin:freeshare_freesharerequest_change", asked.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Papieren aanvraag vrij besteedbaar deel"),
            "form": form,
        }
        return TemplateResponse(request, "admin/freeshare/paper_request.html", context)


@admin.register(FreeShareCorrection)
class FreeShareCorrectionAdmin(NationalNumberSearchMixin, admin.ModelAdmin):
    """R15 corrections, read-only: they are recorded through ``services.correct_free_share``
    (the ``correct_free_share`` command), which books them in the ledger."""

    national_number_lookup = "budget__person__national_number"
    list_display = ["__str__", "budget", "year", "corrected_on", "role", "amount_eur"]
    list_filter = ["role", "year"]
    list_select_related = ["budget__person"]
    search_fields = ["budget__person__last_name", "budget__person__national_number"]
    show_full_result_count = False
    ordering = ["-id"]
    fields = [
        "budget",
        "year",
        "amount",
        "corrected_on",
        "corrected_at",
        "corrected_by",
        "role",
        "organisation",
        "correction_entry",
        "advance_entry",
        "idempotency_key",
    ]
    readonly_fields = fields

    @admin.display(description=_("teruggestort"))
    def amount_eur(self, obj):
        return format_eur(obj.amount)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
