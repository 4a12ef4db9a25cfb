"""Draft a payment run: pay every open commitment that is payable on the day (R30)."""

from django.core.management.base import BaseCommand, CommandError

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
from budgetlijn.rules.violations import RuleViolations


class Command(BaseCommand):
    help = (
        "Maakt een betaalrun op: alles wat aanvaard en nog niet betaald is, per rekening één "
        "overschrijving, min de inhoudingen. Een tweede medewerker keurt ze goed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="De betaaldag (JJJJ-MM-DD); standaard vandaag."
        )
        parser.add_argument("--user", help="De medewerker die de run opmaakt.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat betaald zou worden, zonder iets op te slaan.",
        )

    def handle(self, *args, on=None, user=None, dry_run=False, **options):
        day = _common.day(on)
        by = _common.user(user)
        try:
            report = services.draft_run(on=day, by=by, dry_run=dry_run)
        except RuleViolations as error:
            raise _common.refused(error) from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(report.failed_chunks[0])
