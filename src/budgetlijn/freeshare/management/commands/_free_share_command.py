"""What ``ask_free_share`` and ``correct_free_share`` share: the options (budget, year, amount,
day, idempotency key, dry run) and the frame around the service: the budget looked up, the
real path run in a transaction (rolled back for ``--dry-run``), the service's refusals as a
``CommandError`` in Dutch (exit status 1, no traceback). Not a command itself (Django skips
modules whose name starts with ``_``)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare.constants import AskedByRole
from budgetlijn.rules.violations import RuleViolations

MAX_ID = 2**63 - 1


class DryRun(Exception):  # noqa: N818 - a signal, not an error
    """Rolls the real path back after it ran."""


class FreeShareCommand(BaseCommand):
    """A subclass names its actor (for the audit trail) and its options' help texts, and says
    what the service did in ``run``."""

    actor = ""

    year_help = gettext_lazy("Het budgetjaar.")
    amount_help = gettext_lazy("Het bedrag.")
    on_help = gettext_lazy("De dag (JJJJ-MM-DD; standaard vandaag).")
    dry_run_help = gettext_lazy("Toon wat er zou gebeuren zonder iets op te slaan.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--budget",
            type=cli.integer(1, MAX_ID),
            required=True,
            help=gettext_lazy("Het budgetnummer."),
        )
        parser.add_argument(
            "--year", type=cli.integer(2000, 2099), required=True, help=self.year_help
        )
        parser.add_argument("--amount", type=cli.amount(), required=True, help=self.amount_help)
        parser.add_argument("--on", type=cli.day(), default=None, help=self.on_help)
        parser.add_argument(
            "--key", default=None, help=gettext_lazy("Een idempotentiesleutel (optioneel).")
        )
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def run(self, fields: dict, on) -> str:
        """Call the service with ``fields`` (budget, year, amount, by, role and
        idempotency_key, the agency's) inside the transaction and return the line to print;
        raise ``CommandError`` or ``RuleViolations`` to refuse."""
        raise NotImplementedError

    def handle(self, *args, budget, year, amount, on=None, key=None, dry_run=False, **opts):
        found = Budget.objects.filter(pk=budget).first()
        if found is None:
            raise CommandError(_("Er is geen budget met nummer %(budget)s.") % {"budget": budget})
        try:
            with transaction.atomic():
                fields = {"budget": found, "year": year, "amount": amount, "idempotency_key": key}
                line = self.run({**fields, "by": self.actor, "role": AskedByRole.AGENCY}, on)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Proef (niets opgeslagen): %(line)s") % {"line": line})
            return
        except RuleViolations as refused:
            raise CommandError("; ".join(v.text() for v in refused.violations)) from None
        self.stdout.write(line)
