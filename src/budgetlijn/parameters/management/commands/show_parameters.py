"""List every parameter with the value in force on a day, its unit and where it comes from."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from budgetlijn.parameters.selectors import overview_rows
from budgetlijn.rules import parameters


class Command(BaseCommand):
    help = "Toon de parameters met de waarde die geldt op een dag, de eenheid en de herkomst."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="on", help="De dag (JJJJ-MM-DD); standaard vandaag.")
        parser.add_argument(
            "--name", dest="prefix", default="", help="Alleen parameters waarvan de naam zo begint."
        )

    def handle(self, *args, on=None, prefix="", **options):
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(
                f"--date: '{on}' is geen geldige datum. Gebruik JJJJ-MM-DD, bv. 2025-01-01."
            ) from None
        rows = overview_rows(day, prefix)
        if not rows:
            raise CommandError(
                gettext(
                    "--name: geen enkele parameter begint met '%(prefix)s'. Kies een ander "
                    "begin, of laat --name weg voor alle parameters."
                )
                % {"prefix": prefix}
            )
        self.stdout.write(f"Parameters op {day:%d/%m/%Y} ({len(rows)}):")
        width = max(len(row["name"]) for row in rows)
        for row in rows:
            item = row["entry"]
            if item is None:
                self.stdout.write(f"{row['name']:<{width}}  geen waarde op deze dag")
                continue
            origin = "beheerder" if item.source == parameters.SOURCE_ADMIN else "bestand"
            until = f"{item.valid_until:%d/%m/%Y}" if item.valid_until else "…"
            self.stdout.write(
                f"{row['name']:<{width}}  {item.value} {item.unit}  ({origin}, "
                f"{item.valid_from:%d/%m/%Y} – {until})"
            )
