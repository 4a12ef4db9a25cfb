"""The append-only ledger: money movements per budget and budget year.

Entries are never changed or deleted: a correction is a reversing entry (services.reverse).
The model refuses save() of an existing entry, delete(), and QuerySet.update()/delete()
(``budgetlijn.append_only``); on every backend triggers (migration 0003) refuse UPDATE and
DELETE in the database as well.
Balances are derived from the entries (selectors.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from budgetlijn.ledger.constants import (
    IDEMPOTENCY_KEY_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    Bucket,
    EntryKind,
    ErrorCode,
)
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, format_eur

APPEND_ONLY_MESSAGE = _(
    "Het grootboek kan alleen aangevuld worden: een boeking wordt nooit gewijzigd of "
    "verwijderd. Corrigeer een fout met een tegenboeking."
)


class LedgerIsAppendOnly(AppendOnlyError):
    """Raised on any attempt to change or delete a ledger entry."""

    code = ErrorCode.APPEND_ONLY
    default_message = APPEND_ONLY_MESSAGE


class EntryQuerySet(AppendOnlyQuerySet):
    def for_budget_year(self, budget, year):
        return self.filter(budget=budget, year=year)


class EntryManager(models.Manager.from_queryset(EntryQuerySet)):
    pass


class Entry(AppendOnlyModel):
    budget = models.ForeignKey(
        "dossiers.Budget",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("budget"),
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    kind = models.CharField(_("soort boeking"), max_length=24, choices=EntryKind.choices)
    bucket = models.CharField(_("rubriek"), max_length=12, choices=Bucket.choices)
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        help_text=_("Met teken: een terugbetaald voorschot en een tegenboeking zijn negatief."),
    )
    effective_date = models.DateField(_("datum"))
    booked_at = models.DateTimeField(_("geboekt op"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # PROTECT, not SET_NULL: setting NULL would be an UPDATE of an entry.
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="+",
        verbose_name=_("geboekt door"),
    )
    reason = models.TextField(_("waarom"))
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        related_name="reversed_by",
        verbose_name=_("tegenboeking van"),
    )
    idempotency_key = models.CharField(
        _("idempotentiesleutel"),
        max_length=IDEMPOTENCY_KEY_LENGTH,
        unique=True,
        blank=True,
        null=True,
        help_text=_(
            "Dezelfde sleutel geeft altijd dezelfde boeking terug, zodat een betaling nooit "
            "twee keer vertrekt."
        ),
    )

    append_only_error = LedgerIsAppendOnly
    objects = EntryManager()

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["booked_at", "id"]
        default_permissions = ("view",)
        permissions = [("reverse_entry", _("Mag boekingen tegenboeken"))]
        indexes = [
            models.Index(fields=["budget", "year", "bucket"], name="ledger_entry_budget_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=0),
                name="ledger_entry_amount_not_zero",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=EntryKind.REVERSAL, reverses__isnull=False)
                    | (~models.Q(kind=EntryKind.REVERSAL) & models.Q(reverses__isnull=True))
                ),
                name="ledger_entry_reversal_iff_reverses",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR) & models.Q(year__lte=MAX_YEAR),
                name="ledger_entry_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.year} {self.get_kind_display()} {format_eur(self.amount)}"

    @property
    def is_reversal(self) -> bool:
        return self.kind == EntryKind.REVERSAL
