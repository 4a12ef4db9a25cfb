"""R31: draw a sample of a budget year's cost statements and ask their proofs, or record whether
a sampled line was proven.

``sample_check --year Y --rate 0.05 --seed N [--date D] [--dry-run]`` draws (reproducibly: the
same seed draws the same statements); ``sample_check --line ID --proven|--not-proven [--reason]``
records a proof. A line not proven releases its commitment or, if already paid, is reclaimed.
The day may not lie after today; a refusal is a Dutch message, never a traceback."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import samples
from budgetlijn.settlements.models import SampledLine

ACTOR = "sample_check"
MAX_ID = 2**63 - 1  # the largest id the database holds


class _DryRun(Exception):
    """Rolls a proof decision back after it ran (``--dry-run``)."""

    def __init__(self, line: str):
        super().__init__(line)
        self.line = line


class Command(BaseCommand):
    help = _("Steekproef van kostenstaten (R31): trekken, of het bewijs van een lijn registreren.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=cli.integer(), help=_("Het budgetjaar."))
        parser.add_argument("--rate", help=_("Het deel van de kostenstaten, bv. 0.05."))
        parser.add_argument(
            "--seed", type=cli.integer(0, MAX_ID), help=_("Het zaad van de trekking.")
        )
        parser.add_argument(
            "--line", type=cli.integer(1, MAX_ID), help=_("Een lijn van de steekproef.")
        )
        proof = parser.add_mutually_exclusive_group()
        proof.add_argument("--proven", action="store_true", help=_("Het bewijs werd gegeven."))
        proof.add_argument(
            "--not-proven", action="store_true", help=_("Het bewijs werd niet gegeven.")
        )
        parser.add_argument("--reason", default="", help=_("Toelichting bij de beslissing."))
        parser.add_argument(
            "--date", dest="on", type=cli.day(), help=_("De dag (JJJJ-MM-DD); standaard vandaag.")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Toon de trekking of de beslissing zonder iets op te slaan."),
        )

    def handle(self, *args, **options):
        on = options["on"] or timezone.localdate()
        try:
            if options["line"] is not None:
                self._proof(options, on)
            else:
                self._draw(options, on)
        except RuleViolations as error:
            raise CommandError(" ".join(v.text() for v in error.violations)) from None

    def _draw(self, options, on) -> None:
        missing = [name for name in ("year", "rate", "seed") if options[name] is None]
        if missing:
            raise CommandError(
                _("Geef --year, --rate en --seed om een steekproef te trekken (ontbreekt: %(m)s).")
                % {"m": ", ".join(f"--{name}" for name in missing)}
            )
        report = samples.draw_sample(
            year=options["year"],
            rate=options["rate"],
            seed=options["seed"],
            on=on,
            by=ACTOR,
            dry_run=options["dry_run"],
        )
        sample = report.sample
        if not report.created:
            self.stdout.write(
                _("Deze steekproef (%(year)s, zaad %(seed)s) werd al getrokken op %(day)s.")
                % {"year": sample.year, "seed": sample.seed, "day": f"{sample.drawn_on:%d/%m/%Y}"}
            )
        else:
            prefix = _("Proefdraai (niets opgeslagen): ") if report.dry_run else ""
            self.stdout.write(
                prefix
                + _(
                    "Steekproef %(year)s, zaad %(seed)s: %(count)s van %(population)s "
                    "kostenstaten, %(lines)s lijnen."
                )
                % {
                    "year": sample.year,
                    "seed": sample.seed,
                    "count": len(report.statements),
                    "population": sample.population,
                    "lines": report.line_count,
                }
            )
        for statement in report.statements:
            self.stdout.write(
                _("  - kostenstaat %(id)s: bewijzen tegen %(deadline)s, bewaren tot %(until)s")
                % {
                    "id": statement.statement_id,
                    "deadline": f"{statement.deadline:%d/%m/%Y}",
                    "until": f"{statement.retention_until:%d/%m/%Y}",
                }
            )

    def _proof(self, options, on) -> None:
        if not (options["proven"] or options["not_proven"]):
            raise CommandError(_("Geef --proven of --not-proven bij --line."))
        if on > timezone.localdate():
            raise CommandError(_("--date: de dag ligt na vandaag. Kies vandaag of vroeger."))
        sampled = SampledLine.objects.filter(pk=options["line"]).first()
        if sampled is None:
            raise CommandError(
                _("--line: lijn %(line)s staat in geen steekproef.") % {"line": options["line"]}
            )
        try:
            with transaction.atomic():
                result = samples.record_proofs(
                    sampled, proven=options["proven"], on=on, by=ACTOR, reason=options["reason"]
                )
                line = _("Kostenlijn %(line)s: %(outcome)s.") % {
                    "line": result.line_id,
                    "outcome": result.get_outcome_display(),
                }
                if options["dry_run"]:
                    raise _DryRun(line)
        except _DryRun as dry:
            self.stdout.write(_("Proefdraai (niets opgeslagen): ") + dry.line)
            return
        self.stdout.write(line)
