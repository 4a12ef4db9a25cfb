"""The Django admin for agency staff, in Dutch: persons, relations, budgets, accounts."""

import re
from datetime import date

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import NOT_STARTED_STATES
from budgetlijn.dossiers.models import (
    Budget,
    BudgetAccount,
    BudgetHolder,
    LifecycleEvent,
    ManagementStatement,
    Person,
    Relation,
)
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.violations import RuleViolations

NON_DIGITS = re.compile(r"[\s.\-/]")


class NationalNumberSearchMixin:
    """Search by name, or by national register number typed with or without punctuation."""

    national_number_lookup = "national_number"

    def get_search_results(self, request, queryset, search_term):
        compact = NON_DIGITS.sub("", search_term or "")
        if compact.isdigit() and len(compact) >= 6:
            return queryset.filter(**{f"{self.national_number_lookup}__startswith": compact}), False
        return super().get_search_results(request, queryset, search_term)


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["relative"]
    verbose_name = _("verwante of vertegenwoordiger")
    verbose_name_plural = _("verwanten en vertegenwoordigers")


@admin.register(Person)
class PersonAdmin(NationalNumberSearchMixin, admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "masked_number",
        "birth_date",
        "province",
        "municipality",
    ]
    list_filter = ["province"]
    search_fields = ["last_name", "first_name", "national_number"]
    inlines = [RelationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "national_number",
                    "birth_date",
                    "date_of_death",
                ]
            },
        ),
        (_("Adres"), {"fields": ["province", "municipality", "postal_code"]}),
        (_("Zorgbudget (R5)"), {"fields": ["care_allowance_since", "care_allowance_stopped_on"]}),
    ]

    @admin.display(description=_("rijksregisternummer"))
    def masked_number(self, obj: Person) -> str:
        return obj.masked_national_number

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            record(
                action=AuditEvent.Action.VIEW_SENSITIVE,
                obj=Person(pk=int(object_id)) if object_id.isdigit() else Person(),
                summary="Dossier met rijksregisternummer geopend in het beheer",
                actor=request.user,
                person_id=int(object_id) if object_id.isdigit() else None,
            )
        return super().change_view(request, object_id, form_url, extra_context)


class HolderFormSet(BaseInlineFormSet):
    """Checks the holders together against R9 before anything is saved."""

    def clean(self):
        super().clean()
        budget = self.instance
        if not budget.person_id or not budget.allocated_on:
            return
        holders = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            person = form.cleaned_data.get("person")
            role = form.cleaned_data.get("role")
            if person and role:
                holders.append(
                    services.HolderInput(person, role, form.cleaned_data.get("manages", True))
                )
        statements = [
            budget_rules.StatementFacts(s.managing_parent_id, s.assistant_parent_id)
            for s in (budget.management_statements.all() if budget.pk else [])
        ]
        violations = budget_rules.check_holders(
            budget_rules.HolderCheck(
                kind=budget.kind,
                person_birth_date=budget.person.birth_date,
                on=budget.allocated_on,
                holders=services.holder_facts(budget.person, holders),
                statements=statements,
            )
        )
        # A missing management statement can be added in the inline below after saving.
        violations = [
            v for v in violations if v.code != "management_statement_missing" or not budget.pk
        ]
        if violations:
            raise ValidationError([v.text() for v in violations])


class BudgetHolderInline(admin.TabularInline):
    model = BudgetHolder
    formset = HolderFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["person"]


class BudgetAccountInline(admin.StackedInline):
    model = BudgetAccount
    extra = 0
    max_num = 1


class ManagementStatementInline(admin.TabularInline):
    model = ManagementStatement
    extra = 0
    autocomplete_fields = ["managing_parent", "assistant_parent"]


class LifecycleEventInline(admin.TabularInline):
    model = LifecycleEvent
    extra = 0
    can_delete = False
    fields = ["on", "from_status", "to_status", "note", "actor", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, action, success):
    done = 0
    for budget in queryset:
        try:
            if action(budget) is not None:
                done += 1
        except RuleViolations as refused:
            for violation in refused.violations:
                modeladmin.message_user(request, f"{budget}: {violation.text()}", messages.ERROR)
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


