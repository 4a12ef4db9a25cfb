"""Persons, their representatives, budgets and their life cycle, budget accounts."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgetlijn.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from budgetlijn.dossiers.constants import (
    AccountHolderKind,
    BudgetKind,
    BudgetStatus,
    ErrorCode,
    HolderRole,
    PaymentMode,
    Province,
    PvbScheme,
    RelationKind,
    StopReason,
)
from budgetlijn.rules import accounts as account_rules
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules import identity
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES
from budgetlijn.rules.violations import Violation


def violations_to_error(violations: list[Violation], default_field: str | None = None) -> None:
    """Raise one ValidationError with every violation, by field, in Dutch."""
    if not violations:
        return
    errors: dict[str, list[ValidationError]] = {}
    for violation in violations:
        key = violation.field or default_field or "__all__"
        error = ValidationError(violation.text(), code=violation.code)
        error.rule_id = violation.rule_id  # kept for services that report violations
        errors.setdefault(key, []).append(error)
    raise ValidationError(errors)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class Person(TimeStamped):
    """A person: the person with a disability, a parent, a guardian, an assistant..."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("familienaam"), max_length=100)
    national_number = models.CharField(
        _("rijksregisternummer"),
        max_length=11,
        unique=True,
        help_text=_("11 cijfers, met of zonder punten en streepje: 85.07.30-033.28"),
    )
    birth_date = models.DateField(
        _("geboortedatum"),
        blank=True,
        null=True,
        help_text=_("Leeg laten: we lezen ze uit het rijksregisternummer."),
    )
    date_of_death = models.DateField(_("datum van overlijden"), blank=True, null=True)
    province = models.CharField(_("provincie"), max_length=3, choices=Province.choices)
    municipality = models.CharField(_("gemeente"), max_length=100)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    care_allowance_since = models.DateField(
        _("zorgbudget voor mensen met een handicap sinds"), blank=True, null=True
    )
    care_allowance_stopped_on = models.DateField(
        _("zorgbudget stopgezet op"),
        blank=True,
        null=True,
        help_text=_("Het zorgbudget stopt zodra een PVB of PAB opstart (R5)."),
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean_fields(self, exclude=None) -> None:
        # Accept the number as printed on the identity card: 85.07.30-033.28.
        self.national_number = identity.strip_punctuation(self.national_number)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        violations = identity.check_national_number(self.national_number, self.birth_date)
        violations_to_error(violations, "national_number")
        parsed = identity.parse_national_number(self.national_number)
        self.national_number = parsed.compact
        if self.birth_date is None:
            self.birth_date = parsed.birth_date
        if self.birth_date is None:
            raise ValidationError(
                {
                    "birth_date": _(
                        "Dit rijksregisternummer bevat geen volledige geboortedatum. "
                        "Vul de geboortedatum in."
                    )
                }
            )
        if self.date_of_death and self.date_of_death < self.birth_date:
            raise ValidationError(
                {
                    "date_of_death": _(
                        "De datum van overlijden ligt vóór de geboortedatum. Controleer de datum."
                    )
                }
            )
        if self.date_of_death and self.date_of_death > timezone.localdate():
            # A death is recorded once it happened: a future day would stop the budgets now.
            raise ValidationError(
                {
                    "date_of_death": _(
                        "De datum van overlijden ligt in de toekomst. Vul de dag van het "
                        "overlijden in, vandaag of vroeger."
                    )
                }
            )

    def age_on(self, day: date) -> int:
        return identity.age_on(self.birth_date, day)

    @property
    def masked_national_number(self) -> str:
        return identity.mask(self.national_number)


class Relation(TimeStamped):
    """A relative or representative of the person with a disability (R9)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relations", verbose_name=_("persoon")
    )
    relative = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="relations_as_relative",
        verbose_name=_("verwante of vertegenwoordiger"),
    )
    kind = models.CharField(_("relatie"), max_length=24, choices=RelationKind.choices)
    valid_from = models.DateField(_("geldig vanaf"), blank=True, null=True)
    valid_until = models.DateField(_("geldig tot"), blank=True, null=True)

    class Meta:
        verbose_name = _("verwante of vertegenwoordiger")
        verbose_name_plural = _("verwanten en vertegenwoordigers")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relation_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} ({self.get_kind_display()} van {self.person})"

    def clean(self) -> None:
        super().clean()
        if self.person_id and self.person_id == self.relative_id:
            raise ValidationError(
                {
                    "relative": _(
                        "Iemand kan niet zijn eigen verwante zijn. Kies een andere persoon."
                    )
                }
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("De einddatum ligt vóór de begindatum. Controleer de data.")}
            )


class Budget(TimeStamped):
    """A budget made available to a person: PVB, PAB or convenant, with its life cycle."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("persoon")
    )
    kind = models.CharField(_("soort budget"), max_length=10, choices=BudgetKind.choices)
    scheme = models.CharField(
        _("indeling PVB-categorieën"),
        max_length=3,
        choices=PvbScheme.choices,
        blank=True,
        help_text=_("Alleen voor een PVB: de oude (I-XII) of de nieuwe indeling (1-24)."),
    )
    category = models.CharField(_("budgetcategorie"), max_length=40)
    band = models.PositiveSmallIntegerField(
        _("budgetschijf"), blank=True, null=True, help_text=_("Alleen voor een PAB.")
    )
    specific_amount = models.DecimalField(
        _("specifiek toegekend jaarbedrag"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        blank=True,
        null=True,
        help_text=_(
            "Alleen als de toekenningsbrief een eigen bedrag noemt, zoals bij een convenant "
            "van categorie 'ander'."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.ALLOCATED
    )
    applied_on = models.DateField(
        _("aangevraagd op"),
        blank=True,
        null=True,
        help_text=_("De leeftijdsgrens (PAB voor minderjarigen) geldt op de dag van de aanvraag."),
    )
    allocated_on = models.DateField(_("datum van de toekenningsbrief"))
    letter_received_on = models.DateField(_("brief ontvangen op"))
    extension_requested_on = models.DateField(_("verlenging aangevraagd op"), blank=True, null=True)
    extension_granted_on = models.DateField(_("verlenging toegestaan op"), blank=True, null=True)
    started_on = models.DateField(_("opgestart op"), blank=True, null=True)
    lapsed_on = models.DateField(_("vervallen op"), blank=True, null=True)
    stopped_on = models.DateField(_("stopgezet op"), blank=True, null=True)
    stop_reason = models.CharField(
        _("reden van stopzetting"), max_length=10, choices=StopReason.choices, blank=True
    )
    support_plan_filed_on = models.DateField(
        _("ondersteuningsplan PVB ingediend op"),
        blank=True,
        null=True,
        help_text=_("PAB: vóór de 22ste verjaardag, om het PAB later om te zetten naar een PVB."),
    )
    converted_on = models.DateField(_("omgezet op"), blank=True, null=True)
    converted_to = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="converted_from",
        verbose_name=_("omgezet naar"),
    )
    payment_mode = models.CharField(
        _("besteding"), max_length=12, choices=PaymentMode.choices, default=PaymentMode.CASH
    )
    estimated_cash_amount = models.DecimalField(
        _("ingeschat cashgedeelte per jaar"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        blank=True,
        null=True,
        help_text=_(
            "PVB: het deel van het jaarbudget dat de budgethouder in cash wil besteden; "
            "de rest gaat in voucher."
        ),
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["-allocated_on", "id"]
        indexes = [
            models.Index(fields=["kind", "category"]),
            models.Index(fields=["status", "letter_received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(specific_amount__isnull=True) | models.Q(specific_amount__gt=0),
                name="budget_specific_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_cash_amount__isnull=True)
                | models.Q(estimated_cash_amount__gte=0),
                name="budget_estimated_cash_not_negative",
            ),
        ]

    def __str__(self) -> str:
        band = f"/{self.band}" if self.band else ""
        return f"{self.get_kind_display()} {self.category}{band} – {self.person}"

    def facts(self) -> budget_rules.BudgetFacts:
        """The plain data the pure rules need."""
        return budget_rules.BudgetFacts(
            kind=self.kind,
            scheme=self.scheme or None,
            category=self.category,
            band=self.band,
            specific_amount=self.specific_amount,
            status=self.status,
            letter_received_on=self.letter_received_on,
            allocated_on=self.allocated_on,
            applied_on=self.applied_on,
            extension_granted_on=self.extension_granted_on,
            started_on=self.started_on,
            stopped_on=self.stopped_on,
            estimated_cash_amount=self.estimated_cash_amount,
            payment_mode=self.payment_mode,
        )

    def clean(self) -> None:
        super().clean()
        if not self.person_id or not self.allocated_on or not self.letter_received_on:
            return
        violations = budget_rules.check_allocation(self.facts(), birth_date=self.person.birth_date)
        violations_to_error(violations)

    def yearly_amount(self, year: int):
        """The full-year amount of this budget's category (and band) in ``year`` (R3, R8)."""
        from budgetlijn.rules import budget_year

        return budget_year.yearly_amount(
            self.kind, self.scheme or None, self.category, self.band, year, self.specific_amount
        )

    @property
    def start_deadline(self) -> date:
        return budget_rules.start_deadline(self.facts())

    @property
    def is_final(self) -> bool:
        from budgetlijn.dossiers.constants import FINAL_STATES

        return self.status in FINAL_STATES


class BudgetHolder(TimeStamped):
    """Who manages a budget: the adult person, or the legal representative(s) (R9)."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="holders", verbose_name=_("budget")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="held_budgets",
        verbose_name=_("budgethouder"),
    )
    role = models.CharField(_("hoedanigheid"), max_length=16, choices=HolderRole.choices)
    manages = models.BooleanField(
        _("beheert het budget"),
        default=True,
        help_text=_(
            "Uit te vinken voor de ouder die als persoonlijke assistent optreedt en afziet van "
            "het beheer (beheersverklaring)."
        ),
    )

    class Meta:
        verbose_name = _("budgethouder")
        verbose_name_plural = _("budgethouders")
        constraints = [
            models.UniqueConstraint(fields=["budget", "person"], name="holder_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ManagementStatement(TimeStamped):
    """Both parents' statement that one manages the PAB and the other is assistant (R9)."""

    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        related_name="management_statements",
        verbose_name=_("budget"),
    )
    managing_parent = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ouder die het budget beheert"),
    )
    assistant_parent = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ouder die persoonlijk assistent is"),
    )
    signed_on = models.DateField(_("ondertekend door beide ouders op"))
    received_on = models.DateField(_("ontvangen op"))

    class Meta:
        verbose_name = _("beheersverklaring")
        verbose_name_plural = _("beheersverklaringen")

    def __str__(self) -> str:
        return f"{self.managing_parent} beheert, {self.assistant_parent} assisteert"

    def clean(self) -> None:
        super().clean()
        if self.managing_parent_id and self.managing_parent_id == self.assistant_parent_id:
            raise ValidationError(
                {
                    "assistant_parent": _(
                        "De ouder die assistent is, kan niet dezelfde zijn als de ouder die "
                        "het budget beheert. Kies de andere ouder."
                    )
                }
            )
        if self.signed_on and self.received_on and self.received_on < self.signed_on:
            raise ValidationError(
                {"received_on": _("De verklaring kan niet ontvangen zijn vóór de ondertekening.")}
            )


class BudgetAccount(TimeStamped):
    """The separate account used only for the budget (R10)."""

    budget = models.OneToOneField(
        Budget, on_delete=models.PROTECT, related_name="account", verbose_name=_("budget")
    )
    iban = models.CharField(
        _("IBAN"), max_length=34, help_text=_("Bijvoorbeeld BE68 5390 0754 7034")
    )
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder_name = models.CharField(_("naam van de rekeninghouder"), max_length=140)
    holder_kind = models.CharField(
        _("rekening op naam van"), max_length=16, choices=AccountHolderKind.choices
    )

    class Meta:
        verbose_name = _("budgetrekening")
        verbose_name_plural = _("budgetrekeningen")

    def __str__(self) -> str:
        return f"{account_rules.format_iban(self.iban)} ({self.holder_name})"

    def clean(self) -> None:
        super().clean()
        violations = account_rules.check_budget_account(
            self.iban, self.holder_name, self.holder_kind
        )
        violations_to_error(violations)
        parsed = account_rules.parse_iban(self.iban)
        self.iban = parsed.compact
        if not self.bic and parsed.bic:
            self.bic = parsed.bic


class LifecycleEvent(models.Model):
    """One step in a budget's life, kept for the history (never changed)."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="events", verbose_name=_("budget")
    )
    from_status = models.CharField(
        _("van"), max_length=10, choices=BudgetStatus.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=10, choices=BudgetStatus.choices)
    on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        verbose_name=_("door"),
    )
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("stap in de levensloop")
        verbose_name_plural = _("levensloop")
        ordering = ["budget", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class AllocationChangesAreAppendOnly(AppendOnlyError):
    """Raised on any attempt to change or delete a recorded allocation change."""

    code = ErrorCode.ALLOCATION_CHANGE_APPEND_ONLY
    default_message = _(
        "Een wijziging van de toekenning wordt nooit aangepast of gewist. Registreer een "
        "nieuwe wijziging vanaf de gewenste dag."
    )


class BudgetAllocationChange(AppendOnlyModel):
    """A staff change of a running budget's category, band, specific amount or scheme from a
    day on (decision 0013). The history of these rows (with the budget's first values, the
    ``old_*`` of its first change) says which values are in force in each month; the ledger's
    figures are computed from it (``dossiers.services.allocation_should_be``). Append-only:
    rows are added, never changed or deleted (``budgetlijn.append_only``)."""

    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        related_name="allocation_changes",
        verbose_name=_("budget"),
    )
    number = models.PositiveIntegerField(_("volgnummer"))
    from_day = models.DateField(_("vanaf"))
    old_scheme = models.CharField(_("oude indeling"), max_length=3, blank=True)
    old_category = models.CharField(_("oude budgetcategorie"), max_length=40)
    old_band = models.PositiveSmallIntegerField(_("oude budgetschijf"), blank=True, null=True)
    old_specific_amount = models.DecimalField(
        _("oud specifiek jaarbedrag"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        blank=True,
        null=True,
    )
    new_scheme = models.CharField(_("nieuwe indeling"), max_length=3, blank=True)
    new_category = models.CharField(_("nieuwe budgetcategorie"), max_length=40)
    new_band = models.PositiveSmallIntegerField(_("nieuwe budgetschijf"), blank=True, null=True)
    new_specific_amount = models.DecimalField(
        _("nieuw specifiek jaarbedrag"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        blank=True,
        null=True,
    )
    reason = models.TextField(_("reden"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        verbose_name=_("door"),
    )
    # Not auto_now_add: migration 0002 copies earlier changes with the time of their audit event.
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now, editable=False)

    append_only_error = AllocationChangesAreAppendOnly
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging van de toekenning")
        verbose_name_plural = _("wijzigingen van de toekenning")
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"], name="allocation_change_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} #{self.number} vanaf {self.from_day}"

    def values(self, which: str) -> dict:
        """The ``old`` or ``new`` values as the budget's field names."""
        return {
            name: getattr(self, f"{which}_{name}")
            for name in ("scheme", "category", "band", "specific_amount")
        }
