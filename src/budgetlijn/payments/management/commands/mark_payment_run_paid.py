"""Mark an exported payment run paid: the bank executed the file."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
from budgetlijn.rules.violations import RuleViolations


class Command(BaseCommand):
    help = "Meldt een geëxporteerde betaalrun betaald."

    def add_arguments(self, parser):
        parser.add_argument("run", help="Het nummer van de betaalrun.")
        parser.add_argument(
            "--date", dest="on", help="De dag van betaling (JJJJ-MM-DD); standaard vandaag."
        )
        parser.add_argument("--user", required=True, help="De medewerker.")

    def handle(self, *args, run, on=None, user, **options):
        try:
            paid = services.mark_paid(
                _common.run(run), by=_common.user(user, required=True), on=_common.day(on)
            )
        except RuleViolations as error:
            raise _common.refused(error) from error
        self.stdout.write(
            _("Betaalrun #%(run)s betaald op %(day)s.") % {"run": paid.pk, "day": paid.paid_on}
        )
