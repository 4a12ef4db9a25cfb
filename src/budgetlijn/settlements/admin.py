"""Settlements in the admin: read-only (a settlement, a reclaim, a sample check, a closed year and
a letter are records of what was decided), with the settlement letter and the heirs'
certificate to download as PDF. Agency staff with ``settlements.add_settlement`` settle a stopped
budget on the page "Eindafrekening maken": first a dry run shows what would be booked, then a
confirmation settles it all or nothing (and only if the figures are still the ones shown).
Drawing samples and closing years go through the services (management commands
``sample_check``, ``close_budget_year``; ``settle_budget`` for a last cost statement in JSON)."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import pdf, services
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


MAX_ID = 2**63 - 1


class SettleForm(forms.Form):
    budget = forms.IntegerField(label=_("budgetnummer"), min_value=1, max_value=MAX_ID)
    on = forms.DateField(
        label=_("dag van de eindafrekening"),
        initial=timezone.localdate,
        help_text=_("JJJJ-MM-DD; vandaag of vroeger."),
    )
    # the figures the staff member saw in the dry run; the settlement is kept only if they hold
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_budget(self):
        number = self.cleaned_data["budget"]
        budget = Budget.objects.filter(pk=number).first()
        if budget is None:
            raise forms.ValidationError(
                gettext("Budget %(budget)s bestaat niet. Controleer het budgetnummer.")
                % {"budget": number}
            )
        return budget

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                gettext("Deze dag ligt na vandaag. Kies vandaag of een vroegere dag.")
            )
        return day


SETTLEMENT_FIGURES = (
    ("payable", _("nog te betalen")),
    ("advance", _("voorschot")),
    ("advance_deducted", _("voorschot ingehouden")),
    ("advance_asked_back", _("voorschot terug te storten")),
    ("net_payout", _("nog uit te betalen")),
    ("severance_extra", _("extra voor verbrekingsvergoedingen")),
)


def _fingerprint(settlement: Settlement) -> str:
    """What the dry run showed, in one value: the confirmation keeps the settlement only when
    the real run comes to the same figures (nothing changed in between)."""
    parts = [str(settlement.budget_id), settlement.end_kind, str(settlement.last_day)]
    parts += [str(getattr(settlement, name)) for name, _label in SETTLEMENT_FIGURES]
    parts += [str(finding.get("message", "")) for finding in settlement.findings or []]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class _Changed(Exception):  # noqa: N818 - a signal that rolls the confirmation back
    def __init__(self, report):
        super().__init__()
        self.report = report


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

    def has_settle_permission(self, request) -> bool:
        return request.user.has_perm("settlements.add_settlement")

    def changelist_view(self, request, extra_context=None):
        extra = {
            "settle_url": reverse("admin:settlements_settlement_settle")
            if self.has_settle_permission(request)
            else None
        }
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def settle_view(self, request):
        """Dry run first (what would be booked, nothing kept), then confirm: settled all or
        nothing by ``services.settle_budget`` (audited, as the signed-in staff member)."""
        if not self.has_settle_permission(request):
            raise PermissionDenied
        form = SettleForm(request.POST or None)
        report = refusal = None
        confirm = False
        if request.method == "POST" and form.is_valid():
            budget, on = form.cleaned_data["budget"], form.cleaned_data["on"]
            try:
                if "confirm" in request.POST and form.cleaned_data["shown"]:
                    with transaction.atomic():
                        report = services.settle_budget(budget, on=on, by=request.user)
                        if report.created and (
                            _fingerprint(report.settlement) != form.cleaned_data["shown"]
                        ):
                            raise _Changed(report)
                    if report.created:
                        self.message_user(
                            request,
                            gettext(
                                "Eindafrekening van budget %(budget)s gemaakt: nog te betalen "
                                "%(payable)s."
                            )
                            % {
                                "budget": budget.pk,
                                "payable": format_eur(report.settlement.payable),
                            },
                            messages.SUCCESS,
                        )
                    else:
                        self.message_user(
                            request,
                            gettext("Budget %(budget)s was al afgerekend; er verandert niets.")
                            % {"budget": budget.pk},
                            messages.WARNING,
                        )
                    return HttpResponseRedirect(
                        reverse(
                            "admin:settlements_settlement_change",
                            args=[report.settlement.pk],
                        )
                    )
                report = services.settle_budget(budget, on=on, by=request.user, dry_run=True)
            except RuleViolations as error:
                refusal = [violation.text() for violation in error.violations]
            except _Changed as changed:
                report = changed.report  # rolled back: show the new figures, confirm again
                self.message_user(
                    request,
                    gettext(
                        "De cijfers zijn veranderd sinds de proef: niets opgeslagen. Kijk de "
                        "nieuwe cijfers na en bevestig opnieuw."
                    ),
                    messages.WARNING,
                )
            if report is not None and report.created:
                confirm = True
                form = SettleForm(
                    initial={
                        "budget": budget.pk,
                        "on": on,
                        "shown": _fingerprint(report.settlement),
                    }
                )
        figures = []
        if report is not None:
            figures = [
                (label, format_eur(getattr(report.settlement, name)))
                for name, label in SETTLEMENT_FIGURES
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Eindafrekening maken"),
            "form": form,
            "report": report,
            "figures": figures,
            "refusal": refusal,
            "confirm": confirm,
        }
        return TemplateResponse(request, "admin/settlements/settle.html", context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("afrekenen/", view(self.settle_view), name="settlements_settlement_settle"),
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
