"""Forms of the costs admin: filing one statement by hand, uploading a cost file, asking the
Excel template and giving the reason of a review. They only collect what a person typed; every
rule is checked by the one filing path (``services``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from budgetlijn.costs import fileformat
from budgetlijn.costs.constants import BookingType, FiledByRole
from budgetlijn.costs.inputs import MAX_LINES, TEXT_LIMITS
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.rules import contract_types
from budgetlijn.rules import costs as cost_rules
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES

REASON_MAX_LENGTH = 2000


def cost_kind_choices() -> list[tuple[str, str]]:
    kinds = contract_types.cost_kinds()
    return [("", "---------")] + sorted(kinds.items(), key=lambda item: item[1].casefold())


def late_reason_choices() -> list[tuple[str, str]]:
    return [("", gettext("niet laattijdig"))] + [
        (code, gettext(label)) for code, label in dict(cost_rules.LATE_REASONS).items()
    ]


class FilerForm(forms.Form):
    """Who files: the agency for itself, or on behalf of the holder or an organisation."""

    filed_by_role = forms.ChoiceField(
        label=_("ingediend als"), choices=FiledByRole.choices, initial=FiledByRole.AGENCY
    )
    organisation = forms.CharField(
        label=_("bijstandsorganisatie"),
        max_length=200,
        required=False,
        help_text=_("Alleen als een bijstandsorganisatie met volmacht indient."),
    )

    filed_on = forms.DateField(
        label=_("ontvangen op"),
        required=False,
        help_text=_(
            "De dag dat het agentschap de kosten ontving; leeg: vandaag. Die dag bepaalt of ze "
            "op tijd zijn (R25)."
        ),
    )

    def clean_filed_on(self):
        day = self.cleaned_data.get("filed_on") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(
                gettext(
                    "De dag van ontvangst ligt na vandaag. Geef de dag dat de kosten toekwamen."
                )
            )
        return day

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("filed_by_role")
        if role == FiledByRole.ASSISTANCE_ORGANISATION and not cleaned.get("organisation"):
            self.add_error(
                "organisation", gettext("Geef de naam van de bijstandsorganisatie die indient.")
            )
        elif role != FiledByRole.ASSISTANCE_ORGANISATION:
            cleaned["organisation"] = ""
        return cleaned


class StatementForm(FilerForm):
    """The statement's own fields; its lines come in a formset of ``LineForm``."""

    budget_id = forms.IntegerField(
        label=_("budgetnummer"),
        min_value=1,
        help_text=_("Het nummer van het budget, zoals in de lijst van budgetten."),
    )
    year = forms.IntegerField(label=_("budgetjaar"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    field_order = ["budget_id", "year", "filed_by_role", "organisation", "filed_on"]


class LineForm(forms.Form):
    contract_id = forms.IntegerField(label=_("overeenkomst (nummer)"), min_value=1)
    cost_kind = forms.ChoiceField(label=_("kostensoort"), choices=cost_kind_choices)
    booking_type = forms.ChoiceField(
        label=_("soort boeking"), choices=BookingType.choices, initial=BookingType.COST
    )
    period_from = forms.DateField(label=_("van"))
    period_to = forms.DateField(label=_("tot en met"))
    assistant = forms.CharField(
        label=_("assistent"), max_length=TEXT_LIMITS["assistant"], required=False
    )
    quantity = forms.DecimalField(
        label=_("aantal"), max_digits=9, decimal_places=2, required=False, localize=True
    )
    amount = forms.DecimalField(
        label=_("bedrag (EUR)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        localize=True,
    )
    description = forms.CharField(
        label=_("omschrijving"), max_length=TEXT_LIMITS["description"], required=False
    )
    late_reason = forms.ChoiceField(
        label=_("reden laattijdig"), choices=late_reason_choices, required=False
    )

    def has_changed(self) -> bool:
        # A row with only its preselected booking type is an empty row, left out.
        return bool(set(self.changed_data) - {"booking_type"})

    def line(self) -> dict:
        """The line as the filing path takes it."""
        data = self.cleaned_data
        return {
            "contract_id": data["contract_id"],
            "cost_kind": data["cost_kind"],
            "booking_type": data["booking_type"],
            "period_from": data["period_from"],
            "period_to": data["period_to"],
            "assistant": data.get("assistant", ""),
            "quantity": data.get("quantity"),
            "amount": data["amount"],
            "description": data.get("description", ""),
            "late_reason": data.get("late_reason", ""),
        }


class BaseLineFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[LineForm]:
        """The lines a person filled in (empty extra rows are left out), in page order."""
        return [form for form in self.forms if form.has_changed()]


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=5,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)


class UploadForm(FilerForm):
    file = forms.FileField(
        label=_("kostenbestand"),
        help_text=gettext_lazy(
            "Een Excel-bestand (.xlsx) of CSV-bestand (UTF-8) in de kolommen van het sjabloon."
        ),
    )

    preview = forms.BooleanField(
        label=_("toon ook de beslissingen"),
        required=False,
        help_text=_(
            "Beslist elke goede rij al als proef, zonder iets te boeken, zodat u ziet wat boeken "
            "zou geven. Dat duurt bij een groot bestand even lang als het boeken zelf."
        ),
    )

    field_order = ["file", "filed_by_role", "organisation", "filed_on", "preview"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > fileformat.MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext(
                    "Dit bestand is te groot (meer dan %(mb)s MB). Verdeel de kostenlijnen over "
                    "meerdere bestanden."
                )
                % {"mb": fileformat.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class TemplateForm(forms.Form):
    budget_id = forms.IntegerField(label=_("budgetnummer"), min_value=1)
    year = forms.IntegerField(label=_("budgetjaar"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivering van de beoordeling"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De budgethouder leest deze motivering bij de beslissing over de kost."),
    )
