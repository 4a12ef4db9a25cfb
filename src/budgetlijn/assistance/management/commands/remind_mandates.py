"""Daily reminder run: mandates (R36) that end within ``assistance.mandate_reminder_days``.

Each mandate is reminded once: the run notes the reminder on the mandate
(``services.mark_reminded``, with an audit event on the dossier), so a second run on the same
or a later day lists it as reminded before and does not remind it again. Like the other batch
commands it refuses a day after today and offers ``--dry-run`` (the real path, rolled back)."""

from contextlib import nullcontext
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.assistance import selectors, services
from budgetlijn.rules import parameters

# Who the audit trail names for what this command does.
ACTOR = "remind_mandates"


class Command(BaseCommand):
    help = (
        "Herinnert aan mandaten van organisaties die binnenkort aflopen (R36), één keer per "
        "mandaat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="on",
            type=cli.day(),
            help="De dag van de run (JJJJ-MM-DD), vandaag of vroeger; standaard vandaag.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wie een herinnering zou krijgen, zonder iets op te slaan.",
        )

    def handle(self, *args, on=None, dry_run=False, **options):
        today = timezone.localdate()
        day = on or today
        if day > today:
            raise CommandError(
                _(
                    "--date: %(day)s ligt na vandaag (%(today)s). Een herinnering wordt maar één "
                    "keer verstuurd: kies vandaag of een vroegere dag."
                )
                % {"day": f"{day:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
            )
        try:
            last = day + timedelta(days=selectors.reminder_days(day))
            ending = list(selectors.mandates_ending(on=day))
        except parameters.ParameterMissing as exc:
            raise CommandError(
                _("--date: %(error)s Voor %(day)s kan de run niet lopen: kies een latere dag.")
                % {"error": exc, "day": f"{day:%d/%m/%Y}"}
            ) from exc

        reminded, before = [], []
        with transaction.atomic() if dry_run else nullcontext():
            for mandate in ending:
                if services.mark_reminded(mandate, actor=ACTOR):
                    reminded.append(mandate)
                else:
                    before.append(mandate)
            if dry_run:
                transaction.set_rollback(True)

        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        self.stdout.write(
            prefix
            + _("Mandaten die aflopen van %(day)s tot en met %(last)s.")
            % {"day": f"{day:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
        )
        verb = _("Zou herinnerd worden") if dry_run else _("Nu herinnerd")
        self.stdout.write(_("%(verb)s: %(count)s.") % {"verb": verb, "count": len(reminded)})
        for mandate in reminded:
            self.stdout.write(self.line(mandate))
        self.stdout.write(_("Al eerder herinnerd: %(count)s.") % {"count": len(before)})
        for mandate in before:
            self.stdout.write(self.line(mandate))

    @staticmethod
    def line(mandate) -> str:
        return _("  - mandaat %(pk)s: %(organisation)s voor %(person)s, loopt af op %(end)s") % {
            "pk": mandate.pk,
            "organisation": mandate.organisation.name,
            "person": mandate.person.full_name,
            "end": f"{mandate.ends_on:%d/%m/%Y}",
        }
