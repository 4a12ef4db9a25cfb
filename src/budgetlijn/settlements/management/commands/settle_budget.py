"""Make the final settlement of a stopped budget (R33) or of a budget ended by a death (R34),
with its last cost statement from a JSON file, and write the letter (and the heirs' certificate)
as PDF.

Books money and cannot be undone: the day may not lie after today, ``--dry-run`` goes the real
path and keeps nothing, the budget is settled all or nothing, a second run returns the first
settlement. A refusal is reported in Dutch, without a traceback (decision 0009)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import pdf, services
from budgetlijn.settlements.constants import EndKind

ACTOR = "settle_budget"


class Command(BaseCommand):
    help = _(
        "Maakt de eindafrekening van een stopgezet budget (R33) of na een overlijden (R34), "
        "met de laatste kostenstaat, en schrijft de brief (en het attest voor de erfgenamen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--budget", type=cli.integer(1), required=True, help=_("Het budget."))
        parser.add_argument(
            "--statement",
            help=_(
                "De laatste kostenstaat als JSON-bestand (zoals de API hem ontvangt: budget_id, "
                "year, lines)."
            ),
        )
        parser.add_argument(
            "--date",
            dest="on",
            type=cli.day(),
            help=_("De dag van de afrekening (JJJJ-MM-DD), vandaag of vroeger; standaard vandaag."),
        )
        parser.add_argument("--out", help=_("Map waarin de pdf-bestanden geschreven worden."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Toon de afrekening zonder iets op te slaan.")
        )

    def handle(self, *args, budget, statement=None, on=None, out=None, dry_run=False, **opts):
        on = on or timezone.localdate()
        raw = self._statement(statement) if statement else None
        found = Budget.objects.filter(pk=budget).first()
        if found is None:
            raise CommandError(_("--budget: budget %(budget)s bestaat niet.") % {"budget": budget})
        try:
            report = services.settle_budget(found, on=on, statement=raw, by=ACTOR, dry_run=dry_run)
        except RuleViolations as error:
            raise CommandError(
                _("Geen eindafrekening gemaakt: %(reasons)s")
                % {"reasons": " ".join(v.text() for v in error.violations)}
            ) from None
        self._report(report, dry_run, on)
        if out and not dry_run:
            self._write(report.settlement, Path(out))

    def _statement(self, name: str) -> dict:
        try:
            return json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(
                _("--statement: %(name)s kan niet gelezen worden als JSON (%(error)s).")
                % {"name": name, "error": error}
            ) from None

    def _report(self, report, dry_run: bool, on: date) -> None:
        s = report.settlement
        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        if not report.created:
            self.stdout.write(
                _("Budget %(budget)s werd al afgerekend op %(day)s; er verandert niets.")
                % {"budget": s.budget_id, "day": f"{s.settled_on:%d/%m/%Y}"}
            )
        else:
            self.stdout.write(
                prefix
                + _("Eindafrekening budget %(budget)s (%(kind)s) op %(day)s.")
                % {"budget": s.budget_id, "kind": s.get_end_kind_display(), "day": f"{on:%d/%m/%Y}"}
            )
        for label, amount in (
            (_("nog te betalen"), s.payable),
            (_("voorschot"), s.advance),
            (_("voorschot ingehouden"), s.advance_deducted),
            (_("voorschot terug te storten"), s.advance_asked_back),
            (_("nog uit te betalen"), s.net_payout),
            (_("extra voor verbrekingsvergoedingen"), s.severance_extra),
        ):
            self.stdout.write(f"  {label}: {format_eur(amount)}")
        for finding in s.findings:
            self.stdout.write(f"  - {finding['message']}")

    def _write(self, settlement, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            letter = folder / f"eindafrekening-budget-{settlement.budget_id}.pdf"
            letter.write_bytes(pdf.settlement_letter_pdf(settlement))
            written = [letter]
            if settlement.end_kind == EndKind.DEATH:
                certificate = folder / f"attest-erfgenamen-budget-{settlement.budget_id}.pdf"
                certificate.write_bytes(pdf.heirs_certificate_pdf(settlement))
                written.append(certificate)
        except OSError as error:
            raise CommandError(
                _("--out: de bestanden konden niet geschreven worden (%(error)s).")
                % {"error": error}
            ) from None
        for path in written:
            self.stdout.write(_("Geschreven: %(path)s") % {"path": path})
