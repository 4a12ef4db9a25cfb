"""Organisations, their staff, mandates (R36) and acts under a mandate in the admin, in Dutch.

Every change goes through ``services`` (checks, audit event): a new organisation, a changed
one, a staff member added or deactivated, a mandate granted or revoked. Mandates and acts are
history: never changed in place nor deleted; a mandate ends by being revoked (an action)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_actions import SelectedIdsMixin
from budgetlijn.assistance import services
from budgetlijn.assistance.constants import RIGHT_FIELDS, RIGHT_LABELS
from budgetlijn.assistance.models import Mandate, MandateAct, Organisation, OrganisationMember

ORGANISATION_FIELDS = [
    "kind",
    "name",
    "enterprise_number",
    "iban",
    "bic",
    "licence_number",
    "licensed_from",
    "licensed_until",
    "active",
]


class OrganisationForm(forms.ModelForm):
    """Shows the checks of the services (a taken enterprise number, the licence limit of R36)
    on the form, before saving."""

    # Typed as printed (0403.170.701, BE68 5390 0754 7034): longer than what is stored.
    enterprise_number = forms.CharField(
        label=_("ondernemingsnummer"),
        max_length=20,
        help_text=_("Tien cijfers, met of zonder punten: 0403.170.701."),
    )
    iban = forms.CharField(label=_("rekeningnummer (IBAN)"), max_length=50)

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        for check in (services.check_enterprise_number_free, services.check_licence_limit):
            try:
                check(self.instance)
            except ValidationError as error:
                self._update_errors(error)
                return


class MemberInline(admin.TabularInline):
    """The organisation's staff, to read; added and deactivated under "Medewerkers"."""

    model = OrganisationMember
    fields = ["user", "active", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(SelectedIdsMixin, admin.ModelAdmin):
    form = OrganisationForm
    list_display = [
        "name",
        "kind",
        "enterprise",
        "licensed_from",
        "licensed_until",
        "active",
    ]
    list_filter = ["kind", "active"]
    search_fields = ["name", "enterprise_number", "licence_number"]
    ordering = ["name"]
    inlines = [MemberInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "enterprise_number", "active"]}),
        (_("Rekening"), {"fields": ["iban", "bic"]}),
        (
            _("Vergunning"),
            {
                "fields": ["licence_number", "licensed_from", "licensed_until"],
                "description": _(
                    "Hoogstens vijf bijstandsorganisaties zijn tegelijk vergund (R36)."
                ),
            },
        ),
    ]

    @admin.display(description=_("ondernemingsnummer"), ordering="enterprise_number")
    def enterprise(self, obj: Organisation) -> str:
        return obj.formatted_enterprise_number

    def has_delete_permission(self, request, obj=None):
        return False  # mandates and acts name it: deactivate instead

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ORGANISATION_FIELDS}
        if change:
            saved = services.change_organisation(
                Organisation.objects.get(pk=obj.pk), actor=request.user, **data
            )
        else:
            saved = services.create_organisation(actor=request.user, **data)
        obj.pk = saved.pk
        obj.refresh_from_db()