@admin.register(Budget)
class BudgetAdmin(NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "person__national_number"
    list_display = [
        "person",
        "kind",
        "category",
        "band",
        "status",
        "letter_received_on",
        "deadline",
        "started_on",
    ]
    list_filter = ["kind", "status", "person__province", "category"]
    search_fields = ["person__last_name", "person__first_name", "person__national_number"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "allocated_on"
    readonly_fields = [
        "status",
        "started_on",
        "lapsed_on",
        "stopped_on",
        "stop_reason",
        "converted_on",
        "converted_to",
        "extension_requested_on",
        "extension_granted_on",
        "deadline",
        "ledger_overview",
    ]
    fieldsets = [
        (None, {"fields": ["person", "kind", "scheme", "category", "band", "specific_amount"]}),
        (
            _("Toekenning en termijnen"),
            {
                "fields": [
                    "applied_on",
                    "allocated_on",
                    "letter_received_on",
                    "deadline",
                    "extension_requested_on",
                    "extension_granted_on",
                    "support_plan_filed_on",
                ]
            },
        ),
        (_("Besteding"), {"fields": ["payment_mode", "estimated_cash_amount"]}),
        (_("Budgetlijn per jaar (uit het grootboek)"), {"fields": ["ledger_overview"]}),
        (
            _("Levensloop"),
            {
                "fields": [
                    "status",
                    "started_on",
                    "lapsed_on",
                    "stopped_on",
                    "stop_reason",
                    "converted_on",
                    "converted_to",
                ]
            },
        ),
    ]
    inlines = [
        BudgetHolderInline,
        ManagementStatementInline,
        BudgetAccountInline,
        LifecycleEventInline,
    ]
    actions = ["start_today", "grant_extension_today", "stop_own_choice_today"]

    @admin.display(description=_("uiterlijk opstarten op"))
    def deadline(self, obj: Budget):
        if not obj.pk or obj.status not in NOT_STARTED_STATES:
            return "–"
        return obj.start_deadline or "–"

    @admin.display(description=_("budgetlijn per jaar"))
    def ledger_overview(self, obj: Budget):
        from budgetlijn.ledger import selectors as ledger_selectors
        from budgetlijn.rules.money import format_eur

        years = sorted(
            set(ledger_selectors.entries_for(obj).values_list("year", flat=True)) if obj.pk else []
        )
        if not years:
            return _("Nog geen boekingen: het budget is niet opgestart.")
        rows = []
        for year in years:
            b = ledger_selectors.balances(obj, year)
            rows.append(
                (
                    year,
                    format_eur(b.entitlement),
                    format_eur(b.paid),
                    format_eur(b.committed),
                    format_eur(b.budget_line),
                    format_eur(b.advance_outstanding),
                )
            )
        head = format_html(
            "<tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th></tr>",
            _("jaar"),
            _("jaarbudget"),
            _("betaald"),
            _("vastgelegd"),
            _("budgetlijn"),
            _("openstaand voorschot"),
        )
        body = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rows,
        )
        return format_html(
            "<table><caption>{}</caption>{}{}</table>", _("Budgetlijn per jaar"), head, body
        )

    def save_model(self, request, obj, form, change):
        creating = obj.pk is None
        super().save_model(request, obj, form, change)
        if creating:
            LifecycleEvent.objects.create(
                budget=obj,
                from_status="",
                to_status=obj.status,
                on=obj.allocated_on,
                note="toekenning (beheer)",
                actor=request.user,
            )
        record(
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.CHANGE,
            obj=obj,
            summary=f"Budget {obj} {'aangemaakt' if creating else 'gewijzigd'} in het beheer",
            actor=request.user,
            person_id=obj.person_id,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # R10/R13: a started budget whose account was just added gets its advance now.
        services.book_advance(form.instance, on=timezone.localdate(), by=request.user)

    @admin.action(description=_("Opstarten vandaag (startformulieren of eerste overeenkomst)"))
    def start_today(self, request, queryset):
        today = timezone.localdate()
        _run(
            self,
            request,
            queryset,
            lambda b: services.start_budget(b, on=today, by=request.user),
            _("%(count)s budget(ten) opgestart."),
        )

    @admin.action(description=_("Opstarttermijn PAB verlengen wegens overmacht (aanvraag vandaag)"))
    def grant_extension_today(self, request, queryset):
        today = timezone.localdate()
        _run(
            self,
            request,
            queryset,
            lambda b: services.grant_extension(
                b, requested_on=today, granted_on=today, by=request.user
            ),
            _("%(count)s opstarttermijn(en) verlengd."),
        )

    @admin.action(description=_("Stopzetten vandaag op vraag van de budgethouder"))
    def stop_own_choice_today(self, request, queryset):
        today: date = timezone.localdate()
        _run(
            self,
            request,
            queryset,
            lambda b: services.stop_budget(b, on=today, reason="OWN_CHOICE", by=request.user),
            _("%(count)s budget(ten) stopgezet."),
        )


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "relative", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["person__last_name", "relative__last_name", "person__national_number"]
    autocomplete_fields = ["person", "relative"]
