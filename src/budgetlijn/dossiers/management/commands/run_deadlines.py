"""Daily deadline run: lapse budgets not started in time and list what falls due soon.

Lapsing cannot be undone, so the run refuses a day after today, offers ``--dry-run`` (the
real path, rolled back) and lapses each budget in its own transaction. Whether a budget
lapses is the rule's decision (``rules.budgets.check_lapse``); the query here only picks
candidates broadly. A budget lapses on the day after its deadline, whatever day the run
notices it (decision 0009). Running it twice on the same day changes nothing the second time."""

from contextlib import nullcontext
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn import cli
from budgetlijn.dossiers import selectors, services
from budgetlijn.rules import parameters

# Who the audit trail names for what this command does.
ACTOR = "run_deadlines"
# The list of what falls due looks at most a year ahead (a larger number overflowed dates).
MAX_DAYS = 366


class Command(BaseCommand):
    help = (
        "Laat budgetten vervallen die niet binnen de termijn opstartten (R1/R2) en toont wat "
        "de komende dagen vervalt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="on",
            help="De dag van de controle (JJJJ-MM-DD), vandaag of vroeger; standaard vandaag.",
        )
        parser.add_argument(
            "--days",
            type=cli.integer(),
            help=(
                f"Hoeveel dagen vooruit kijken, 0 tot {MAX_DAYS} (standaard de parameter "
                "deadlines.notice_days)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat er zou vervallen, zonder iets op te slaan.",
        )

    def handle(self, *args, on=None, days=None, dry_run=False, **options):
        today = timezone.localdate()
        try:
            day = date.fromisoformat(on) if on else today
        except ValueError as exc:
            raise CommandError(
                _(
                    "--date: '%(raw)s' is geen geldige datum. Gebruik JJJJ-MM-DD, bijvoorbeeld "
                    "2026-11-23."
                )
                % {"raw": on}
            ) from exc
        if day > today:
            raise CommandError(
                _(
                    "--date: %(day)s ligt na vandaag (%(today)s). Een budget laten vervallen kan "
                    "niet ongedaan gemaakt worden: kies vandaag of een vroegere dag, of bekijk "
                    "het eerst met --dry-run op vandaag."
                )
                % {"day": f"{day:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
            )
        if days is not None and not 0 <= days <= MAX_DAYS:
            raise CommandError(
                _("--days: geef een aantal dagen van 0 tot en met %(max)s.") % {"max": MAX_DAYS}
            )
        try:
            if days is None:
                days = int(parameters.value("deadlines.notice_days", day))
            # Listed first: it reads every parameter the run needs on that day, before any change.
            due = selectors.due_within(day, days)
            with transaction.atomic() if dry_run else nullcontext():
                lapsed = self.lapse(day)
                if dry_run:
                    transaction.set_rollback(True)
        except parameters.ParameterMissing as exc:
            raise CommandError(
                _("--date: %(error)s Voor %(day)s kan de controle niet lopen: kies een latere dag.")
                % {"error": exc, "day": f"{day:%d/%m/%Y}"}
            ) from exc

        prefix = _("Proefdraai (niets opgeslagen): ") if dry_run else ""
        verb = _("zou vervallen") if dry_run else _("vervallen")
        self.stdout.write(
            prefix + _("Controle van de termijnen op %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
        )
        self.stdout.write(
            _("Vervallen door deze run: %(count)s budget(ten).") % {"count": len(lapsed)}
        )
        for budget in lapsed:
            self.stdout.write(
                _(
                    "  - %(budget)s %(kind)s %(person)s: %(verb)s op %(day)s, niet opgestart tegen %(deadline)s"
                )
                % {
                    "budget": budget.pk,
                    "kind": budget.get_kind_display(),
                    "person": budget.person,
                    "verb": verb,
                    "day": f"{budget.lapsed_on:%d/%m/%Y}",
                    "deadline": f"{budget.start_deadline:%d/%m/%Y}",
                }
            )
        self.stdout.write(
            _("Binnen %(days)s dagen te doen: %(count)s.") % {"days": days, "count": len(due)}
        )
        for item in due:
            self.stdout.write(
                f"  - {item.due_on:%d/%m/%Y} budget {item.budget.pk} ({item.budget.get_kind_display()}, {item.budget.person}): {item.what}"
            )

    def lapse(self, day: date) -> list:
        """Lapse every candidate the rule says must lapse; each budget in its own transaction,
        with its lifecycle step and its audit event (naming the budget and this command)."""
        lapsed = []
        # Broad pre-selection only: a deadline always lies after the letter was received.
        for budget in selectors.not_started().filter(letter_received_on__lt=day):
            result = services.lapse_budget(budget, on=day, by=ACTOR)
            if result is not None:
                lapsed.append(result)
        return lapsed
