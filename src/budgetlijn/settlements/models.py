"""The end of a budget and the checks after the fact.

- ``Settlement``: the final settlement of a stopped budget, after a stop (R33) or a death (R34),
  with its figures as decided; the letter and the heirs' certificate are made from it (pdf.py).
- ``Reclaim``: what the holder owes back (the advance, a paid cost not proven). The payment runs
  take it over as a deduction (``payments.services.open_deduction``); until then it is recorded
  here, with ``deduction_id`` empty.
- ``SampleCheck`` / ``SampledStatement`` / ``SampledLine``: the sample checks of proofs (R31);
  kept at least until the statement's filing day + 7 years (``retention_until``).
- ``BudgetYearClose``: a budget year closed after its late-cost window (R25).
- ``PvbTransitionLetter``: the letter to a PAB holder turning 18 (R7).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur
from budgetlijn.settlements.constants import EndKind, ErrorCode, ProofOutcome, ReclaimKind


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, default=0, **kwargs
    )


def _user(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=label,
    )


class Settlement(models.Model):
    """The final settlement of a budget that ended by a stop or a death (one per budget)."""

    budget = models.OneToOneField(
        Budget, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("budget")
    )
    end_kind = models.CharField(_("einde door"), max_length=8, choices=EndKind.choices)
    last_day = models.DateField(_("laatste dag in gebruik"))
    settled_on = models.DateField(_("afgerekend op"))
    statement = models.ForeignKey(
        CostStatement,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("laatste kostenstaat"),
    )
    cash_part = _money(_("cashgedeelte van het laatste jaar"))
    payable = _money(_("nog te betalen"))
    advance = _money(_("terugvorderbaar voorschot"))
    advance_deducted = _money(_("voorschot ingehouden"))
    advance_asked_back = _money(_("voorschot terug te storten"))
    net_payout = _money(_("nog uit te betalen"))
    unused = _money(_("niet gebruikt jaarbudget (vervalt)"))
    notice_pay_claimed = _money(_("opzeg- en verbrekingsvergoedingen gevraagd"))
    notice_pay_accepted = _money(_("opzeg- en verbrekingsvergoedingen aanvaard"))
    severance_extra = _money(_("extra toegekend voor verbrekingsvergoedingen (R34)"))
    findings = models.JSONField(_("bevindingen"), default=list, blank=True)
    created_by = _user(_("door"))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("eindafrekening")
        verbose_name_plural = _("eindafrekeningen")
        ordering = ["-settled_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(advance_deducted__lte=models.F("advance"))
                & models.Q(advance_deducted__lte=models.F("payable")),
                name="settlement_deduction_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"Eindafrekening budget {self.budget_id} ({self.get_end_kind_display()})"


class Reclaim(models.Model):
    """An amount the holder owes back; ``source`` names what gave rise to it, once."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="reclaims", verbose_name=_("budget")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=ReclaimKind.choices)
    amount = models.DecimalField(_("bedrag"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    reason = models.TextField(_("reden"))
    source = models.CharField(_("bron"), max_length=100, unique=True)
    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="reclaims",
        verbose_name=_("eindafrekening"),
    )
    sampled_line = models.OneToOneField(
        "SampledLine",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="reclaim",
        verbose_name=_("steekproeflijn"),
    )
    # Set when the payment runs took it over (payments.services.open_deduction).
    deduction_id = models.BigIntegerField(_("inhouding"), blank=True, null=True)
    # R31: for a paid line not proven, the REIMBURSEMENT_RECLAIMED entry booked when the line
    # was refused (samples._not_proven): the line is the holder's own from that day, so its
    # reimbursement no longer counts as spent on the line's year, whenever it is withheld.
    # The deduction that takes the reclaim over carries the entry from then on.
    reclaimed_entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("boeking teruggevorderde terugbetaling"),
    )
    created_by = _user(_("door"))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugvordering")
        verbose_name_plural = _("terugvorderingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="reclaim_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_eur(self.amount)} (budget {self.budget_id})"


class RetentionError(Exception):
    """A sample check's data are kept until their retention day (R31)."""

    code = ErrorCode.SAMPLE_RETAINED

    def __init__(self, until):
        super().__init__(
            _(
                "Deze gegevens van een steekproef worden bewaard tot %(until)s (7 jaar na de "
                "indiening, R31) en kunnen niet eerder gewist worden."
            )
            % {"until": f"{until:%d/%m/%Y}"}
        )


class RetainedQuerySet(models.QuerySet):
    """Deleting is refused while any row is within its retention (R31)."""

    def delete(self):
        today = timezone.localdate()
        kept = self.filter(**{f"{self.model.retention_path}__gte": today}).order_by(
            f"-{self.model.retention_path}"
        )
        first = kept.values_list(self.model.retention_path, flat=True).first()
        if first is not None:
            raise RetentionError(first)
        return super().delete()

    delete.alters_data = True


