"""Book a transfer the bank returned: the amount is due again and the holder is told."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
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

    def handle(self, *args, reference, reason, on=None, user=None, **options):
        try:
            transfer = services.return_transfer(
                _common.transfer(reference),
                reason=reason,
                on=_common.day(on),
                by=_common.user(user),
            )
        except RuleViolations as error:
            raise _common.refused(error) from error
        self.stdout.write(
            _("Overschrijving %(ref)s teruggestort: het bedrag blijft verschuldigd.")
            % {"ref": transfer.end_to_end_id}
        )
