"""The Django admin for agency staff, in Dutch: persons, relations, budgets, accounts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_actions import SelectedIdsMixin
from budgetlijn.admin_reveal import MaskedNationalNumberMixin
from budgetlijn.admin_search import NationalNumberSearchMixin
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import (
    MANUAL_STOP_REASONS,
    NOT_STARTED_STATES,
    PvbScheme,
)
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
from budgetlijn.rules.codes import BudgetCode
from budgetlijn.rules.violations import RuleViolations


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["relative"]
    verbose_name = _("verwante of vertegenwoordiger")
    verbose_name_plural = _("verwanten en vertegenwoordigers")


class PersonForm(forms.ModelForm):
    """Refuses a date of death that cannot stop the person's running budgets, before saving."""

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "national_number",
            "birth_date",
            "date_of_death",
            "province",
            "municipality",
            "postal_code",
            "care_allowance_since",
            "care_allowance_stopped_on",
        ]

    def clean(self):
        cleaned = super().clean()
        died = cleaned.get("date_of_death")
        born = cleaned.get("birth_date") or self.instance.birth_date
        if died and (died > timezone.localdate() or (born and died < born)):
            return cleaned  # Person.clean names the impossible date itself
        if self.instance.pk and died and not self.instance.date_of_death:
            for violation in services.death_stop_violations(self.instance, died):
                self.add_error("date_of_death", violation.text())
        return cleaned


@admin.register(Person)
class PersonAdmin(
    SelectedIdsMixin, NationalNumberSearchMixin, MaskedNationalNumberMixin, admin.ModelAdmin
):
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

    form = PersonForm
    readonly_fields = ["audit_trail"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # The dossier's audit trail (every change and every view of the national register
        # number, decision 0019), for who may read the trail.
        return [*fieldsets, (_("Audittrail"), {"fields": ["audit_trail"]})]

    @admin.display(description=_("wie deed of bekeek wat"))
    def audit_trail(self, obj: Person) -> str:
        if obj is None or obj.pk is None:
            return "-"
        count = AuditEvent.objects.filter(person_id=obj.pk).count()
        url = reverse("admin:audit_auditevent_changelist") + f"?person_id={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext(
                "%(count)d gebeurtenis in de audittrail van dit dossier",
                "%(count)d gebeurtenissen in de audittrail van dit dossier",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("rijksregisternummer"))
    def masked_number(self, obj: Person) -> str:
        return obj.masked_national_number

    def person_id_of(self, obj: Person) -> int:
        return obj.pk

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Only a page that shows the dossier counts as opening it: not a POST, a redirect
        # (unknown id) or a refusal.
        shown = getattr(response, "context_data", None) or {}
        person = shown.get("original")
        if request.method == "GET" and response.status_code == 200 and person is not None:
            record(
                action=AuditEvent.Action.VIEW_SENSITIVE,
                obj=person,
                summary="Dossier met rijksregisternummer geopend in het beheer",
                actor=request.user,
                person_id=person.pk,
            )
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            record(
                action=AuditEvent.Action.CREATE,
                obj=obj,
                summary=f"Persoon {obj.pk} aangemaakt in het beheer",
                actor=request.user,
                person_id=obj.pk,
            )
            return
        # Old values from the database; the audit holds old and new (numbers masked), and a
        # new date of death stops the running budgets (PersonForm checked that it can).
        before = Person.objects.get(pk=obj.pk)
        old = {name: getattr(before, name) for name in services.PERSON_AUDITED_FIELDS}
        services.record_person_change(obj, old=old, by=request.user)


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
            v
            for v in violations
            if v.code != BudgetCode.MANAGEMENT_STATEMENT_MISSING or not budget.pk
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


class StopForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden van stopzetting"),
        choices=[(reason.value, reason.label) for reason in MANUAL_STOP_REASONS],
    )
    on = forms.DateField(
        label=_("Eerste dag zonder budget"),
        help_text=_("De dag vanaf wanneer het budget niet meer gebruikt wordt (JJJJ-MM-DD)."),
    )


class ConvertForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Indeling PVB-categorieën"), choices=PvbScheme.choices)
    category = forms.CharField(label=_("PVB-budgetcategorie"), max_length=40)
    on = forms.DateField(
        label=_("Omzetten op"), help_text=_("De dag van de beslissing over de PVB (JJJJ-MM-DD).")
    )
    support_plan_filed_on = forms.DateField(
        label=_("Ondersteuningsplan PVB ingediend op"),
        required=False,
        help_text=_("Alleen invullen als die datum nog niet in het dossier staat."),
    )


