"""Contracts between a budget holder and the people and organisations that support the person,
their versions and the agency's decision; short-term support used; MFC combination (R4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.contracts.constants import (
    ContractStatus,
    CounterpartyKind,
    ExcludedUse,
    PaymentMode,
    ProviderKind,
    RegisteredByRole,
    ShortTermCounter,
)
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES


class Contract(models.Model):
    """One version of a contract. A change to an approved contract is a new version that is
    approved again; the previous version stays as it was (history)."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("budget")
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="next_version",
        verbose_name=_("vorige versie"),
    )
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    type_code = models.CharField(_("soort overeenkomst"), max_length=60)
    payment_mode = models.CharField(
        _("betaling"), max_length=8, choices=PaymentMode.choices, default=PaymentMode.CASH
    )

    counterparty_kind = models.CharField(
        _("andere partij is een"), max_length=10, choices=CounterpartyKind.choices
    )
    counterparty_name = models.CharField(_("naam van de andere partij"), max_length=200)
    counterparty_national_number = models.CharField(
        _("rijksregister- of BIS-nummer van de assistent"), max_length=11, blank=True
    )
    counterparty_enterprise_number = models.CharField(
        _("ondernemingsnummer"), max_length=10, blank=True
    )
    counterparty_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="contracts_as_assistant",
        verbose_name=_("assistent (persoon in het dossier)"),
    )
    counterparty_lives_abroad = models.BooleanField(
        _("assistent woont in het buitenland"), default=False
    )
    provider_kind = models.CharField(
        _("soort zorgaanbieder"),
        max_length=24,
        choices=ProviderKind.choices,
        default=ProviderKind.NONE,
    )
    family_second_degree = models.BooleanField(_("familielid tot de tweede graad"), default=False)
    same_household = models.BooleanField(
        _("lid van het gezin (zelfde hoofdverblijfplaats)"), default=False
    )

    minor_name = models.CharField(_("naam van de minderjarige"), max_length=200, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), blank=True, null=True)
    indefinite_duration = models.BooleanField(
        _("van onbepaalde duur (geen einddatum)"), default=False
    )
    notice_terms = models.TextField(_("opzegregeling"), blank=True)
    task_description = models.TextField(_("taakomschrijving"), blank=True)
    weekly_hours = models.DecimalField(
        _("wekelijkse prestatieduur (uren)"), max_digits=5, decimal_places=2, blank=True, null=True
    )
    hourly_cost = models.DecimalField(
        _("kostprijs per uur (uurloon, bruto)"),
        max_digits=12,
        decimal_places=6,
        blank=True,
        null=True,
    )
    payment_terms = models.TextField(_("betalingsbepalingen"), blank=True)
    holder_signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="contracts_signed_as_holder",
        verbose_name=_("ondertekend door (budgethouder)"),
    )
    holder_signed_on = models.DateField(
        _("ondertekend door de budgethouder op"), blank=True, null=True
    )
    counterparty_signed_on = models.DateField(
        _("ondertekend door de andere partij op"), blank=True, null=True
    )

    holder_enterprise_number = models.CharField(
        _("ondernemingsnummer van de budgethouder als werkgever"), max_length=10, blank=True
    )
    student_minor = models.BooleanField(_("minderjarige student"), default=False)
    parents_consent_on = models.DateField(
        _("machtiging van de ouders van de student op"), blank=True, null=True
    )
    wijk_werk_registered_on = models.DateField(
        _("inschrijvingsdocument wijk-werken van"), blank=True, null=True
    )
    provider_declaration_on = models.DateField(
        _("verklaring van de organisatie ontvangen op"), blank=True, null=True
    )
    supervising_guardian_signed_on = models.DateField(
        _("ondertekend door de toeziende voogd op"), blank=True, null=True
    )
    justice_of_peace_consent_on = models.DateField(
        _("toestemming van de vrederechter op"), blank=True, null=True
    )
    support_function = models.CharField(_("ondersteuningsfunctie"), max_length=60, blank=True)
    excluded_use = models.CharField(
        _("gebruik dat een PAB uitsluit"), max_length=32, choices=ExcludedUse.choices, blank=True
    )
    hotel_costs_included = models.BooleanField(_("hotelkosten inbegrepen"), default=False)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContractStatus.choices,
        default=ContractStatus.REGISTERED,
    )
    registered_on = models.DateField(_("geregistreerd op"))
    registered_at = models.DateTimeField(_("geregistreerd (tijdstip)"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    registered_by_role = models.CharField(
        _("geregistreerd als"), max_length=24, choices=RegisteredByRole.choices
    )
    registered_by_organisation = models.CharField(
        _("bijstandsorganisatie"), max_length=200, blank=True
    )
    decided_on = models.DateField(_("beslist op"), blank=True, null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    refusal_reason = models.TextField(_("reden van weigering"), blank=True)

    class Meta:
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        ordering = ["registered_at", "id"]
        indexes = [models.Index(fields=["status", "registered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_label} met {self.counterparty_name} (v{self.version})"

    @property
    def type_label(self) -> str:
        from budgetlijn.rules import contract_types

        try:
            return contract_types.contract_type(self.type_code).label
        except Exception:  # noqa: BLE001 - an unknown code is shown as is
            return self.type_code

    @property
    def root(self) -> "Contract":
        contract = self
        while contract.previous_id:
            contract = contract.previous
        return contract


class ShortTermUsage(models.Model):
    """Days, nights or sessions of short-term support used (R21), per contract."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="short_term_usages", verbose_name=_("budget")
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="short_term_usages",
        verbose_name=_("overeenkomst"),
    )
    on = models.DateField(_("datum"))
    counter = models.CharField(_("teller"), max_length=10, choices=ShortTermCounter.choices)
    quantity = models.DecimalField(_("aantal"), max_digits=5, decimal_places=1)
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        verbose_name = _("kortdurende ondersteuning")
        verbose_name_plural = _("kortdurende ondersteuning")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["budget", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="short_term_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.quantity} {self.get_counter_display()}"


class MfcCombination(models.Model):
    """A PAB combined with an MFC (R4): days per week at the MFC from a date."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="mfc_combinations", verbose_name=_("budget")
    )
    mfc_name = models.CharField(_("multifunctioneel centrum"), max_length=200)
    days_per_week = models.DecimalField(
        _("dagen per week in het MFC"), max_digits=3, decimal_places=1
    )
    changed_on = models.DateField(_("combinatie (gewijzigd) sinds"))
    reported_on = models.DateField(_("schriftelijk gemeld op"))
    effective_from = models.DateField(_("budget aangepast vanaf"))
    yearly_reduction = models.DecimalField(
        _("vermindering op jaarbasis"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        verbose_name = _("combinatie met een MFC")
        verbose_name_plural = _("combinaties met een MFC")
        ordering = ["budget", "effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days_per_week__gte=0) & models.Q(days_per_week__lte=7),
                name="mfc_days_per_week_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mfc_name}: {self.days_per_week} dagen/week vanaf {self.effective_from}"


class PendingContract(Contract):
    """The agency's approval queue: registered contracts, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("overeenkomst ter goedkeuring")
        verbose_name_plural = _("goedkeuringswachtrij")
