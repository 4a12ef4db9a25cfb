"""Free-share requests (vrij besteedbaar deel, R14 PVB, R15 PAB): one row per part asked, with
the decision and why; the accepted part is a COMMITMENT in the ledger (``commitment``), which
the payment run pays as FREE_SHARE_PAYOUT to the budget account and releases. The money
itself lives only in the ledger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare.constants import (
    IDEMPOTENCY_KEY_LENGTH,
    REQUEST_HASH_LENGTH,
    AskedByRole,
    Outcome,
)
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur


class FreeShareRequest(models.Model):
    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        related_name="free_share_requests",
        verbose_name=_("budget"),
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    part_number = models.PositiveIntegerField(
        _("deel"), help_text=_("De hoeveelste aanvraag voor dit budgetjaar (1, 2, ...).")
    )
    amount = models.DecimalField(
        _("gevraagd bedrag"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    asked_on = models.DateField(_("aangevraagd op"))
    asked_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    role = models.CharField(_("aangevraagd als"), max_length=24, choices=AskedByRole.choices)
    organisation = models.CharField(_("bijstandsorganisatie"), max_length=200, blank=True)

    outcome = models.CharField(_("beslissing"), max_length=8, choices=Outcome.choices)
    accepted_amount = models.DecimalField(
        _("toegekend bedrag"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=0
    )
    limit = models.DecimalField(
        _("vrij besteedbaar deel van het jaar"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=0,
        help_text=_("Pro rata per maand, zoals berekend bij de beslissing."),
    )
    rule_id = models.CharField(_("regel"), max_length=8, blank=True)
    code = models.CharField(_("code"), max_length=64, blank=True)
    message = models.TextField(_("reden"), blank=True)
    violations = models.JSONField(_("redenen"), default=list, blank=True)
    pay_by = models.DateField(_("uit te betalen uiterlijk op"), blank=True, null=True)
    commitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="free_share_request",
        verbose_name=_("vastlegging"),
    )
    idempotency_key = models.CharField(
        _("idempotentiesleutel"), max_length=IDEMPOTENCY_KEY_LENGTH, blank=True, null=True
    )
    request_hash = models.CharField(_("vingerafdruk van de vraag"), max_length=REQUEST_HASH_LENGTH)

    class Meta:
        verbose_name = _("aanvraag vrij besteedbaar deel")
        verbose_name_plural = _("aanvragen vrij besteedbaar deel")
        ordering = ["-id"]
        indexes = [models.Index(fields=["budget", "year"], name="free_share_budget_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "year", "part_number"], name="free_share_part_unique"
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"], name="free_share_idempotency_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_amount__gte=0)
                & models.Q(accepted_amount__lte=models.F("amount")),
                name="free_share_accepted_within_asked",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="REFUSED", accepted_amount=0, commitment__isnull=True)
                | (models.Q(outcome__in=["ACCEPTED", "PARTLY"], accepted_amount__gt=0)),
                name="free_share_outcome_matches_amount",
            ),
        ]

    def __str__(self) -> str:
        return _("Vrij besteedbaar deel %(year)s, deel %(part)s: %(amount)s") % {
            "year": self.year,
            "part": self.part_number,
            "amount": format_eur(self.amount),
        }


class FreeShareCorrection(models.Model):
    """R15: part of a budget year's free share paid back by the holder to the PAB budget
    account, to be used for care again; only with a refundable advance (cash spending, seed
    002). Booked as FREE_SHARE_CORRECTION (the free share no longer spends the budget line)
    and ADVANCE_PAID (the money on the budget account is the agency's advance again, justified
    by costs or reclaimed at the end: R13)."""

    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        related_name="free_share_corrections",
        verbose_name=_("budget"),
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    amount = models.DecimalField(
        _("teruggestort bedrag"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    corrected_on = models.DateField(_("teruggestort op"))
    corrected_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    role = models.CharField(_("geregistreerd als"), max_length=24, choices=AskedByRole.choices)
    organisation = models.CharField(_("bijstandsorganisatie"), max_length=200, blank=True)
    correction_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        related_name="free_share_correction",
        verbose_name=_("boeking correctie"),
    )
    advance_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("boeking voorschot"),
    )
    idempotency_key = models.CharField(
        _("idempotentiesleutel"), max_length=IDEMPOTENCY_KEY_LENGTH, blank=True, null=True
    )

    class Meta:
        verbose_name = _("correctie vrij besteedbaar deel")
        verbose_name_plural = _("correcties vrij besteedbaar deel")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="free_share_correction_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="free_share_correction_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("Correctie vrij besteedbaar deel %(year)s: %(amount)s") % {
            "year": self.year,
            "amount": format_eur(self.amount),
        }