class AllocationChangeForm(forms.Form):
    """A change of category, band or amount of a running budget, from a day, with a reason."""

    category = forms.CharField(label=_("budgetcategorie"), max_length=40)
    band = forms.IntegerField(label=_("budgetschijf"), required=False, min_value=1)
    specific_amount = forms.DecimalField(
        label=_("specifiek toegekend jaarbedrag"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    from_day = forms.DateField(
        label=_("Wijziging geldt vanaf"),
        help_text=_("De jaren die al geboekt zijn, krijgen vanaf die dag het verschil."),
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


# Fields that decide how much money a budget has: read-only once the budget runs; a change
# goes through services.change_budget_allocation ("Budget wijzigen"), never a silent save.
MONEY_FIELDS = [
    "person",
    "kind",
    "scheme",
    "category",
    "band",
    "specific_amount",
    "applied_on",
    "allocated_on",
    "letter_received_on",
]
BUDGET_AUDITED_FIELDS = [
    *MONEY_FIELDS,
    "support_plan_filed_on",
    "payment_mode",
    "estimated_cash_amount",
]


def _plain(value):
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


@admin.register(Budget)
class BudgetAdmin(SelectedIdsMixin, NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "person__national_number"
    # Few columns, short headers: readable at 1366 px.
    list_display = ["person", "kind", "category_band", "status", "deadline", "started_on"]
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
        "allocation_change_link",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "person",
                    "kind",
                    "scheme",
                    "category",
                    "band",
                    "specific_amount",
                    "allocation_change_link",
                ]
            },
        ),
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
    actions = ["start_today", "grant_extension_today", "stop_budgets", "convert_pab_to_pvb"]

    def has_delete_permission(self, request, obj=None):
        return False  # a budget's history is kept; it ends by a stop, lapse or conversion

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status not in NOT_STARTED_STATES:
            fields += [name for name in MONEY_FIELDS if name not in fields]
        return fields

    def message_user(self, request, message, *args, **kwargs):
        # Django's Dutch messages say "De budget ..."; budget is a 'het' word.
        prefix = f"De {self.opts.verbose_name} "
        if str(message).startswith(prefix):
            fixed = f"Het {self.opts.verbose_name} " + str(message)[len(prefix) :]
            message = mark_safe(fixed) if isinstance(message, SafeData) else fixed  # noqa: S308
        return super().message_user(request, message, *args, **kwargs)

    @admin.display(description=_("categorie"), ordering="category")
    def category_band(self, obj: Budget) -> str:
        return f"{obj.category}/{obj.band}" if obj.band else obj.category

    @admin.display(description=_("wijzigen"))
    def allocation_change_link(self, obj: Budget):
        if not obj.pk or obj.status in NOT_STARTED_STATES:
            return _("Nog niet opgestart: pas de velden hierboven aan.")
        if obj.is_final:
            return "–"
        return format_html(
            '<a class="button" href="{}">{}</a> {}',
            reverse("admin:dossiers_budget_change_allocation", args=[obj.pk]),
            _("Budget wijzigen"),
            _("(categorie, schijf of bedrag, vanaf een datum en met een reden)"),
        )

    def get_urls(self):
        extra = [
            path(
                "<path:object_id>/budget-wijzigen/",
                self.admin_site.admin_view(self.change_allocation_view),
                name="dossiers_budget_change_allocation",
            )
        ]
        return extra + super().get_urls()

    def change_allocation_view(self, request, object_id):
        # Like Django's change view: an id that is no budget (unknown, "abc") is a 404, never
        # a 500; staff without the change permission are refused.
        budget = self.get_object(request, unquote(object_id))
        if budget is None:
            raise Http404(gettext("Er is geen budget met nummer %(id)s.") % {"id": object_id})
        if not self.has_change_permission(request, budget):
            raise PermissionDenied
        initial = {
            "category": budget.category,
            "band": budget.band,
            "specific_amount": budget.specific_amount,
            "from_day": timezone.localdate(),
        }
        form = AllocationChangeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            changes = {
                name: data[name]
                for name in ("category", "band", "specific_amount")
                if data[name] != getattr(budget, name)
            }
            try:
                services.change_budget_allocation(
                    budget,
                    from_day=data["from_day"],
                    reason=data["reason"],
                    by=request.user,
                    **changes,
                )
            except RuleViolations as refused:
                for violation in refused.violations:
                    field = violation.field if violation.field in form.fields else None
                    form.add_error(field, violation.text())
            else:
                self.message_user(
                    request,
                    gettext("Het budget is gewijzigd vanaf %(day)s; het verschil is geboekt.")
                    % {"day": f"{data['from_day']:%d/%m/%Y}"},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:dossiers_budget_change", args=[budget.pk])
                )
        return TemplateResponse(
            request,
            "admin/dossiers/budget/change_allocation.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Budget wijzigen"),
                "budget": budget,
                "form": form,
                "opts": self.opts,
                "original": budget,
            },
        )

    def _form_action(self, request, queryset, form_class, action, title, apply):
        """An action that asks for its data first; each budget on its own, all or nothing."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for budget in queryset:
                try:
                    with transaction.atomic():
                        apply(budget, form.cleaned_data)
                    done += 1
                except RuleViolations as refused:
                    for violation in refused.violations:
                        self.message_user(request, f"{budget}: {violation.text()}", messages.ERROR)
            return done
        return TemplateResponse(
            request,
            "admin/dossiers/budget/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "budgets": queryset,
                "form": form,
                "action": action,
                "opts": self.opts,
            },
        )

    @admin.action(
        description=_("Stopzetten (eigen keuze, overlijden of fraude)"),
        permissions=["change"],
    )
    def stop_budgets(self, request, queryset):
        result = self._form_action(
            request,
            queryset,
            StopForm,
            "stop_budgets",
            gettext("Budgetten stopzetten"),
            lambda budget, data: services.stop_budget(
                budget, on=data["on"], reason=data["reason"], by=request.user
            ),
        )
        if isinstance(result, int):
            if result:
                self.message_user(
                    request,
                    gettext("%(count)s budget(ten) stopgezet.") % {"count": result},
                    messages.SUCCESS,
                )
            return None
        return result

    @admin.action(description=_("PAB omzetten naar PVB na jeugdhulp"), permissions=["change"])
    def convert_pab_to_pvb(self, request, queryset):
        result = self._form_action(
            request,
            queryset,
            ConvertForm,
            "convert_pab_to_pvb",
            gettext("PAB omzetten naar PVB na jeugdhulp"),
            lambda budget, data: services.convert_to_pvb(
                budget,
                on=data["on"],
                scheme=data["scheme"],
                category=data["category"],
                support_plan_filed_on=data["support_plan_filed_on"],
                by=request.user,
            ),
        )
        if isinstance(result, int):
            if result:
                self.message_user(
                    request,
                    gettext("%(count)s PAB('s) omgezet naar een PVB na jeugdhulp.")
                    % {"count": result},
                    messages.SUCCESS,
                )
            return None
        return result

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
        before = None if creating else Budget.objects.get(pk=obj.pk)
        if before is not None and before.status not in NOT_STARTED_STATES:
            # Belt and braces: these fields are read-only on a running budget.
            for name in MONEY_FIELDS:
                setattr(obj, name, getattr(before, name))
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
        changes = {
            name: {
                "old": None if before is None else _plain(getattr(before, name)),
                "new": _plain(getattr(obj, name)),
            }
            for name in BUDGET_AUDITED_FIELDS
            if before is None or getattr(before, name) != getattr(obj, name)
        }
        record(
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.CHANGE,
            obj=obj,
            summary=f"Budget {obj} {'aangemaakt' if creating else 'gewijzigd'} in het beheer",
            actor=request.user,
            person_id=obj.person_id,
            details={"changes": changes},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # R10/R13: a started budget whose account was just added gets its advance now.
        services.book_advance(form.instance, on=timezone.localdate(), by=request.user)

    @admin.action(
        description=_("Opstarten vandaag (startformulieren of eerste overeenkomst)"),
        permissions=["change"],
    )
    def start_today(self, request, queryset):
        today = timezone.localdate()
        _run(
            self,
            request,
            queryset,
            lambda b: services.start_budget(b, on=today, by=request.user),
            _("%(count)s budget(ten) opgestart."),
        )

    @admin.action(
        description=_("Opstarttermijn PAB verlengen wegens overmacht (aanvraag vandaag)"),
        permissions=["change"],
    )
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


@admin.register(Relation)
class RelationAdmin(SelectedIdsMixin, NationalNumberSearchMixin, admin.ModelAdmin):
    national_number_lookup = "person__national_number"
    list_display = ["person", "kind", "relative", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["person__last_name", "relative__last_name", "person__national_number"]
    autocomplete_fields = ["person", "relative"]
