"""Close a budget year after its late-cost window (R25 deadline + two years): records per budget
what the year came to; what was left lapses, nothing is carried over, the advance stays.

The day may not lie after today, ``--dry-run`` goes the real path and keeps nothing, a second
run changes nothing; a refusal is a Dutch message, never a traceback (decision 0009)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import closing

ACTOR = "close_budget_year"
SHOWN = 50  # skipped budgets listed one by one; the rest counted


class Command(BaseCommand):
    help = _("Sluit een budgetjaar af na de termijn voor laattijdige kosten (R25).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=cli.integer(), required=True, help=_("Het budgetjaar."))
        parser.add_argument(
            "--date",
            dest="on",
            type=cli.day(),
            help=_("De dag van de afsluiting (JJJJ-MM-DD), vandaag of vroeger."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Toon wat afgesloten zou worden.")
        )

    def handle(self, *args, year, on=None, dry_run=False, **options):
        on = on or timezone.localdate()
        try:
            report = closing.close_budget_year(year, on=on, by=ACTOR, dry_run=dry_run)
        except RuleViolations as error:
            raise CommandError(" ".join(v.text() for v in error.violations)) from None
        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "Budgetjaar %(year)s op %(day)s: %(closed)s afgesloten, %(already)s al eerder, "
                "%(skipped)s nog niet. Niet gebruikt (vervalt): %(unused)s."
            )
            % {
                "year": year,
                "day": f"{on:%d/%m/%Y}",
                "closed": len(report.closed),
                "already": report.already,
                "skipped": len(report.skipped),
                "unused": format_eur(report.unused),
            }
        )
        for skipped in report.skipped[:SHOWN]:
            self.stdout.write(f"  - budget {skipped.budget_id}: {skipped.reason}")
        if len(report.skipped) > SHOWN:
            self.stdout.write(_("  ... en %(n)s meer.") % {"n": len(report.skipped) - SHOWN})
