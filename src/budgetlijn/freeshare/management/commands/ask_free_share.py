"""manage.py ask_free_share: record a free-share request the agency received (on paper) and
decide it through ``services.ask_free_share`` (R14, R15); ``--dry-run`` goes the real path and
rolls back, so it shows what would be granted."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import AskedByRole
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations

ACTOR = "ask_free_share"
MAX_ID = 2**63 - 1


class DryRun(Exception):
    """Rolls the real path back after it ran."""


class Command(BaseCommand):
    help = (
        "Registreert een aanvraag van het vrij besteedbaar deel die het agentschap ontving en "
        "beslist ze (binnen het vrij besteedbaar deel van het jaar en wat er van het budget "
        "overblijft)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--budget",
            type=cli.integer(1, MAX_ID),
            required=True,
            help=gettext_lazy("Het budgetnummer."),
        )
        parser.add_argument(
            "--year",
            type=cli.integer(2000, 2099),
            required=True,
            help=gettext_lazy("Het budgetjaar."),
        )
        parser.add_argument(
            "--amount", type=cli.amount(), required=True, help=gettext_lazy("Het gevraagde bedrag.")
        )
        parser.add_argument(
            "--on",
            type=cli.day(),
            default=None,
            help=gettext_lazy("Ontvangen op (JJJJ-MM-DD; standaard vandaag)."),
        )
        parser.add_argument(
            "--key", default=None, help=gettext_lazy("Een idempotentiesleutel (optioneel).")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Toon de beslissing zonder iets op te slaan."),
        )

    def handle(self, *args, budget, year, amount, on=None, key=None, dry_run=False, **opts):
        found = Budget.objects.filter(pk=budget).first()
        if found is None:
            raise CommandError(_("Er is geen budget met nummer %(budget)s.") % {"budget": budget})
        asked_on = cli.not_after_today(on, "--on")
        if not services.year_opened(found, year):
            raise CommandError(
                _(
                    "Het budgetjaar %(year)s is nog niet geopend voor budget %(budget)s, dus er "
                    "is nog geen vrij besteedbaar deel van dat jaar. Open eerst het jaar "
                    "(manage.py open_budget_year --year %(year)s) en registreer de aanvraag "
                    "daarna opnieuw. Er is niets opgeslagen."
                )
                % {"year": year, "budget": budget}
            )
        try:
            with transaction.atomic():
                request = services.ask_free_share(
                    budget=found,
                    year=year,
                    amount=amount,
                    asked_on=asked_on,
                    by=ACTOR,
                    role=AskedByRole.AGENCY,
                    idempotency_key=key,
                )
                line = _(
                    "%(request)s: %(outcome)s, %(accepted)s toegekend (vrij besteedbaar deel van het jaar: %(limit)s)."
                ) % {
                    "request": request,
                    "outcome": request.get_outcome_display(),
                    "accepted": format_eur(request.accepted_amount),
                    "limit": format_eur(request.limit),
                }
                if request.message:
                    line = f"{line} {request.message}"
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Proef (niets opgeslagen): %(line)s") % {"line": line})
            return
        except RuleViolations as refused:
            raise CommandError("; ".join(v.text() for v in refused.violations)) from None
        self.stdout.write(line)