class MemberForm(forms.ModelForm):
    class Meta:
        model = OrganisationMember
        fields = ["organisation", "user", "active"]

    def clean(self):
        cleaned = super().clean()
        organisation, user = cleaned.get("organisation"), cleaned.get("user")
        if organisation and user and cleaned.get("active", True):
            if not organisation.active and not (
                self.instance.pk and self.instance.active and not self.has_changed()
            ):
                self.add_error(
                    "organisation",
                    gettext("%(name)s is niet meer actief: activeer de organisatie eerst.")
                    % {"name": organisation.name},
                )
            elif not user.is_active:
                self.add_error(
                    "user",
                    gettext("De gebruiker %(user)s is niet actief: activeer de gebruiker eerst.")
                    % {"user": user},
                )
        return cleaned


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(SelectedIdsMixin, admin.ModelAdmin):
    form = MemberForm
    list_display = ["user", "organisation", "active", "created_at"]
    list_filter = ["active", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]

    def get_readonly_fields(self, request, obj=None):
        # A membership stays one person's at one organisation: only "actief" changes.
        return ["organisation", "user", "created_at"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # acts name the staff member: deactivate instead

    def save_model(self, request, obj, form, change):
        organisation, user = obj.organisation, obj.user
        if obj.active:
            saved = services.add_member(organisation, user, actor=request.user)
        elif change:
            services.remove_member(organisation, user, actor=request.user)
            saved = OrganisationMember.objects.get(organisation=organisation, user=user)
        else:
            saved = services.add_member(organisation, user, actor=request.user)
            services.remove_member(organisation, user, actor=request.user)
        obj.pk = saved.pk
        obj.refresh_from_db()


class MandateForm(forms.ModelForm):
    """A mandate the agency enters for a holder (on paper): checked by the services before it
    is saved; the end may be left empty (one year, R36)."""

    class Meta:
        model = Mandate
        fields = [
            "person",
            "organisation",
            "may_register_contracts",
            "may_file_costs",
            "may_ask_free_share",
            "starts_on",
            "ends_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "ends_on" in self.fields:
            self.fields["ends_on"].required = False
            self.fields["ends_on"].help_text = _(
                "Leeg laten: het mandaat loopt één jaar (tot de dag vóór dezelfde datum een "
                "jaar later)."
            )

    def rights(self) -> set:
        return {
            right
            for right, field in RIGHT_FIELDS.items()
            if field == "may_view" or self.cleaned_data.get(field)
        }

    def _post_clean(self):
        # Not the model's own validation: prepare_mandate runs it, with the services' checks.
        cleaned = self.cleaned_data
        if self.errors or not all(cleaned.get(name) for name in ("person", "organisation")):
            return
        try:
            self.prepared = services.prepare_mandate(
                person=cleaned["person"],
                organisation=cleaned["organisation"],
                rights=self.rights(),
                starts_on=cleaned["starts_on"],
                ends_on=cleaned.get("ends_on"),
            )
        except ValidationError as error:
            self._update_errors(error)


class MandateStateFilter(admin.SimpleListFilter):
    title = _("toestand vandaag")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", _("van kracht")),
            ("future", _("nog niet begonnen")),
            ("ended", _("afgelopen")),
            ("revoked", _("ingetrokken")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "active":
            return queryset.active_on(today)
        if value == "future":
            return queryset.filter(revoked_at__isnull=True, starts_on__gt=today)
        if value == "ended":
            return queryset.filter(revoked_at__isnull=True, ends_on__lt=today)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(Mandate)
class MandateAdmin(SelectedIdsMixin, admin.ModelAdmin):
    form = MandateForm
    list_display = [
        "person",
        "organisation",
        "starts_on",
        "ends_on",
        "rights_display",
        "state",
    ]
    list_filter = [MandateStateFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__last_name", "person__first_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    actions = ["revoke"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A mandate is history: it is never changed, only revoked.
        return [
            "person",
            "organisation",
            "rights_display",
            "starts_on",
            "ends_on",
            "granted_by",
            "granted_at",
            "revoked_at",
            "revoked_by",
            "reminder_sent_at",
        ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return super().get_fields(request, obj)
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("rechten"))
    def rights_display(self, obj: Mandate) -> str:
        return ", ".join(str(RIGHT_LABELS[right]) for right in sorted(obj.rights))

    @admin.display(description=_("toestand vandaag"))
    def state(self, obj: Mandate) -> str:
        today = timezone.localdate()
        if obj.revoked_at is not None:
            return gettext("ingetrokken")
        if obj.starts_on > today:
            return gettext("nog niet begonnen")
        if obj.ends_on < today:
            return gettext("afgelopen")
        return gettext("van kracht")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:  # every field is read-only: nothing to save
            return
        cleaned = form.cleaned_data
        saved = services.grant_mandate(
            person=cleaned["person"],
            organisation=cleaned["organisation"],
            rights=form.rights(),
            starts_on=cleaned["starts_on"],
            ends_on=cleaned.get("ends_on"),
            actor=request.user,
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    @admin.action(description=_("Intrekken (meteen)"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for mandate in queryset.select_related("organisation"):
            if mandate.revoked_at is None:
                services.revoke_mandate(mandate, actor=request.user)
                revoked += 1
        self.message_user(
            request,
            gettext("%(count)s mandaat/mandaten ingetrokken.") % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(MandateAct)
class MandateActAdmin(admin.ModelAdmin):
    """What was done under a mandate: read only (append-only)."""

    list_display = ["at", "action", "user", "organisation", "person", "summary"]
    list_filter = ["action"]
    list_select_related = ["user", "organisation", "person"]
    search_fields = ["summary", "organisation__name", "person__last_name", "=person__id"]
    readonly_fields = [f.name for f in MandateAct._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
