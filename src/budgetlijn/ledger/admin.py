"""Read-only admin for the ledger: entries are looked at and reversed, never added or changed."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_actions import SelectedIdsMixin
from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.ledger import selectors, services
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom worden deze boekingen tegengeboekt?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
    )


@admin.register(Entry)
class EntryAdmin(SelectedIdsMixin, NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "budget__person__national_number"
    # Amount, year and kind stay visible at 1366 px: few columns (bucket and author are on the
    # entry's page and in the filters).
    list_display = ["booked_at", "budget", "year", "kind", "signed_amount", "reverses"]
    list_display_links = ["booked_at"]
    list_filter = ["year", "kind", "bucket"]
    list_select_related = ["budget__person", "reverses", "created_by"]
    search_fields = ["budget__person__last_name", "budget__person__national_number"]
    date_hierarchy = "effective_date"
    ordering = ["-booked_at", "-id"]
    fields = [
        "budget",
        "year",
        "kind",
        "bucket",
        "signed_amount",
        "effective_date",
        "reason",
        "reverses",
        "reversed_by_link",
        "booked_at",
        "created_by",
        "idempotency_key",
        "balances_table",
    ]
    readonly_fields = fields
    actions = ["reverse_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reverse_permission(self, request):
        return request.user.has_perm("ledger.reverse_entry")

    @admin.display(description=_("bedrag"), ordering="amount")
    def signed_amount(self, obj: Entry) -> str:
        return format_eur(obj.amount)

    @admin.display(description=_("tegengeboekt door"))
    def reversed_by_link(self, obj: Entry) -> str:
        reversal = Entry.objects.filter(reverses=obj).only("pk").first()
        return str(reversal) if reversal else "–"

    @admin.display(description=_("stand van dit budgetjaar"))
    def balances_table(self, obj: Entry) -> str:
        figures = selectors.balances(obj.budget_id, obj.year)
        rows = [
            (gettext("jaarbudget"), format_eur(figures.entitlement)),
            (gettext("betaald"), format_eur(figures.paid)),
            (gettext("vastgelegd"), format_eur(figures.committed)),
            (gettext("budgetlijn (nog te besteden)"), format_eur(figures.budget_line)),
            (gettext("openstaand voorschot"), format_eur(figures.advance_outstanding)),
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", '<tr><th scope="row">{}</th><td class="num">{}</td></tr>', rows),
        )

    @admin.action(description=_("Tegenboeken"), permissions=["reverse"])
    def reverse_selected(self, request, queryset):
        form = ReverseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reversed_count = 0
            for entry in queryset.order_by("pk"):
                try:
                    services.reverse(entry, reason=form.cleaned_data["reason"], by=request.user)
                except RuleViolations as exc:
                    for violation in exc.violations:
                        self.message_user(
                            request,
                            gettext("Boeking #%(entry)s niet tegengeboekt: %(reason)s")
                            % {"entry": entry.pk, "reason": violation.text()},
                            messages.ERROR,
                        )
                else:
                    reversed_count += 1
            if reversed_count:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d boeking tegengeboekt.",
                        "%(count)d boekingen tegengeboekt.",
                        reversed_count,
                    )
                    % {"count": reversed_count},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Boekingen tegenboeken"),
            "opts": self.model._meta,
            "entries": queryset.select_related("budget__person").order_by("pk"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "reverse_selected",
        }
        return TemplateResponse(request, "admin/ledger/entry/reverse_selected.html", context)
