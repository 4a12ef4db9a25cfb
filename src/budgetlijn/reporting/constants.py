"""Choices of the statistics: what is counted (basis), what is measured, how it is grouped.

The definitions are written out for users in ``DEFINITIONS`` (shown on the page, in the XLSX
and in the API schema) and for developers in docs/decisions/0008-statistics.md.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    """Which budgets a report counts."""

    MADE_AVAILABLE = "made_available", _("ter beschikking gesteld in de periode")
    HOLDING = "holding", _("lopend op de peildatum")


class Measure(models.TextChoices):
    PERSONS = "persons", _("aantal personen")
    BUDGETS = "budgets", _("aantal budgetten")
    ALLOCATED = "allocated", _("toegekend jaarbedrag (EUR)")
    ENTITLED = "entitled", _("geboekt jaarbudget (EUR)")
    SPENT = "spent", _("betaald in de periode (EUR)")
    REMAINING = "remaining", _("nog beschikbaar (EUR)")


class Dimension(models.TextChoices):
    """What the rows or the columns of a report are."""

    CATEGORY = "category", _("budgetcategorie")
    PROVINCE = "province", _("provincie")
    KIND = "kind", _("soort budget")


# Measures that are counts (whole numbers) and measures that are money (EUR, two decimals).
COUNT_MEASURES = frozenset({Measure.PERSONS, Measure.BUDGETS})
MONEY_MEASURES = frozenset({Measure.ALLOCATED, Measure.ENTITLED, Measure.SPENT, Measure.REMAINING})
# Money measures read from the ledger (one extra aggregate query over its entries).
LEDGER_MEASURES = frozenset({Measure.ENTITLED, Measure.SPENT, Measure.REMAINING})

# Small-cell suppression for publication (privacy): cells with fewer persons than this.
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 2
MAX_THRESHOLD = 100

# The years a report can ask for (year, and the years of from, to and as_of).
MIN_YEAR = 2000
MAX_YEAR = 2099

# A period longer than this is refused: the yearly amounts are looked up per calendar year.
MAX_PERIOD_YEARS = 10

# Marks of suppressed cells in tables and exports.
SECONDARY_MARK = "x"

# The definitions, in the words users read (page, XLSX "Toelichting", API documentation).
DEFINITIONS: dict[str, str] = {
    Basis.MADE_AVAILABLE: _(
        "Ter beschikking gesteld in de periode: budgetten met een toekenningsbrief (datum van "
        "terbeschikkingstelling) in de periode, beide data inbegrepen, en niet na de peildatum."
    ),
    Basis.HOLDING: _(
        "Lopend op de peildatum: budgetten die op de peildatum opgestart zijn en nog niet "
        "stopgezet, vervallen of omgezet (de dag van stopzetting of omzetting telt niet meer)."
    ),
    Measure.PERSONS: _(
        "Aantal personen: elke persoon met een handicap één keer per cel, ook met meer budgetten. "
        "Daarom kan een totaal kleiner zijn dan de som van zijn cellen."
    ),
    Measure.BUDGETS: _("Aantal budgetten: elk budget telt één keer."),
    Measure.ALLOCATED: _(
        "Toegekend jaarbedrag: per budget het volledige jaarbedrag van de budgetcategorie (en "
        "budgetschijf) dat op 1 januari gold van het jaar van terbeschikkingstelling (bij "
        "'lopend op de peildatum': van het jaar van de peildatum), of het specifiek toegekende "
        "bedrag uit de toekenningsbrief. Niet pro rata."
    ),
    Measure.ENTITLED: _(
        "Geboekt jaarbudget: de som van de jaarbudgetten die in het grootboek geboekt zijn voor "
        "de budgetjaren van de periode, pro rata per maand en na aanpassingen, tot en met de "
        "peildatum."
    ),
    Measure.SPENT: _(
        "Betaald in de periode: terugbetaalde kosten, betalingen aan zorgaanbieders en het "
        "uitbetaalde vrij besteedbaar deel met een datum in de periode (en niet na de peildatum)."
    ),
    Measure.REMAINING: _(
        "Nog beschikbaar: geboekt jaarbudget min betaald min vastgelegd, voor de budgetjaren van "
        "de periode, tot en met de peildatum (de budgetlijn)."
    ),
}


class ErrorCode(StrEnum):
    """Stable error codes of the statistics query form (and so of the API's 400 answers)."""

    OUT_OF_RANGE = "out_of_range"
    REPEATED = "repeated"
    PERIOD_INCOMPLETE = "period_incomplete"
    PERIOD_REVERSED = "period_reversed"
    PERIOD_TOO_LONG = "period_too_long"
    SAME_DIMENSION = "same_dimension"
