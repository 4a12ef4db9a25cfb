"""Payment runs: what the agency pays out, to whom, from which commitments, and what it withholds.

A run pays open ledger COMMITMENTs (the accepted part of a cost line, a free-share request or a
voucher invoice line). Each paid commitment is one ``PaymentItem`` pointing at the commitment
and at the payout entry that released it; items are grouped in one ``Transfer`` per beneficiary
IBAN; open ``Deduction`` rows (*inhoudingen*) reduce a budget account's transfer, recorded as
``DeductionUse`` rows. The money itself lives only in the ledger; ``check_ledger`` compares
(``payments.invariants``). See docs/decisions/0021-payment-runs.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.payments.constants import (
    BeneficiaryKind,
    DeductionKind,
    ItemStatus,
    RunStatus,
    SourceKind,
    TransferStatus,
)
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur

END_TO_END_ID_LENGTH = 35  # SEPA's limit
SHA256_LENGTH = 64


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs
    )


def _user(label, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=label,
        **kwargs,
    )


class PaymentRun(models.Model):
    """One payment run: drafted, approved by a second user (four eyes), exported as a SEPA
    credit-transfer file (kept: the same bytes every download), then marked paid (closed), or
    cancelled before export."""

    run_on = models.DateField(_("betaaldag"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    created_at = models.DateTimeField(_("opgemaakt op"), auto_now_add=True)
    created_by = _user(_("opgemaakt door"))
    approved_at = models.DateTimeField(_("goedgekeurd op"), blank=True, null=True)
    approved_by = _user(_("goedgekeurd door"))
    exported_at = models.DateTimeField(_("geëxporteerd op"), blank=True, null=True)
    exported_by = _user(_("geëxporteerd door"))
    paid_on = models.DateField(_("betaald op"), blank=True, null=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), blank=True, null=True)
    cancelled_by = _user(_("geannuleerd door"))
    sepa_xml = models.TextField(_("SEPA-bestand (pain.001)"), blank=True)
    sepa_sha256 = models.CharField(
        _("vingerafdruk SEPA-bestand (SHA-256)"), max_length=SHA256_LENGTH, blank=True
    )
    sepa_message_id = models.CharField(_("berichtnummer SEPA"), max_length=35, blank=True)
    sepa_control_sum = _money(_("controletotaal SEPA"), blank=True, null=True)

    class Meta:
        verbose_name = _("betaalrun")
        verbose_name_plural = _("betaalruns")
        ordering = ["-run_on", "-id"]
        permissions = [
            ("approve_paymentrun", _("Mag betaalruns goedkeuren (tweede paar ogen)")),
            ("process_paymentrun", _("Mag betaalruns exporteren, betaald melden en annuleren")),
        ]
        constraints = [
            models.CheckConstraint(
                # four eyes: who drafted a run never approves it
                condition=(
                    models.Q(approved_by__isnull=True)
                    | models.Q(created_by__isnull=True)
                    | ~models.Q(approved_by=models.F("created_by"))
                ),
                name="payment_run_four_eyes",
            ),
            models.CheckConstraint(
                # exported (or paid) only after approval
                condition=~models.Q(status__in=[RunStatus.EXPORTED, RunStatus.CLOSED])
                | models.Q(approved_at__isnull=False),
                name="payment_run_exported_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"Betaalrun #{self.pk} {self.run_on} ({self.get_status_display()})"


class Transfer(models.Model):
    """One SEPA credit transfer of a run: everything the run pays to one IBAN, less what it
    withholds (``amount = gross - deducted``, never below zero)."""

    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("betaalrun")
    )
    beneficiary_kind = models.CharField(
        _("begunstigde"), max_length=16, choices=BeneficiaryKind.choices
    )
    budget = models.ForeignKey(
        "dossiers.Budget",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("budget"),
        help_text=_("Bij een overschrijving naar een budgetrekening: het budget van die rekening."),
    )
    name = models.CharField(_("naam begunstigde"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    gross = _money(_("verschuldigd"))
    deducted = _money(_("ingehouden"), default=0)
    amount = _money(_("overgeschreven bedrag"))
    end_to_end_id = models.CharField(
        _("end-to-end-referentie"), max_length=END_TO_END_ID_LENGTH, unique=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    paid_on = models.DateField(_("betaald op"), blank=True, null=True)
    returned_on = models.DateField(_("teruggestort op"), blank=True, null=True)
    return_reason = models.TextField(_("reden van terugstorting"), blank=True)
    returned_by = _user(_("terugstorting geboekt door"))

    class Meta:
        verbose_name = _("overschrijving")
        verbose_name_plural = _("overschrijvingen")
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "iban"], name="payment_transfer_run_iban"),
            models.CheckConstraint(
                # amount == gross - deducted is checked by check_ledger (exact decimals;
                # SQLite would compare floats here)
                condition=models.Q(amount__gte=0) & models.Q(deducted__gte=0),
                name="payment_transfer_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.name} {format_eur(self.amount)}"


class PaymentItem(models.Model):
    """One commitment paid by a run: the commitment, the payout entry that released it and,
    when the transfer came back or the run was cancelled, the payout's reversal and the new
    commitment that makes it due again (the history stays here)."""

    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, related_name="items", verbose_name=_("betaalrun")
    )
    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="items", verbose_name=_("overschrijving")
    )
    source_kind = models.CharField(_("bron"), max_length=16, choices=SourceKind.choices)
    source_id = models.PositiveBigIntegerField(_("nummer van de bron"))
    budget = models.ForeignKey(
        "dossiers.Budget", on_delete=models.PROTECT, related_name="+", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    amount = _money(_("bedrag"))
    accepted_on = models.DateField(_("aanvaard op"))
    commitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        related_name="payment_item",
        verbose_name=_("vastlegging"),
    )
    payout = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        related_name="payout_item",
        verbose_name=_("uitbetaling"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.BOOKED
    )
    payout_reversal = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("tegenboeking van de uitbetaling"),
    )
    recommitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="recommitted_item",
        verbose_name=_("nieuwe vastlegging (opnieuw verschuldigd)"),
    )

    class Meta:
        verbose_name = _("betaalde vastlegging")
        verbose_name_plural = _("betaalde vastleggingen")
        ordering = ["run_id", "transfer_id", "id"]
        indexes = [models.Index(fields=["source_kind", "source_id"], name="payment_item_source")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_item_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} #{self.source_id} {format_eur(self.amount)}"


class Deduction(models.Model):
    """An *inhouding*: money the holder owes, withheld from the budget account's next
    transfers until ``remaining`` is zero (never below zero, never from another holder's
    transfer). ``remaining`` == ``amount`` - what the uses withheld - ``waived``."""

    budget = models.ForeignKey(
        "dossiers.Budget",
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name=_("budget"),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=DeductionKind.choices)
    amount = _money(_("bedrag"))
    remaining = _money(_("nog in te houden"))
    # What the agency waived: the payout a NOT_PROVEN reclaim is about came back from the bank
    # or its run was cancelled, so the holder never had that money (services._due_again).
    waived = _money(_("kwijtgescholden"), default=0)
    # R31: the budget year of the refused cost line; None for every other kind.
    year = models.PositiveSmallIntegerField(_("budgetjaar"), blank=True, null=True)
    # R31: the REIMBURSEMENT_RECLAIMED entry in ``year`` that books the refused line's
    # reimbursement back, for ``amount`` - ``waived`` (booked when the line was refused and
    # taken over from the reclaim, or when the deduction was opened; booked again for less
    # when part is waived; None when all is waived). Withholding books nothing more: the
    # deduction is what the holder owes, the entry is what the line no longer spends.
    reclaimed_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("boeking teruggevorderde terugbetaling"),
    )
    reason = models.TextField(_("reden"))
    source_label = models.CharField(_("herkomst"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = _user(_("aangemaakt door"))

    class Meta:
        verbose_name = _("inhouding")
        verbose_name_plural = _("inhoudingen")
        ordering = ["budget_id", "created_at", "id"]
        indexes = [models.Index(fields=["budget", "remaining"], name="payment_deduction_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0)
                & models.Q(remaining__gte=0)
                & models.Q(waived__gte=0)
                & models.Q(remaining__lte=models.F("amount") - models.F("waived")),
                name="payment_deduction_remaining",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=DeductionKind.SAMPLE_REFUSED)
                | models.Q(year__isnull=False),
                name="payment_deduction_sample_refused_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_eur(self.remaining)}/{format_eur(self.amount)}"


class DeductionUse(models.Model):
    """What one run withheld of a deduction from one transfer; an undo (the transfer came
    back, the run was cancelled) is a new row with the opposite amount, never an edit."""

    deduction = models.ForeignKey(
        Deduction, on_delete=models.PROTECT, related_name="uses", verbose_name=_("inhouding")
    )
    run = models.ForeignKey(
        PaymentRun,
        on_delete=models.PROTECT,
        related_name="deduction_uses",
        verbose_name=_("betaalrun"),
    )
    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.PROTECT,
        related_name="deduction_uses",
        verbose_name=_("overschrijving"),
    )
    amount = _money(_("ingehouden"))
    undoes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="undone_by",
        verbose_name=_("maakt ongedaan"),
    )
    advance_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("boeking terugbetaald voorschot"),
    )
    # R31, until migration payments/0004 only: a use of a SAMPLE_REFUSED deduction booked
    # REIMBURSEMENT_RECLAIMED for what it withheld (and its undo the reversal). That migration
    # reversed those entries and booked the deduction's own (Deduction.reclaimed_entry); no
    # use books one any more.
    reclaimed_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("boeking teruggevorderde terugbetaling"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebruik van een inhouding")
        verbose_name_plural = _("gebruik van inhoudingen")
        ordering = ["deduction_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(undoes__isnull=True) & models.Q(amount__gt=0))
                | (models.Q(undoes__isnull=False) & models.Q(amount__lt=0)),
                name="payment_deduction_use_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deduction_id}: {format_eur(self.amount)}"
