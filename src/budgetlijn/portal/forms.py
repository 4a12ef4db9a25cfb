"""The portal's forms. Validation that needs other rows (overlap, a deceased person, an
inactive organisation) stays in the services; the form reports their errors on its fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgetlijn.assistance.constants import RIGHT_LABELS, MandateRight, OrganisationKind
from budgetlijn.assistance.models import Organisation

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATE_INVALID = _("Vul een geldige datum in, bijvoorbeeld 31/12/2026.")

# The rights a holder chooses; VIEW is part of every mandate (decision 0017).
CHOOSABLE_RIGHTS = [
    (right.value, RIGHT_LABELS[right])
    for right in (
        MandateRight.REGISTER_CONTRACTS,
        MandateRight.FILE_COSTS,
        MandateRight.ASK_FREE_SHARE,
    )
]


def assistance_organisations():
    """The organisations a holder may give a mandate to: active assistance organisations (the
    list is public; who may grant is decided by ``access``)."""
    return Organisation.objects.filter(
        kind=OrganisationKind.ASSISTANCE_ORGANISATION, active=True
    ).order_by("name")


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GrantMandateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Bijstandsorganisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies de bijstandsorganisatie die de volmacht krijgt."),
            "invalid_choice": _("Kies een bijstandsorganisatie uit de lijst."),
        },
    )
    rights = forms.MultipleChoiceField(
        label=_("Wat mag de organisatie voor u doen?"),
        choices=CHOOSABLE_RIGHTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Uw dossier inkijken mag de organisatie altijd."),
        error_messages={"invalid_choice": _("Kies alleen rechten uit de lijst.")},
    )
    starts_on = forms.DateField(
        label=_("Begindatum"),
        input_formats=DATE_FORMATS,
        widget=date_widget(),
        error_messages={
            "required": _("Vul de begindatum in."),
            "invalid": DATE_INVALID,
        },
    )
    ends_on = forms.DateField(
        label=_("Einddatum (inbegrepen)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=date_widget(),
        help_text=_("Laat leeg voor één jaar: tot de dag vóór dezelfde dag volgend jaar."),
        error_messages={"invalid": DATE_INVALID},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = assistance_organisations()
        self.fields["starts_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("De einddatum ligt vóór de begindatum. Kies een latere einddatum.")
            )
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """The service's errors on the fields they name (others on the form as a whole)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else NON_FIELD_ERRORS, errors)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id or "", field label or "", message) for each error, fields first."""
        summary = []
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                bound = self[name]
                target = bound.id_for_label or f"{bound.auto_id}_0"  # a group: its first box
                summary.append((target, str(field.label), message))
        for message in self.non_field_errors():
            summary.append(("", "", message))
        return summary
