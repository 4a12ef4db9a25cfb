"""Yearly run: book the (indexed) yearly amount of every running budget for a year.

The amount is the parameter in force on 1 January of that year, so an administrator first
adds that year's indexed amounts (admin or ``set_parameter``) and then runs this. Booking
into the append-only ledger cannot be undone, so the run refuses a year more than one ahead
and a year whose yearly amounts are not that year's (the value in force on 1 January must
start on that day: no older, un-indexed amount is booked), offers ``--dry-run`` (the real
path, rolled back), and opens each budget's year all or nothing (decision 0009). It reports
what this run booked; running it again books nothing."""

from collections import Counter
from contextlib import nullcontext
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.constants import MIN_YEAR
from budgetlijn.rules import budget_year, parameters
from budgetlijn.rules.violations import RuleViolations

# Who the audit trail names for what this command does.
ACTOR = "open_budget_year"


def running_budgets(year: int):
    return Budget.objects.filter(
        status=BudgetStatus.STARTED, started_on__year__lte=year
    ).select_related("person")


def unpriced(budgets, year: int) -> list[str]:
    """Dutch lines for every yearly-amount parameter the budgets need that has no value of
    ``year`` itself (none at all, or only an older one that would be booked un-indexed)."""
    first_day = date(year, 1, 1)
    needed = Counter(
        budget_year.yearly_amount_name(kind, scheme or None, category, band)
        for kind, scheme, category, band in budgets.filter(specific_amount__isnull=True)
        .values_list("kind", "scheme", "category", "band")
        .order_by()
    )
    lines = []
    for name, count in sorted(needed.items()):
        try:
            entry = parameters.entry(name, first_day)
        except parameters.ParameterMissing:
            lines.append(
                _("Parameter %(name)s: geen bedrag op 1 januari %(year)s (%(count)s budget(ten)).")
                % {"name": name, "year": year, "count": count}
            )
            continue
        if entry.valid_from < first_day:
            lines.append(
                _(
                    "Parameter %(name)s: nog geen geïndexeerd bedrag voor %(year)s; het bedrag "
                    "%(value)s geldt al sinds %(since)s (%(count)s budget(ten))."
                )
                % {
                    "name": name,
                    "year": year,
                    "value": entry.value,
                    "since": f"{entry.valid_from:%d/%m/%Y}",
                    "count": count,
                }
            )
    return lines


class Command(BaseCommand):
    help = "Boekt het jaarbudget van een jaar voor alle lopende budgetten (na de indexering)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=cli.integer(), required=True, help="Het budgetjaar, bv. 2027."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat er geboekt zou worden, zonder iets op te slaan.",
        )

    def handle(self, *args, year, dry_run=False, **options):
        latest = timezone.localdate().year + 1
        if not MIN_YEAR <= year <= latest:
            raise CommandError(
                _(
                    "--year: geef een jaar van %(min)s tot en met %(max)s (volgend jaar). Het "
                    "jaarbudget van een later jaar is nog niet geïndexeerd."
                )
                % {"min": MIN_YEAR, "max": latest}
            )
        budgets = running_budgets(year)
        missing = unpriced(budgets, year)
        if missing:
            raise CommandError(
                "\n".join(
                    [
                        _(
                            "--year: voor %(year)s ontbreken geïndexeerde jaarbedragen; er is "
                            "niets geboekt."
                        )
                        % {"year": year},
                        *missing,
                        _(
                            "Voeg de bedragen van dat jaar toe met set_parameter (vanaf "
                            "1 januari) en start opnieuw."
                        ),
                    ]
                )
            )
        opened = entries = complete = 0
        refused: list[str] = []
        with transaction.atomic() if dry_run else nullcontext():
            for budget in budgets.iterator():
                try:
                    created = services.open_budget_year_in_run(budget, year, by=ACTOR)
                except (RuleViolations, parameters.ParameterMissing) as exc:
                    refused.append(
                        _("Budget %(budget)s: %(error)s") % {"budget": budget.pk, "error": exc}
                    )
                    continue
                if created:
                    opened += 1
                    entries += created
                else:
                    complete += 1
            if dry_run:
                transaction.set_rollback(True)
        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        verb = _("zou openen") if dry_run else _("opende")
        self.stdout.write(
            prefix
            + _(
                "Budgetjaar %(year)s: deze run %(verb)s %(opened)s budgetjaar/-jaren "
                "(%(entries)s boeking(en)); %(complete)s waren al volledig geopend."
            )
            % {
                "year": year,
                "verb": verb,
                "opened": opened,
                "entries": entries,
                "complete": complete,
            }
        )
        for line in refused:
            self.stderr.write(line)
        if refused:
            raise CommandError(
                _(
                    "%(count)s budget(ten) niet geopend; de andere wel. Los de meldingen op en "
                    "start opnieuw: wat al geopend is, wordt niet opnieuw geboekt."
                )
                % {"count": len(refused)}
            )
