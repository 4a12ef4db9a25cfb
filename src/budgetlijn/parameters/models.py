"""Values of dated parameters that an administrator of the agency adds without a code change.

The files in ``rules/parameters/*.yaml`` define the parameters; a ``ParameterOverride`` adds a
value to one of them, for example next year's indexed amount. Resolution (which value is in
force on a day) is described in ``budgetlijn.rules.parameters`` and
docs/decisions/0003-parameter-overrides.md.

Rows are not changed or deleted: a wrong value is corrected by a new row that ``replaces`` it
(the replaced row then no longer counts). So the table is the history of who entered what.
The model refuses a change or deletion (``budgetlijn.append_only``), and so does the database
on every backend (triggers, migration 0002).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from budgetlijn.parameters.constants import ErrorCode
from budgetlijn.rules import parameters

WHOLE_UNITS = frozenset({"maanden", "dagen", "weken", "jaar"})


class ParameterOverrideIsAppendOnly(AppendOnlyError):
    """Raised on any attempt to change or delete an administrator value."""

    code = ErrorCode.APPEND_ONLY
    default_message = _(
        "Een ingevoerde parameterwaarde wordt nooit gewijzigd of verwijderd. Is ze fout, voer "
        "dan een correctie in die ze vervangt."
    )


class ParameterOverrideQuerySet(AppendOnlyQuerySet):
    def active(self):
        """The values that count: those no correction replaced."""
        return self.filter(replaced_by__isnull=True)


class ParameterOverride(AppendOnlyModel):
    name = models.CharField(
        _("parameter"),
        max_length=120,
        db_index=True,
        help_text=_("De naam van een bestaande parameter, bv. pab.yearly_amount.I.1."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(
        _("geldig tot en met"),
        blank=True,
        null=True,
        help_text=_("Leeg laten als de waarde geldt tot er een nieuwere is."),
    )
    value = models.DecimalField(
        _("waarde"),
        max_digits=18,
        decimal_places=8,
        help_text=_(
            "Met een punt als decimaalteken, bv. 12500.00; een percentage als fractie, "
            "bv. 0.05 voor 5 %."
        ),
    )
    reference = models.TextField(
        _("bron"),
        help_text=_(
            "Waar het cijfer vandaan komt, bv. 'Ministerieel besluit van ..., tabel 3' of de "
            "webpagina van het agentschap met datum."
        ),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="replaced_by",
        verbose_name=_("verbetert"),
        help_text=_(
            "Alleen voor een correctie: de eerder ingevoerde waarde die deze vervangt. "
            "De vervangen waarde telt niet meer mee."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    created_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)

    append_only_error = ParameterOverrideIsAppendOnly
    objects = ParameterOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("aangepaste parameterwaarde")
        verbose_name_plural = _("aangepaste parameterwaarden")
        ordering = ["name", "valid_from", "id"]
        indexes = [models.Index(fields=["name", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="parameter_override_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="parameter_override_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} vanaf {self.valid_from:%d/%m/%Y}: {self.value}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        definition = None
        if self.name:
            try:
                definition = parameters.definition(self.name)
            except parameters.UnknownParameter:
                errors.setdefault("name", []).append(
                    _(
                        "Er bestaat geen parameter '%(name)s'. Kies een naam uit de lijst van "
                        "parameters (beheer: overzicht van de parameters, of de opdracht "
                        "show_parameters); een nieuwe parameter kan alleen in de "
                        "parameterbestanden."
                    )
                    % {"name": self.name}
                )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors.setdefault("valid_until", []).append(
                _("De einddatum ligt vóór de begindatum. Controleer de data.")
            )
        # Not a Decimal: clean_fields already named the field (text that is no number).
        number = self.value if isinstance(self.value, Decimal) else None
        if number is not None and definition is not None:
            problem = value_problem(number, definition.unit)
            if problem:
                errors.setdefault("value", []).append(problem)
        elif number is not None and number < 0:
            errors.setdefault("value", []).append(_("De waarde kan niet negatief zijn."))
        if self.reference is not None and not self.reference.strip() and "reference" not in errors:
            errors.setdefault("reference", []).append(
                _("Vermeld de bron van het cijfer, zodat anderen het kunnen nagaan.")
            )
        replaced = None
        if self.replaces_id:
            replaced = ParameterOverride.objects.filter(pk=self.replaces_id).first()
        if replaced is not None:
            if replaced.name != self.name:
                errors.setdefault("replaces", []).append(
                    _("Een correctie vervangt een waarde van dezelfde parameter (%(name)s).")
                    % {"name": replaced.name}
                )
            taken = ParameterOverride.objects.filter(replaces_id=self.replaces_id)
            if self.pk:
                taken = taken.exclude(pk=self.pk)
            if taken.exists():
                errors.setdefault("replaces", []).append(
                    _("Deze waarde werd al verbeterd; verbeter de nieuwste versie.")
                )
        if self.name and self.valid_from and "name" not in errors:
            same_start = ParameterOverride.objects.active().filter(
                name=self.name, valid_from=self.valid_from
            )
            if self.pk:
                same_start = same_start.exclude(pk=self.pk)
            if self.replaces_id:
                same_start = same_start.exclude(pk=self.replaces_id)
            if same_start.exists():
                errors.setdefault("valid_from", []).append(
                    _(
                        "Voor %(name)s is er al een aangepaste waarde vanaf %(day)s. Is die fout, "
                        "voer dan een correctie in die ze verbetert."
                    )
                    % {"name": self.name, "day": self.valid_from.strftime("%d/%m/%Y")}
                )
        if errors:
            raise ValidationError(errors)


def value_problem(value: Decimal, unit: str) -> str | None:
    """A Dutch message when the value does not suit the parameter's unit, else None."""
    if value < 0:
        return str(_("De waarde kan niet negatief zijn."))
    if unit.startswith("EUR") and value == 0:
        return str(_("Een bedrag moet groter zijn dan 0."))
    if unit.startswith("fractie") and value > 1:
        return str(
            _(
                "Deze parameter is een fractie tussen 0 en 1: schrijf bv. 0.05 voor 5 %% "
                "(niet %(value)s)."
            )
            % {"value": value}
        )
    if unit in WHOLE_UNITS and value != value.to_integral_value():
        return str(_("Deze parameter telt in hele %(unit)s.") % {"unit": unit})
    return None
