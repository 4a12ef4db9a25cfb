"""Write the SEPA credit-transfer file (pain.001) of an approved payment run."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
from budgetlijn.rules.violations import RuleViolations


class Command(BaseCommand):
    help = (
        "Schrijft het SEPA-bestand (pain.001) van een goedgekeurde betaalrun; opnieuw "
        "exporteren geeft hetzelfde bestand."
    )

    def add_arguments(self, parser):
        parser.add_argument("run", help="Het nummer van de betaalrun.")
        parser.add_argument("--out", required=True, help="Het bestand om te schrijven.")
        parser.add_argument("--user", required=True, help="De medewerker die exporteert.")

    def handle(self, *args, run, out, user, **options):
        try:
            content = services.export_run(_common.run(run), by=_common.user(user, required=True))
        except RuleViolations as error:
            raise _common.refused(error) from error
        Path(out).write_bytes(content)
        self.stdout.write(
            _("SEPA-bestand van betaalrun #%(run)s geschreven naar %(out)s.")
            % {"run": run, "out": out}
        )
