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


RUNNING_BALANCE_MESSAGE = _(
    "De lopende saldi worden alleen door de database bijgehouden, bij elke nieuwe boeking. "
    "Wijzig ze nooit rechtstreeks: boek een correctie in het grootboek."
)


class RunningBalanceIsReadOnly(AppendOnlyError):
    """Raised on any attempt of the application to write a running balance."""

    code = ErrorCode.RUNNING_BALANCE_READ_ONLY
    default_message = RUNNING_BALANCE_MESSAGE


class ReadOnlyQuerySet(AppendOnlyQuerySet):
    """Reads only: the rows of a table kept by the database (triggers on ``ledger_entry``);
    inserts are refused too, with the model's ``append_only_error``."""

    def bulk_create(self, *args, **kwargs):
        self._refuse()

    bulk_create.alters_data = True

    def get_or_create(self, *args, **kwargs):
        self._refuse()

    get_or_create.alters_data = True


class DatabaseKeptModel(models.Model):
    """A table the database keeps (an AFTER INSERT trigger on ``ledger_entry``), never written
    by the application: ``save`` and ``delete`` raise ``append_only_error``; use
    ``ReadOnlyQuerySet`` as its manager. Abstract, with no fields: no migration of its own."""

    append_only_error: type[AppendOnlyError] = AppendOnlyError

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        raise self.append_only_error()

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise self.append_only_error()

    delete.alters_data = True


class BudgetYearBalance(DatabaseKeptModel):
    """The running balance of one budget year: the sum of its entries per bucket, in whole
    cents, kept by an AFTER INSERT trigger on the entry table (migration 0004) for every entry
    whatever inserts it, in the inserting transaction. Never written by the application
    (save, delete and the queryset's writes are refused); ``check_ledger`` compares it with the
    sums of the entries (docs/decisions/0014).

    ``advance`` is the year's movement of the refundable advance (R13: outstanding over all
    years is the sum over the budget's rows); ``allocations`` counts the year's ALLOCATION
    entries (a year may be booked on once it has one); ``entries`` counts all its entries.
    """

    budget = models.ForeignKey(
        "dossiers.Budget",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("budget"),
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))
    entitlement = models.BigIntegerField(_("jaarbudget (cent)"), default=0)
    premium = models.BigIntegerField(_("eindejaarspremie (cent)"), default=0)
    via = models.BigIntegerField(_("VIA-middelen (cent)"), default=0)
    paid = models.BigIntegerField(_("betaald (cent)"), default=0)
    committed = models.BigIntegerField(_("vastgelegd (cent)"), default=0)
    advance = models.BigIntegerField(_("voorschot (cent)"), default=0)
    allocations = models.IntegerField(_("toekenningen"), default=0)
    entries = models.BigIntegerField(_("boekingen"), default=0)

    append_only_error = RunningBalanceIsReadOnly
    objects = ReadOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("lopend saldo")
        verbose_name_plural = _("lopende saldi")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["budget", "year"], name="ledger_balance_budget_year"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.year}"


OPEN_COMMITMENTS_MESSAGE = _(
    "De open vastleggingen worden alleen door de database bijgehouden, bij elke nieuwe boeking. "
    "Wijzig ze nooit rechtstreeks: boek een betaling of een tegenboeking in het grootboek."
)


class OpenCommitmentsAreReadOnly(AppendOnlyError):
    """Raised on any attempt of the application to write the queue of open commitments."""

    code = ErrorCode.OPEN_COMMITMENTS_READ_ONLY
    default_message = OPEN_COMMITMENTS_MESSAGE


class OpenCommitment(DatabaseKeptModel):
    """A COMMITMENT entry no entry reverses yet: the queue the payment runs read instead of
    an anti-join over all commitments ever booked. Kept by an AFTER INSERT trigger on the entry
    table (migration 0005, ``ledger.open_commitments``); never written by the application;
    ``check_ledger`` compares it with the anti-join."""

    entry = models.OneToOneField(
        Entry,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="open_commitment",
        verbose_name=_("vastlegging"),
    )
    budget = models.ForeignKey(
        "dossiers.Budget", on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("budget")
    )
    year = models.PositiveSmallIntegerField(_("budgetjaar"))

    append_only_error = OpenCommitmentsAreReadOnly
    objects = ReadOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("open vastlegging")
        verbose_name_plural = _("open vastleggingen")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.entry_id} ({self.budget_id}, {self.year})"
