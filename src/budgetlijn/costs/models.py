"""Cost statements (kostenstaten), their lines and the files they came in.

A statement belongs to one budget and budget year and is filed by the holder, a mandated
assistance organisation or the agency, one by one, as a file or through the API: every way in
goes through ``services.file_statements``. Each line gets a decision with its reasons (the pure
rules of ``budgetlijn.rules.costs``); the accepted part is booked as a commitment in the ledger.

The figures a line was decided on (what the rules allowed, what fitted the budget line) are
stored on the line for the holder and the agency to read; the money itself lives only in the
ledger, which is the one balance (the line's entries point to it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.contracts.models import Contract
from budgetlijn.costs.constants import (
    BookingType,
    FiledByRole,
    ImportStatus,
    Outcome,
    ReviewDecision,
    Source,
    WaitReason,
)
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur

REQUEST_HASH_LENGTH = 64  # sha256, hex
IDEMPOTENCY_KEY_LENGTH = 100


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs
    )


class CostImport(models.Model):
    """An uploaded cost file: checked first (nothing booked), booked when the filer chooses.

    The booking is tied to the stored file's hash, per filer (``uploaded_by``): a second upload
    of the same file by the same filer finds this row and books nothing twice; another filer
    uploading the same bytes gets a file of their own (not told of this one at upload), and
    booking it books none of the statements these bytes filed already (``imports``)."""

    filename = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("vingerafdruk (SHA-256)"), max_length=REQUEST_HASH_LENGTH)
    content = models.BinaryField(_("inhoud"))
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)
    filed_on = models.DateField(
        _("ingediend op"),
        help_text=_("De dag dat het agentschap de kosten ontving (bepaalt of ze op tijd zijn)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )
    filed_by_role = models.CharField(_("ingediend als"), max_length=24, choices=FiledByRole.choices)
    organisation = models.CharField(_("bijstandsorganisatie"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    row_count = models.PositiveIntegerField(_("aantal rijen"), default=0)
    valid_row_count = models.PositiveIntegerField(_("aantal goede rijen"), default=0)
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    booked_at = models.DateTimeField(_("geboekt op"), blank=True, null=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("geboekt door"),
    )

    class Meta:
        verbose_name = _("kostenbestand")
        verbose_name_plural = _("kostenbestanden")
        ordering = ["-uploaded_at", "-id"]
        permissions = [("book_costimport", _("Mag kostenbestanden boeken"))]
        constraints = [
            models.UniqueConstraint(
                fields=["uploaded_by", "sha256"], name="cost_import_filer_sha256_unique"
            ),
            # A file without a filer (the import command run without --user): once over all
            # of those (NULLs are distinct in a unique constraint).
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(uploaded_by__isnull=True),
                name="cost_import_sha256_unique_without_filer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class CostStatement(models.Model):
    """A cost statement: lines of one budget and budget year, filed on one day."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="cost_statements", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    filed_on = models.DateField(_("ingediend op"))
    filed_at = models.DateTimeField(_("ingediend (tijdstip)"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    filed_by_role = models.CharField(_("ingediend als"), max_length=24, choices=FiledByRole.choices)
    organisation = models.CharField(_("bijstandsorganisatie"), max_length=200, blank=True)
    source = models.CharField(_("hoe"), max_length=8, choices=Source.choices)
    cost_import = models.ForeignKey(
        CostImport,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="statements",
        verbose_name=_("kostenbestand"),
    )
    idempotency_key = models.CharField(
        _("idempotentiesleutel"),
        max_length=IDEMPOTENCY_KEY_LENGTH,
        help_text=_("Dezelfde sleutel boekt niets opnieuw: de kostenstaat wordt teruggegeven."),
    )
    request_hash = models.CharField(_("vingerafdruk van de vraag"), max_length=REQUEST_HASH_LENGTH)

    class Meta:
        verbose_name = _("kostenstaat")
        verbose_name_plural = _("kostenstaten")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["budget", "year"], name="cost_statement_budget_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="cost_statement_idempotency_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Kostenstaat #{self.pk} {self.year}"


class CostLine(models.Model):
    """One cost (or credit note) of a statement, with the decision on it and why."""

    statement = models.ForeignKey(
        CostStatement, on_delete=models.PROTECT, related_name="lines", verbose_name=_("kostenstaat")
    )
    line_no = models.PositiveIntegerField(_("lijn"))
    # Denormalised from the statement: the budget line and the counters are read per budget year.
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="cost_lines", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="cost_lines",
        verbose_name=_("overeenkomst"),
    )
    cost_kind = models.CharField(_("kostensoort"), max_length=60)
    booking_type = models.CharField(
        _("soort boeking"), max_length=12, choices=BookingType.choices, default=BookingType.COST
    )
    period_from = models.DateField(_("van"))
    period_to = models.DateField(_("tot en met"))
    assistant = models.CharField(_("assistent"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("aantal"), max_digits=9, decimal_places=2, blank=True, null=True
    )
    amount = _money(_("bedrag"))
    description = models.TextField(_("omschrijving"), blank=True)
    late_reason = models.CharField(_("reden van laattijdige indiening"), max_length=40, blank=True)
    # Derived from the kind and the contract type, never typed in (R27, R28).
    via4_eligible = models.BooleanField(_("komt in aanmerking voor VIA4"), default=False)
    year_end_premium = models.BooleanField(_("eindejaarspremie (VIA5)"), default=False)

    # The decision.
    outcome = models.CharField(_("beslissing"), max_length=16, choices=Outcome.choices)
    wait_reason = models.CharField(
        _("wacht op"), max_length=24, choices=WaitReason.choices, blank=True
    )
    allowed_amount = _money(_("toegelaten door de regels"), default=0)
    accepted_amount = _money(_("aanvaard"), default=0)
    own_amount = _money(_("ten laste van de budgethouder"), default=0)
    credit_used = _money(_("verrekend met een creditnota"), default=0)
    via_used = _money(_("VIA4-middelen gebruikt"), default=0)
    premium_added = _money(_("eindejaarspremie bij het budget gevoegd"), default=0)
    violations = models.JSONField(_("redenen"), default=list, blank=True)
    # What the line counts in the limits of later lines (R20, R21, R29), as the rules judged it.
    accepted_quantity = models.DecimalField(
        _("aanvaard aantal"), max_digits=9, decimal_places=2, blank=True, null=True
    )
    short_term_counter = models.CharField(
        _("teller kortdurende ondersteuning"), max_length=10, blank=True
    )
    other_costs = models.BooleanField(_("telt bij de andere kosten (5 %)"), default=False)
    commitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="cost_line",
        verbose_name=_("vastlegging"),
    )
    decided_at = models.DateTimeField(_("beslist op"), blank=True, null=True)

    # The agency's review (late lines).
    review_decision = models.CharField(
        _("beoordeling"), max_length=8, choices=ReviewDecision.choices, blank=True
    )
    review_reason = models.TextField(_("motivering van de beoordeling"), blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), blank=True, null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )

    class Meta:
        verbose_name = _("kostenlijn")
        verbose_name_plural = _("kostenlijnen")
        ordering = ["statement_id", "line_no"]
        permissions = [("review_costline", _("Mag laattijdige kostenlijnen beoordelen"))]
        indexes = [
            models.Index(fields=["budget", "year", "outcome"], name="cost_line_budget_year"),
            models.Index(fields=["outcome", "wait_reason", "id"], name="cost_line_queue"),
            models.Index(fields=["contract", "outcome"], name="cost_line_contract"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "line_no"], name="cost_line_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="cost_line_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="cost_line_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_amount__gte=0)
                & models.Q(own_amount__gte=0)
                & models.Q(credit_used__gte=0)
                & models.Q(via_used__gte=0),
                name="cost_line_parts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.statement_id}.{self.line_no} {self.cost_kind} {format_eur(self.amount)}"


class LateCostLine(CostLine):
    """The agency's review queue: late lines waiting for a decision on their reason (R25),
    oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("laattijdige kostenlijn")
        verbose_name_plural = _("beoordelingswachtrij laattijdige kosten")
