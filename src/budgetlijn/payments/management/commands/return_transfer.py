"""Book a transfer the bank returned: the amount is due again and the holder is told."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations


class Command(BaseCommand):
    help = "Boekt een overschrijving die de bank terugstortte; het bedrag blijft verschuldigd."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="De end-to-end-referentie van de overschrijving.")
        parser.add_argument("--reason", required=True, help="De reden die de bank opgeeft.")
        parser.add_argument(
            "--date", dest="on", help="De dag van terugstorting; standaard vandaag."
        )
        parser.add_argument("--user", help="De medewerker.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat opnieuw verschuldigd zou worden, zonder iets op te slaan.",
        )

    def handle(self, *args, reference, reason, on=None, user=None, dry_run=False, **options):
        found = _common.transfer(reference)
        day = _common.day(on)
        by = _common.user(user)
        try:
            with transaction.atomic():
                transfer = services.return_transfer(found, reason=reason, on=day, by=by)
                line = _(
                    "Overschrijving %(ref)s (%(amount)s, %(items)s post(en)) teruggestort: het "
                    "bedrag blijft verschuldigd."
                ) % {
                    "ref": transfer.end_to_end_id,
                    "amount": format_eur(transfer.amount),
                    "items": transfer.items.count(),
                }
                if dry_run:
                    raise _common.DryRun(line)
        except RuleViolations as error:
            raise _common.refused(error) from error
        except _common.DryRun as dry:
            self.stdout.write(_("Proef (niets opgeslagen): %(line)s") % {"line": dry.line})
            return
        self.stdout.write(line)
