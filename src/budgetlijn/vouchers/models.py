"""Voucher invoices (R11): a licensed provider or an assistance organisation invoices the agency
once a month for the holders who spend their PVB in voucher, one line per holder and month.
Each line is decided against the holder's voucher contract with that provider; the accepted
part is a COMMITMENT in the ledger (``commitment``), which the payment run pays to the
provider's account (VOUCHER_PAYMENT) and releases. The money lives only in the ledger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.assistance.models import Organisation
from budgetlijn.contracts.models import Contract
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur
from budgetlijn.vouchers.constants import IDEMPOTENCY_KEY_LENGTH, REQUEST_HASH_LENGTH, Outcome


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs
    )


class VoucherInvoice(models.Model):
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="voucher_invoices",
        verbose_name=_("zorgaanbieder of bijstandsorganisatie"),
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de gefactureerde maand."))
    invoice_number = models.CharField(_("factuurnummer"), max_length=60, blank=True)
    filed_on = models.DateField(_("ontvangen op"))
    filed_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    outcome = models.CharField(_("beslissing"), max_length=8, choices=Outcome.choices)
    amount = _money(_("gefactureerd"))
    accepted_amount = _money(_("aanvaard"), default=0)
    idempotency_key = models.CharField(_("idempotentiesleutel"), max_length=IDEMPOTENCY_KEY_LENGTH)
    request_hash = models.CharField(_("vingerafdruk van de vraag"), max_length=REQUEST_HASH_LENGTH)

    class Meta:
        verbose_name = _("voucherfactuur")
        verbose_name_plural = _("voucherfacturen")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["provider", "month"], name="voucher_invoice_provider_month")
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="voucher_invoice_key_unique"),
            models.CheckConstraint(
                condition=models.Q(accepted_amount__gte=0)
                & (models.Q(accepted_amount=0) | models.Q(accepted_amount__lte=models.F("amount"))),
                name="voucher_invoice_accepted_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return _("Voucherfactuur %(provider)s %(month)s: %(amount)s") % {
            "provider": self.provider.name if self.provider_id else "",
            "month": self.month.strftime("%m/%Y") if self.month else "",
            "amount": format_eur(self.amount or 0),
        }


class VoucherInvoiceLine(models.Model):
    invoice = models.ForeignKey(
        VoucherInvoice, on_delete=models.PROTECT, related_name="lines", verbose_name=_("factuur")
    )
    line_no = models.PositiveIntegerField(_("lijn"))
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="voucher_lines", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="voucher_lines",
        verbose_name=_("overeenkomst"),
    )
    period_from = models.DateField(_("van"))
    period_to = models.DateField(_("tot en met"))
    amount = _money(_("bedrag"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    outcome = models.CharField(_("beslissing"), max_length=8, choices=Outcome.choices)
    accepted_amount = _money(_("aanvaard"), default=0)
    violations = models.JSONField(_("redenen"), default=list, blank=True)
    commitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="voucher_line",
        verbose_name=_("vastlegging"),
    )

    class Meta:
        verbose_name = _("voucherfactuurlijn")
        verbose_name_plural = _("voucherfactuurlijnen")
        ordering = ["invoice_id", "line_no"]
        indexes = [
            models.Index(fields=["budget", "year"], name="voucher_line_budget_year"),
            models.Index(fields=["contract", "period_from"], name="voucher_line_contract"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "line_no"], name="voucher_line_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_amount__gte=0)
                & (models.Q(accepted_amount=0) | models.Q(accepted_amount__lte=models.F("amount"))),
                name="voucher_line_accepted_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.invoice_id}.{self.line_no} {format_eur(self.amount)}"
