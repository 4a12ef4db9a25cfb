"""manage.py correct_free_share: record that a PAB holder paid part of a year's free share back
to the budget account (R15, only with a refundable advance), through
``services.correct_free_share``; ``--dry-run`` goes the real path and rolls back."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import AskedByRole
from budgetlijn.freeshare.management.commands.ask_free_share import MAX_ID, DryRun
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations

ACTOR = "correct_free_share"


class Command(BaseCommand):
    help = (
        "Registreert dat een budgethouder met een PAB een deel van het vrij besteedbaar deel "
        "terugstortte op de budgetrekening (correctie, alleen met een terugvorderbaar voorschot)."
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
            help=gettext_lazy("Het budgetjaar van het vrij besteedbaar deel."),
        )
        parser.add_argument(
            "--amount",
            type=cli.amount(),
            required=True,
            help=gettext_lazy("Het teruggestorte bedrag."),
        )
        parser.add_argument(
            "--on",
            type=cli.day(),
            default=None,
            help=gettext_lazy("Teruggestort op (JJJJ-MM-DD; standaard vandaag)."),
        )
        parser.add_argument(
            "--key", default=None, help=gettext_lazy("Een idempotentiesleutel (optioneel).")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Toon wat geboekt zou worden zonder iets op te slaan."),
        )

    def handle(self, *args, budget, year, amount, on=None, key=None, dry_run=False, **opts):
        found = Budget.objects.filter(pk=budget).first()
        if found is None:
            raise CommandError(_("Er is geen budget met nummer %(budget)s.") % {"budget": budget})
        replay = key is not None and services.correction_recorded(key.strip())
        try:
            with transaction.atomic():
                correction = services.correct_free_share(
                    budget=found,
                    year=year,
                    amount=amount,
                    corrected_on=on or timezone.localdate(),  # a later day: the service refuses
                    by=ACTOR,
                    role=AskedByRole.AGENCY,
                    idempotency_key=key,
                )
                line = _(
                    "%(correction)s geboekt: het budget heeft %(amount)s meer ruimte, het "
                    "voorschot is %(amount)s hoger."
                ) % {"correction": correction, "amount": format_eur(correction.amount)}
                if replay:
                    line = _(
                        "%(correction)s was al geregistreerd met deze sleutel; niets opnieuw "
                        "geboekt."
                    ) % {"correction": correction}
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Proef (niets opgeslagen): %(line)s") % {"line": line})
            return
        except RuleViolations as refused:
            raise CommandError("; ".join(v.text() for v in refused.violations)) from None
        self.stdout.write(line)
