"""Write the SEPA credit-transfer file (pain.001) of an approved payment run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
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
        target = Path(out)
        if target.is_dir() or not target.parent.is_dir():
            # checked before the run is exported, so a typing error leaves the run as it was
            raise CommandError(
                _("--out: %(out)s is geen bestand in een bestaande map. Geef een bestandsnaam.")
                % {"out": out}
            )
        try:
            content = services.export_run(_common.run(run), by=_common.user(user, required=True))
        except RuleViolations as error:
            raise _common.refused(error) from error
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _(
                    "--out: %(out)s kan niet geschreven worden (%(error)s). De betaalrun is "
                    "geëxporteerd: exporteer opnieuw naar een ander bestand, u krijgt hetzelfde "
                    "bestand."
                )
                % {"out": out, "error": error.strerror or error}
            ) from None
        self.stdout.write(
            _("SEPA-bestand van betaalrun #%(run)s geschreven naar %(out)s.")
            % {"run": run, "out": out}
        )
