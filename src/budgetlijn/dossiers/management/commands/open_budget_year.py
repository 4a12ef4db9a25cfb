"""Yearly run: book the (indexed) yearly amount of every running budget for a year.

The amount is the parameter in force on 1 January of that year, so an administrator first
adds next year's indexed amounts (admin or ``set_parameter``) and then runs this. Running
it twice books nothing the second time."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.dossiers.services import open_budget_year
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.parameters import ParameterMissing


class Command(BaseCommand):
    help = "Boekt het jaarbudget van een jaar voor alle lopende budgetten (na de indexering)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Het budgetjaar, bv. 2027.")

    def handle(self, *args, year, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year: geef een jaar tussen 2000 en 2100.")
        booked = already = 0
        missing: dict[str, int] = {}
        running = Budget.objects.filter(status=BudgetStatus.STARTED, started_on__year__lte=year)
        opened = set(
            Entry.objects.filter(year=year, kind=EntryKind.ALLOCATION).values_list(
                "budget_id", flat=True
            )
        )
        for budget in running.select_related("person").iterator():
            if budget.pk in opened:
                already += 1
                continue
            try:
                with transaction.atomic():
                    entry = open_budget_year(budget, year)
            except ParameterMissing as exc:
                missing[exc.name] = missing.get(exc.name, 0) + 1
                continue
            if entry is not None:
                booked += 1
        self.stdout.write(
            f"Budgetjaar {year}: {booked} jaarbudget(ten) geboekt, {already} stonden er al."
        )
        for name, count in sorted(missing.items()):
            self.stderr.write(
                f"Geen bedrag voor parameter {name} op 1 januari {year} ({count} budget(ten)). "
                "Voeg de geïndexeerde bedragen toe met set_parameter en start opnieuw."
            )
        record(
            action=AuditEvent.Action.COMMAND,
            obj=Budget(),
            summary=f"open_budget_year {year}: {booked} geboekt",
        )
        if missing:
            raise CommandError("Niet alle budgetten konden geboekt worden.")
