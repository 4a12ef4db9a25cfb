"""Daily deadline run: lapse budgets not started in time and list what falls due soon.

Running it twice on the same day changes nothing the second time."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.dossiers import selectors, services
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules import parameters


class Command(BaseCommand):
    help = (
        "Laat budgetten vervallen die niet binnen de termijn opstartten (R1/R2) en toont wat "
        "de komende dagen vervalt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="De dag van de controle (JJJJ-MM-DD); standaard vandaag."
        )
        parser.add_argument(
            "--days",
            type=int,
            help="Hoeveel dagen vooruit kijken (standaard de parameter deadlines.notice_days).",
        )

    def handle(self, *args, on=None, days=None, **options):
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(
                f"--date: '{on}' is geen geldige datum. Gebruik JJJJ-MM-DD, bijvoorbeeld 2026-11-23."
            ) from exc
        if days is None:
            days = int(parameters.value("deadlines.notice_days", day))
        if days < 0:
            raise CommandError("--days: geef een aantal dagen van 0 of meer.")

        lapsed = []
        for budget in selectors.not_started():
            if budget.start_deadline and day > budget.start_deadline:
                result = services.lapse_budget(budget, on=day)
                if result is not None:
                    lapsed.append(result)
        self.stdout.write(f"Controle van de termijnen op {day:%d/%m/%Y}.")
        self.stdout.write(f"Vervallen: {len(lapsed)} budget(ten).")
        for budget in lapsed:
            self.stdout.write(
                f"  - {budget.pk} {budget.get_kind_display()} {budget.person}: niet opgestart vóór {budget.start_deadline:%d/%m/%Y}"
            )
        due = selectors.due_within(day, days)
        self.stdout.write(f"Binnen {days} dagen te doen: {len(due)}.")
        for item in due:
            self.stdout.write(
                f"  - {item.due_on:%d/%m/%Y} budget {item.budget.pk} ({item.budget.get_kind_display()}, {item.budget.person}): {item.what}"
            )
        if lapsed:  # a run that changes nothing leaves no trace either (idempotent)
            record(
                action=AuditEvent.Action.COMMAND,
                obj=Budget(),
                summary=f"run_deadlines {day.isoformat()}: {len(lapsed)} vervallen",
                details={"lapsed": [b.pk for b in lapsed]},
            )
