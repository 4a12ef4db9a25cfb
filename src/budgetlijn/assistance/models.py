"""Organisations (assistance organisations, providers), their staff, mandates (R36) and the
acts done under a mandate.

Validation of single fields lives on the models (``clean``), so the admin and the services
say the same; rules that look at other rows (the licence limit, overlapping mandates) live in
``services``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import exceptions as stdnum_exceptions
from stdnum.be import vat

from budgetlijn.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from budgetlijn.assistance.constants import (
    RIGHT_FIELDS,
    ErrorCode,
    MandateAction,
    MandateRight,
    OrganisationKind,
)
from budgetlijn.dossiers.models import Person, TimeStamped
from budgetlijn.rules.accounts import format_iban

# Kinds of organisation that hold a licence of the agency (a non-licensed provider has none).
LICENSED_KINDS = frozenset(
    {
        OrganisationKind.ASSISTANCE_ORGANISATION,
        OrganisationKind.LICENSED_PROVIDER,
        OrganisationKind.MULTIFUNCTIONAL_CENTRE,
    }
)


def compact_enterprise_number(value: str) -> str:
    """The enterprise number as ten digits (python-stdnum ``be.vat``), or a ValidationError in
    Dutch naming the field."""
    try:
        return vat.validate(value or "")
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            {
                "enterprise_number": ValidationError(
                    _(
                        "'%(value)s' is geen geldig ondernemingsnummer. Vul de tien cijfers in "
                        "zoals in de Kruispuntbank van Ondernemingen, bijvoorbeeld 0403.170.701."
                    ),
                    code=ErrorCode.ORGANISATION_ENTERPRISE_NUMBER_INVALID,
                    params={"value": value},
                )
            }
        ) from exc


def format_enterprise_number(value: str) -> str:
    """As printed by the KBO: 0403.170.701 (a value that is no enterprise number: unchanged)."""
    if not vat.is_valid(value or ""):
        return value
    number = vat.compact(value)
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


class Organisation(TimeStamped):
    """An assistance organisation or a provider, with its staff (``OrganisationMember``)."""

    kind = models.CharField(_("soort organisatie"), max_length=24, choices=OrganisationKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    enterprise_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=10,
        unique=True,
        help_text=_("Tien cijfers, met of zonder punten: 0403.170.701."),
    )
    iban = models.CharField(_("rekeningnummer (IBAN)"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    licence_number = models.CharField(_("vergunningsnummer"), max_length=40, blank=True)
    licensed_from = models.DateField(_("vergund vanaf"), blank=True, null=True)
    licensed_until = models.DateField(
        _("vergund tot en met"),
        blank=True,
        null=True,
        help_text=_("Leeg laten als de vergunning geen einddatum heeft."),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licensed_until__isnull=True)
                | models.Q(
                    licensed_from__isnull=False, licensed_until__gte=models.F("licensed_from")
                ),
                name="organisation_licence_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def formatted_enterprise_number(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    @property
    def formatted_iban(self) -> str:
        return format_iban(self.iban)

    def is_licensed_on(self, day: date) -> bool:
        return (
            self.licensed_from is not None
            and self.licensed_from <= day
            and (self.licensed_until is None or day <= self.licensed_until)
        )

    def clean_fields(self, exclude=None) -> None:
        exclude = set(exclude or ())
        errors: dict[str, list] = {}
        if "enterprise_number" not in exclude:
            try:
                self.enterprise_number = compact_enterprise_number(self.enterprise_number)
            except ValidationError as exc:
                errors.update(exc.error_dict)
        if "iban" not in exclude:
            try:
                self.iban = IBAN(self.iban or "").compact
            except SchwiftyException:
                errors["iban"] = [
                    ValidationError(
                        _(
                            "'%(value)s' is geen geldig IBAN-rekeningnummer. Controleer het "
                            "nummer, bijvoorbeeld BE68 5390 0754 7034."
                        ),
                        code=ErrorCode.ORGANISATION_IBAN_INVALID,
                        params={"value": self.iban},
                    )
                ]
        if "bic" not in exclude and self.bic:
            try:
                self.bic = BIC(self.bic).compact
            except SchwiftyException:
                errors["bic"] = [
                    ValidationError(
                        _(
                            "'%(value)s' is geen geldige BIC. Vul de 8 of 11 tekens in, "
                            "bijvoorbeeld GEBABEBB, of laat het veld leeg."
                        ),
                        code=ErrorCode.ORGANISATION_BIC_INVALID,
                        params={"value": self.bic},
                    )
                ]
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        super().clean()
        if self.licensed_until and not self.licensed_from:
            raise ValidationError(
                {
                    "licensed_from": ValidationError(
                        _("Vul de begindatum van de vergunning in, of laat ook de einddatum leeg."),
                        code=ErrorCode.ORGANISATION_LICENCE_DATES,
                    )
                }
            )
        if self.licensed_from and self.licensed_until and self.licensed_until < self.licensed_from:
            raise ValidationError(
                {
                    "licensed_until": ValidationError(
                        _("De einddatum van de vergunning ligt vóór de begindatum."),
                        code=ErrorCode.ORGANISATION_LICENCE_DATES,
                    )
                }
            )
        if self.licensed_from and self.kind not in LICENSED_KINDS:
            raise ValidationError(
                {
                    "licensed_from": ValidationError(
                        _(
                            "Een niet-vergunde zorgaanbieder heeft geen vergunning: laat de "
                            "vergunningsdata leeg of kies een andere soort organisatie."
                        ),
                        code=ErrorCode.ORGANISATION_LICENCE_NOT_FOR_KIND,
                    )
                }
            )


class OrganisationMember(TimeStamped):
    """A staff member of an organisation: a user who may act for it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organisation_memberships",
        verbose_name=_("gebruiker"),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("medewerker van een organisatie")
        verbose_name_plural = _("medewerkers van organisaties")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="member_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class MandateQuerySet(models.QuerySet):
    def active_on(self, day: date) -> "MandateQuerySet":
        """Mandates in force on ``day``: not revoked (a revocation takes effect at once) and
        ``starts_on <= day <= ends_on``."""
        return self.filter(revoked_at__isnull=True, starts_on__lte=day, ends_on__gte=day)

    def with_right(self, right: MandateRight) -> "MandateQuerySet":
        return self.filter(**{RIGHT_FIELDS[MandateRight(right)]: True})


