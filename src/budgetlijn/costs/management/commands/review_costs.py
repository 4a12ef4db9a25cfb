"""manage.py review_costs: the agency's queue of waiting cost lines, oldest first, and the
decision on a late line's reason (R25).

Without options it lists the queue: every waiting line with its age, budget, amount and why it
waits. ``--accept ID`` or ``--refuse ID`` with ``--reason "..."`` decides one late line through
``services.review_line`` (which writes the audit); ``--dry-run`` goes the real path and rolls
back. Lines waiting for their contract are decided with the contract (approval_queue)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.costs import queue, services
from budgetlijn.costs.constants import Outcome, WaitReason
from budgetlijn.costs.models import CostLine
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations

# Who the audit trail names for a decision made with this command.
ACTOR = "review_costs"
MAX_LIMIT = 10_000
MAX_ID = 2**63 - 1


class DryRun(Exception):
    """Rolls the real path back after it ran."""


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy description (--help).
    help = (
        "Toont de kostenlijnen die op het agentschap wachten, de oudste eerst, en beslist over "
        "de reden van een laattijdige kost (--accept of --refuse met --reason)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accept",
            type=cli.integer(1, MAX_ID),
            metavar="ID",
            help=gettext_lazy("Aanvaard de reden van de laattijdige kostenlijn met dit nummer."),
        )
        parser.add_argument(
            "--refuse",
            type=cli.integer(1, MAX_ID),
            metavar="ID",
            help=gettext_lazy("Weiger de reden van de laattijdige kostenlijn met dit nummer."),
        )
        parser.add_argument(
            "--reason",
            default="",
            help=gettext_lazy(
                "De motivering, die de budgethouder leest (verplicht bij een beslissing)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Toon de beslissing zonder iets op te slaan."),
        )
        parser.add_argument(
            "--limit",
            type=cli.integer(1, MAX_LIMIT),
            default=100,
            help=gettext_lazy("Hoeveel lijnen hoogstens tonen (standaard 100)."),
        )

    def handle(self, *args, accept=None, refuse=None, reason="", dry_run=False, limit=100, **opts):
        if accept is not None and refuse is not None:
            raise CommandError(_("Geef --accept of --refuse, niet allebei."))
        if accept is None and refuse is None:
            if reason or dry_run:
                raise CommandError(
                    _(
                        "--reason en --dry-run horen bij een beslissing: geef ook --accept of --refuse."
                    )
                )
            self.list_queue(limit)
            return
        line_id = accept if accept is not None else refuse
        self.decide(line_id, accept=accept is not None, reason=reason, dry_run=dry_run)

    def list_queue(self, limit: int) -> None:
        today = timezone.localdate()
        lines = list(queue.waiting_lines()[: limit + 1])
        more = len(lines) > limit
        lines = lines[:limit]
        if not lines:
            self.stdout.write(_("Geen kostenlijnen wachten op het agentschap."))
            return
        self.stdout.write(_("Wachtrij op %(day)s, de oudste eerst:") % {"day": f"{today:%d/%m/%Y}"})
        for line in lines:
            why = WaitReason(line.wait_reason).label if line.wait_reason else "–"
            late = queue.late_reason_label(line.late_reason)
            if late:
                why = f"{why} ({late})"
            self.stdout.write(
                _(
                    "- kostenlijn %(id)s: %(age)s dag(en), %(budget)s, budgetjaar %(year)s, "
                    "%(amount)s, %(kind)s: %(why)s"
                )
                % {
                    "id": line.pk,
                    "age": queue.age_days(line, today),
                    "budget": line.budget,
                    "year": line.year,
                    "amount": format_eur(line.amount),
                    "kind": queue.cost_kind_label(line.cost_kind),
                    "why": why,
                }
            )
        if more:
            self.stdout.write(
                _("... en meer; toon er meer met --limit (hoogstens %(max)s).") % {"max": MAX_LIMIT}
            )

    def decide(self, line_id: int, *, accept: bool, reason: str, dry_run: bool) -> None:
        line = CostLine.objects.filter(pk=line_id).first()
        if line is None:
            raise CommandError(
                _("Kostenlijn %(id)s bestaat niet. Kies een nummer uit de wachtrij (review_costs).")
                % {"id": line_id}
            )
        if line.wait_reason == WaitReason.CONTRACT_NOT_APPROVED:
            raise CommandError(
                _(
                    "Kostenlijn %(id)s wacht op de goedkeuring van haar overeenkomst. Beslis over "
                    "de overeenkomst (approval_queue); de kost wordt dan mee beslist."
                )
                % {"id": line_id}
            )
        try:
            with transaction.atomic():
                decided = services.review_line(line, accept=accept, reason=reason, by=ACTOR)
                if dry_run:
                    raise DryRun
        except RuleViolations as refused:
            raise CommandError(" ".join(v.text() for v in refused.violations)) from None
        except DryRun:
            pass
        self.stdout.write(
            _(
                "Kostenlijn %(id)s: %(outcome)s, %(accepted)s aanvaard, %(own)s ten laste van de "
                "budgethouder."
            )
            % {
                "id": decided.pk,
                "outcome": Outcome(decided.outcome).label,
                "accepted": format_eur(decided.accepted_amount),
                "own": format_eur(decided.own_amount),
            }
        )
        if dry_run:
            self.stdout.write(_("Proefdraai: er werd niets opgeslagen."))
