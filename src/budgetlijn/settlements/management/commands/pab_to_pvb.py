"""R7: the letter at 18 for every running PAB whose holder is 18 and has none yet, and the stop
on the 22nd birthday of a PAB without a support plan for a PVB filed before it.

Run daily (``--date`` today or earlier). ``--dry-run`` goes the real path and keeps nothing; a
second run sends no letter twice; each stop is all or nothing per budget; a refusal is a Dutch
message, never a traceback (decision 0009). ``--out`` writes the letters as PDF."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import pdf, transitions

ACTOR = "pab_to_pvb"


class Command(BaseCommand):
    help = _(
        "PAB naar PVB (R7): brief bij 18 jaar, stopzetting op de 22ste verjaardag zonder "
        "ondersteuningsplan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", type=cli.day(), help=_("De dag (JJJJ-MM-DD); standaard vandaag.")
        )
        parser.add_argument("--out", help=_("Map waarin de brieven als pdf geschreven worden."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Toon wat er zou gebeuren, zonder op te slaan."),
        )

    def handle(self, *args, on=None, out=None, dry_run=False, **options):
        on = on or timezone.localdate()
        try:
            report = transitions.run_transitions(on=on, by=ACTOR, dry_run=dry_run)
        except RuleViolations as error:
            raise CommandError(" ".join(v.text() for v in error.violations)) from None
        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        self.stdout.write(
            prefix
            + _("PAB naar PVB op %(day)s: %(letters)s brief(brieven), %(stopped)s stopgezet.")
            % {
                "day": f"{on:%d/%m/%Y}",
                "letters": len(report.letters),
                "stopped": len(report.stopped),
            }
        )
        for letter in report.letters:
            self.stdout.write(
                _("  - brief budget %(budget)s: ondersteuningsplan vóór %(limit)s")
                % {"budget": letter.budget_id, "limit": f"{letter.support_plan_before:%d/%m/%Y}"}
            )
        for budget in report.stopped:
            self.stdout.write(
                _("  - budget %(budget)s stopgezet op %(day)s (22 jaar, geen ondersteuningsplan)")
                % {"budget": budget.pk, "day": f"{budget.stopped_on:%d/%m/%Y}"}
            )
        for budget, reason in report.refused:
            self.stdout.write(
                _("  - budget %(budget)s niet stopgezet: %(reason)s")
                % {"budget": budget.pk, "reason": reason}
            )
        if out and not dry_run:
            folder = Path(out)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                for letter in report.letters:
                    path = folder / f"brief-pvb-budget-{letter.budget_id}.pdf"
                    path.write_bytes(pdf.pvb_letter_pdf(letter))
            except OSError as error:
                raise CommandError(
                    _("--out: de brieven konden niet geschreven worden (%(error)s).")
                    % {"error": error}
                ) from None
