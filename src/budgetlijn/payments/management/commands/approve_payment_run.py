"""Approve a drafted payment run: a second agency user (four eyes)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from budgetlijn.payments import services
from budgetlijn.payments.management.commands import _common
from budgetlijn.rules.violations import RuleViolations


class Command(BaseCommand):
    help = "Keurt een betaalrun goed (een andere medewerker dan wie ze opmaakte)."

    def add_arguments(self, parser):
        parser.add_argument("run", help="Het nummer van de betaalrun.")
        parser.add_argument("--user", required=True, help="De medewerker die goedkeurt.")

    def handle(self, *args, run, user, **options):
        try:
            approved = services.approve_run(_common.run(run), by=_common.user(user, required=True))
        except RuleViolations as error:
            raise _common.refused(error) from error
        self.stdout.write(_("Betaalrun #%(run)s goedgekeurd.") % {"run": approved.pk})
