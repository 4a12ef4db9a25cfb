"""Contracts in the admin: the approval queue, sorted by age, with the violations shown."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_actions import SelectedIdsMixin
from budgetlijn.admin_reveal import MaskedNationalNumberMixin
from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.contracts import selectors, services
from budgetlijn.contracts.constants import FORM_FIELDS, ContractStatus, RegisteredByRole
from budgetlijn.contracts.models import Contract, MfcCombination, PendingContract, ShortTermUsage
from budgetlijn.rules.violations import RuleViolations

READ_ONLY = [
    "budget",
    "previous",
    "version",
    "status",
    "registered_on",
    "registered_at",
    "registered_by",
    "registered_by_role",
    "registered_by_organisation",
    "decided_on",
    "decided_by",
    "refusal_reason",
]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de weigering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De budgethouder leest deze reden in de beslissing."),
    )


# Where a rule names a field of the pure facts, the form shows it at the model's field; the
# assistant known in the dossier is found by the national number typed in the form.
FACTS_TO_FORM = {**FORM_FIELDS, "counterparty.person_id": "counterparty_national_number"}


class ContractRegistrationForm(forms.ModelForm):
    """Agency staff register a contract from the paper form; the same rules as everywhere."""

    class Meta:
        model = Contract
        fields = ["budget", *services.INPUT_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("budget"):
            return cleaned
        contract = Contract(budget=cleaned["budget"], registered_on=timezone.localdate())
        for name in services.INPUT_FIELDS:
            if name in cleaned:
                setattr(contract, name, cleaned[name])
        for violation in services.registration_violations(contract, timezone.localdate()):
            field = FACTS_TO_FORM.get(violation.field or "", violation.field)
            self.add_error(field if field in self.fields else None, violation.text())
        return cleaned


class ContractAdminBase(
    SelectedIdsMixin, NationalNumberSearchMixin, MaskedNationalNumberMixin, admin.ModelAdmin
):
    national_number_lookup = "budget__person__national_number"
    # The counterparty's number (an assistant's or a family member's) is shown masked.
    masked_number_field = "counterparty_national_number"
    search_fields = [
        "budget__person__last_name",
        "budget__person__first_name",
        "budget__person__national_number",
        "counterparty_name",
    ]
    list_select_related = ["budget", "budget__person"]
    readonly_fields = [*READ_ONLY, "violations_now"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False  # contracts are registered through the services (portal, API, forms)

    def has_delete_permission(self, request, obj=None):
        return False  # history is kept

    def has_change_permission(self, request, obj=None):
        return False  # a change is a new version (amend_contract)

    def has_decide_permission(self, request):
        # Approving or refusing changes the contract: staff who may only look at the queue
        # (view permission) do not get these actions.
        return request.user.has_perm("contracts.change_contract")

    def person_id_of(self, obj: Contract) -> int:
        return obj.budget.person_id

    @admin.display(description=_("wacht (dagen)"), ordering="registered_at")
    def age_days(self, obj: Contract) -> int:
        return (timezone.localdate() - obj.registered_on).days

    @admin.display(description=_("overeenkomst"))
    def contract_label(self, obj: Contract) -> str:
        return obj.type_label

    @admin.display(description=_("regels niet in orde"))
    def violations_now(self, obj: Contract):
        if obj.status != ContractStatus.REGISTERED:
            return "–"
        violations = services.current_violations(obj)
        if not violations:
            return _("geen: de overeenkomst voldoet aan de regels")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} – {}</li>", ((v.rule_id, v.text()) for v in violations)),
        )

    @admin.action(description=_("Goedkeuren"), permissions=["decide"])
    def approve(self, request, queryset):
        done = 0
        for contract in queryset.order_by("registered_at"):
            try:
                services.approve_contract(contract, by=request.user)
                done += 1
            except RuleViolations as refused:
                for violation in refused.violations:
                    self.message_user(request, f"{contract}: {violation.text()}", messages.ERROR)
        if done:
            self.message_user(
                request, _("%(count)s overeenkomst(en) goedgekeurd.") % {"count": done}
            )

    @admin.action(description=_("Weigeren (met reden)"), permissions=["decide"])
    def refuse(self, request, queryset):
        if "apply" in request.POST:
            form = RefuseForm(request.POST)
            if form.is_valid():
                done = 0
                for contract in queryset:
                    try:
                        services.refuse_contract(
                            contract, reason=form.cleaned_data["reason"], by=request.user
                        )
                        done += 1
                    except RuleViolations as refused:
                        for violation in refused.violations:
                            self.message_user(
                                request, f"{contract}: {violation.text()}", messages.ERROR
                            )
                if done:
                    self.message_user(
                        request, _("%(count)s overeenkomst(en) geweigerd.") % {"count": done}
                    )
                return None
        else:
            form = RefuseForm()
        return render(
            request,
            "admin/contracts/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Overeenkomsten weigeren"),
                "contracts": queryset,
                "form": form,
                "action": "refuse",
                "opts": self.model._meta,
            },
        )


@admin.register(PendingContract)
class PendingContractAdmin(ContractAdminBase):
    # Few columns so the failing rules stay readable at 1366 px.
    list_display = ["age_days", "budget", "contract_label", "counterparty_name", "violations_now"]
    list_filter = ["budget__kind", "registered_by_role"]

    def get_queryset(self, request):
        # The rules' facts for the whole page up front: a fixed number of queries.
        return selectors.approval_queue(super().get_queryset(request))


class ShortTermUsageInline(admin.TabularInline):
    model = ShortTermUsage
    extra = 0
    can_delete = False
    fields = ["on", "counter", "quantity", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(ContractAdminBase):
    add_form = ContractRegistrationForm
    autocomplete_fields = ["budget", "counterparty_person"]
    # Status and dates stay visible at 1366 px: few columns, short headers.
    list_display = [
        "budget",
        "contract_label",
        "status",
        "start_date",
        "end_date",
        "registered_on",
    ]
    list_filter = ["status", "budget__kind", "payment_mode"]
    inlines = [ShortTermUsageInline]
    actions = ContractAdminBase.actions

    def has_add_permission(self, request):
        return request.user.has_perm("contracts.add_contract")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["budget", *services.INPUT_FIELDS]})]
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = {name: form.cleaned_data.get(name) for name in services.INPUT_FIELDS}
        saved = services.register_contract(
            budget=form.cleaned_data["budget"],
            data=data,
            by=request.user,
            role=RegisteredByRole.AGENCY,
        )
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        return  # nothing else: the service saved the contract


@admin.register(MfcCombination)
class MfcCombinationAdmin(NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "budget__person__national_number"
    list_display = [
        "budget",
        "mfc_name",
        "days_per_week",
        "changed_on",
        "effective_from",
        "yearly_reduction",
    ]
    search_fields = ["budget__person__last_name", "budget__person__national_number", "mfc_name"]
    list_select_related = ["budget", "budget__person"]
    readonly_fields = [f.name for f in MfcCombination._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