class SampleCheck(models.Model):
    """One drawing of cost statements of a budget year whose proofs are asked (R31).

    The draw is reproducible: the same year, rate and seed over the same statements draw the
    same ones (``services.draw_sample``)."""

    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    rate = models.DecimalField(_("steekproefgrootte (deel)"), max_digits=5, decimal_places=4)
    seed = models.BigIntegerField(_("zaad van de trekking"))
    drawn_on = models.DateField(_("getrokken op"))
    population = models.PositiveIntegerField(_("aantal kostenstaten"), default=0)
    drawn_by = _user(_("door"))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")
        ordering = ["-drawn_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seed"], name="sample_check_year_seed"),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0) & models.Q(rate__lte=1), name="sample_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Steekproef {self.year} ({self.rate:%}, zaad {self.seed})"

    def delete(self, *args, **kwargs):
        until = self.statements.order_by("-retention_until").values_list(
            "retention_until", flat=True
        )
        first = until.first()
        if first is not None and first >= timezone.localdate():
            raise RetentionError(first)
        return super().delete(*args, **kwargs)


class SampledStatement(models.Model):
    sample = models.ForeignKey(
        SampleCheck,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("steekproef"),
    )
    statement = models.ForeignKey(
        CostStatement, on_delete=models.PROTECT, related_name="+", verbose_name=_("kostenstaat")
    )
    proofs_asked_on = models.DateField(_("bewijzen gevraagd op"))
    deadline = models.DateField(_("bewijzen voor te leggen tegen"))
    retention_until = models.DateField(_("bewaren tot en met"))
    outcome = models.CharField(
        _("uitkomst"), max_length=12, choices=ProofOutcome.choices, default=ProofOutcome.PENDING
    )

    retention_path = "retention_until"
    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostenstaat in de steekproef")
        verbose_name_plural = _("kostenstaten in de steekproef")
        ordering = ["sample", "statement_id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "statement"], name="sampled_statement_once")
        ]

    def __str__(self) -> str:
        return f"Kostenstaat #{self.statement_id} ({self.get_outcome_display()})"

    def delete(self, *args, **kwargs):
        if self.retention_until >= timezone.localdate():
            raise RetentionError(self.retention_until)
        return super().delete(*args, **kwargs)


class SampledLine(models.Model):
    sampled_statement = models.ForeignKey(
        SampledStatement,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("kostenstaat in de steekproef"),
    )
    line = models.ForeignKey(
        CostLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("kostenlijn")
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=12, choices=ProofOutcome.choices, default=ProofOutcome.PENDING
    )
    reason = models.TextField(_("toelichting"), blank=True)
    released_commitment = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("vrijgegeven vastlegging"),
    )
    decided_on = models.DateField(_("beslist op"), blank=True, null=True)
    decided_by = _user(_("beslist door"))

    retention_path = "sampled_statement__retention_until"
    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostenlijn in de steekproef")
        verbose_name_plural = _("kostenlijnen in de steekproef")
        ordering = ["sampled_statement", "line_id"]
        constraints = [
            models.UniqueConstraint(fields=["sampled_statement", "line"], name="sampled_line_once")
        ]

    def __str__(self) -> str:
        return f"Kostenlijn {self.line_id} ({self.get_outcome_display()})"

    def delete(self, *args, **kwargs):
        until = self.sampled_statement.retention_until
        if until >= timezone.localdate():
            raise RetentionError(until)
        return super().delete(*args, **kwargs)


class BudgetYearClose(models.Model):
    """A budget year closed after its late-cost window: what was left lapses, nothing is carried
    into the next year, the advance stays outstanding."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="year_closes", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    closed_on = models.DateField(_("afgesloten op"))
    late_until = models.DateField(_("laattijdige kosten tot en met"))
    entitlement = _money(_("jaarbudget met premie en VIA"))
    paid = _money(_("betaald"))
    committed = _money(_("vastgelegd, nog te betalen"))
    unused = _money(_("niet gebruikt (vervalt)"))
    advance_outstanding = _money(_("voorschot nog uitstaand"))
    closed_by = _user(_("door"))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afgesloten budgetjaar")
        verbose_name_plural = _("afgesloten budgetjaren")
        ordering = ["-year", "budget_id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "year"], name="budget_year_closed_once")
        ]

    def __str__(self) -> str:
        return f"Budget {self.budget_id} {self.year} afgesloten"


class PvbTransitionLetter(models.Model):
    """The letter telling a PAB holder turning 18 about the step to a PVB (R7, seed 003 §8)."""

    budget = models.OneToOneField(
        Budget, on_delete=models.PROTECT, related_name="pvb_letter", verbose_name=_("PAB")
    )
    sent_on = models.DateField(_("verstuurd op"))
    birthday_18 = models.DateField(_("18de verjaardag"))
    support_plan_before = models.DateField(_("ondersteuningsplan in te dienen vóór"))
    created_by = _user(_("door"))
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief overstap naar PVB")
        verbose_name_plural = _("brieven overstap naar PVB")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"Brief PVB budget {self.budget_id} ({self.sent_on:%d/%m/%Y})"
