"""The approval queue for agency staff: registered contracts, oldest first, with the rules
that do not hold today."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from budgetlijn import cli
from budgetlijn.contracts import selectors, services

# More than this is no longer a list to read (and a LIMIT the database refuses: a traceback).
MAX_LIMIT = 10_000


class Command(BaseCommand):
    help = "Toont de overeenkomsten die op goedkeuring wachten, de oudste eerst, met de regels die niet kloppen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="Controleer de regels op deze dag (JJJJ-MM-DD)."
        )
        parser.add_argument(
            "--limit",
            type=cli.integer(1, MAX_LIMIT),
            default=100,
            help="Hoeveel overeenkomsten hoogstens (standaard 100).",
        )

    def handle(self, *args, on=None, limit=100, **options):
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(
                f"--date: '{on}' is geen geldige datum. Gebruik JJJJ-MM-DD."
            ) from exc
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(
                gettext("--limit: geef een getal van 1 tot en met %(max)s.") % {"max": MAX_LIMIT}
            )
        pending = selectors.approval_queue()
        total = pending.count()
        self.stdout.write(
            f"Wachtrij op {day:%d/%m/%Y}: {total} overeenkomst(en) wachten op een beslissing."
        )
        for contract in pending[:limit]:
            age = (day - contract.registered_on).days
            violations = services.current_violations(contract, day)
            verdict = (
                "voldoet aan de regels"
                if not violations
                else f"{len(violations)} regel(s) kloppen niet"
            )
            self.stdout.write(
                f"- {age} dag(en): overeenkomst {contract.pk} v{contract.version}, {contract.type_label}, "
                f"{contract.budget.person} met {contract.counterparty_name}: {verdict}"
            )
            for violation in violations:
                self.stdout.write(f"    {violation.rule_id}: {violation.text()}")