class Mandate(models.Model):
    """A holder's mandate to an organisation on a dossier (a person), with rights (R36)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("dossier (persoon)"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("organisatie"),
    )
    may_view = models.BooleanField(_("mag het dossier inkijken"), default=True, editable=False)
    may_register_contracts = models.BooleanField(_("mag overeenkomsten registreren"), default=False)
    may_file_costs = models.BooleanField(_("mag kosten indienen"), default=False)
    may_ask_free_share = models.BooleanField(
        _("mag het vrij besteedbaar deel aanvragen"), default=False
    )
    starts_on = models.DateField(_("begindatum"))
    ends_on = models.DateField(_("einddatum (inbegrepen)"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="mandates_granted",
        verbose_name=_("gegeven door"),
        help_text=_("Leeg: ingevoerd door het agentschap of het systeem."),
    )
    granted_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ingetrokken op"), blank=True, null=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="mandates_revoked",
        verbose_name=_("ingetrokken door"),
    )
    reminder_sent_at = models.DateTimeField(
        _("herinnering verstuurd op"),
        blank=True,
        null=True,
        help_text=_("Wanneer de herinnering dat het mandaat afloopt verstuurd werd (één keer)."),
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(may_view=True), name="mandate_may_view"),
        ]
        indexes = [
            models.Index(fields=["person", "organisation"], name="mandate_person_org"),
            models.Index(fields=["organisation", "ends_on"], name="mandate_org_ends"),
            models.Index(fields=["ends_on"], name="mandate_ends_on"),
        ]

    def __str__(self) -> str:
        return _("Mandaat van %(person)s aan %(organisation)s (%(start)s - %(end)s)") % {
            "person": self.person,
            "organisation": self.organisation,
            "start": f"{self.starts_on:%d/%m/%Y}",
            "end": f"{self.ends_on:%d/%m/%Y}",
        }

    @property
    def rights(self) -> set[MandateRight]:
        return {right for right, field in RIGHT_FIELDS.items() if getattr(self, field)}

    def has_right(self, right: MandateRight) -> bool:
        return bool(getattr(self, RIGHT_FIELDS[MandateRight(right)]))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_active_on(self, day: date) -> bool:
        return self.revoked_at is None and self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": ValidationError(
                        _("De einddatum van het mandaat ligt vóór de begindatum (%(start)s)."),
                        code=ErrorCode.MANDATE_ENDS_BEFORE_START,
                        params={"start": f"{self.starts_on:%d/%m/%Y}"},
                    )
                }
            )


class MandateActsAreAppendOnly(AppendOnlyError):
    code = ErrorCode.MANDATE_ACT_APPEND_ONLY
    default_message = _(
        "De handelingen onder een mandaat kunnen alleen aangevuld worden: een handeling wordt "
        "nooit gewijzigd of verwijderd."
    )


class MandateAct(AppendOnlyModel):
    """What a staff member did under a mandate: who, for which organisation, for whom. The
    holder sees these. Append-only (``budgetlijn.append_only``)."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="mandate_acts",
        verbose_name=_("door"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandate_acts",
        verbose_name=_("voor organisatie"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="mandate_acts",
        verbose_name=_("voor dossier (persoon)"),
    )
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="acts", verbose_name=_("mandaat")
    )
    action = models.CharField(_("handeling"), max_length=24, choices=MandateAction.choices)
    object_type = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=40, blank=True)
    summary = models.CharField(_("samenvatting"), max_length=255)

    append_only_error = MandateActsAreAppendOnly
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("handeling onder mandaat")
        verbose_name_plural = _("handelingen onder mandaat")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="mandate_act_person_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"
