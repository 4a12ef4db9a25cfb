"""Admin: administrator values of parameters (add only) and an overview of all parameters."""

from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgetlijn.parameters import services
from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.parameters.selectors import overview_rows
from budgetlijn.rules import parameters


def parameter_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [
        (name, f"{name} – {parameters.definition(name).description}") for name in parameters.names()
    ]


class ParameterOverrideForm(forms.ModelForm):
    name = forms.ChoiceField(label=_("parameter"), choices=parameter_choices)

    class Meta:
        model = ParameterOverride
        fields = ["name", "valid_from", "valid_until", "value", "reference", "replaces"]


@admin.register(ParameterOverride)
class ParameterOverrideAdmin(admin.ModelAdmin):
    form = ParameterOverrideForm
    change_list_template = "admin/parameters/parameteroverride/change_list.html"
    list_display = [
        "name",
        "valid_from",
        "valid_until",
        "value",
        "short_reference",
        "replaces",
        "is_active",
        "created_by",
        "created_at",
    ]
    list_filter = ["valid_from"]
    search_fields = ["name", "reference"]
    date_hierarchy = "valid_from"
    list_select_related = ["created_by", "replaces", "replaced_by"]
    raw_id_fields = ["replaces"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=_("bron"))
    def short_reference(self, obj: ParameterOverride) -> str:
        return obj.reference if len(obj.reference) <= 60 else obj.reference[:59] + "…"

    @admin.display(description=_("telt mee"), boolean=True)
    def is_active(self, obj: ParameterOverride) -> bool:
        return not hasattr(obj, "replaced_by")

    # Append-only: rows are added, never changed or deleted; a correction replaces a row.
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            raise PermissionDenied
        try:
            saved = services.add_override(
                name=obj.name,
                valid_from=obj.valid_from,
                valid_until=obj.valid_until,
                value=obj.value,
                reference=obj.reference,
                replaces=obj.replaces,
                by=request.user,
            )
        except ValidationError as exc:  # checked by the form already; a race at most
            raise PermissionDenied(exc) from exc
        obj.pk = saved.pk
        obj.created_by = saved.created_by
        obj.created_at = saved.created_at

    def get_urls(self):
        view = self.admin_site.admin_view(self.overview_view)
        return [
            path("overzicht/", view, name="parameters_parameteroverride_overview"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "overview_url": reverse("admin:parameters_parameteroverride_overview"),
        }
        return super().changelist_view(request, extra_context)

    def overview_view(self, request):
        """Read-only list of every parameter and the value in force on a day (?datum=)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        raw = request.GET.get("datum", "")
        error = ""
        try:
            on = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            on = timezone.localdate()
            error = _("'%(raw)s' is geen geldige datum; getoond wordt vandaag.") % {"raw": raw}
        prefix = request.GET.get("q", "").strip()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Parameters op %(day)s") % {"day": on.strftime("%d/%m/%Y")},
            "opts": self.model._meta,
            "rows": overview_rows(on, prefix),
            "on": on,
            "prefix": prefix,
            "error": error,
            "changelist_url": reverse("admin:parameters_parameteroverride_changelist"),
        }
        return TemplateResponse(request, "admin/parameters/overview.html", context)
