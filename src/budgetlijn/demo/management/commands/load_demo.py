"""manage.py load_demo [--scale N] [--seed S]: realistic, reproducible Flemish demo data.

Persons with Flemish names and real municipalities, valid national register numbers and IBANs;
PVB and PAB budgets (``--scale`` times about 250 and 20) and always the 124 convenants of 2022
(seed 000); the contracts that started and spend them (approved, refused, changed, some waiting
in the approval queue), with valid enterprise numbers; short-term support and an MFC
combination. All through the services, in one transaction. The ledger is append-only, so there
is no --reset: the command loads only into a database without persons or budgets; run again on
a database that already holds the demo data, it says so and changes nothing.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from budgetlijn import cli
from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.assistance.models import Mandate, Organisation
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.costs.constants import Outcome, WaitReason
from budgetlijn.demo import costs as demo_costs
from budgetlijn.demo import loader
from budgetlijn.demo.convenants import (
    CONVENANT_2022_PROVINCES,
    CONVENANT_2022_TABLE,
    CONVENANT_CATEGORY_LABELS,
)
from budgetlijn.demo.plan import REFERENCE_DATE, generate_plan
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus, Province
from budgetlijn.dossiers.models import Budget, Person
from budgetlijn.ledger.models import Entry

KIND_LABELS = {
    BudgetKind.PVB: "PVB",
    BudgetKind.PAB: "PAB",
    BudgetKind.CONVENANT: "Convenant",
}
CONVENANT_YEAR = 2022
# 200 is about 50,000 PVB's, more than Flanders has; a larger scale only fills the disk.
MAX_SCALE = 200


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    """Plain text table: the first column left-aligned, the others right-aligned."""
    cells = [header, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]).rstrip())
    return lines


class Command(BaseCommand):
    help = (
        "Laadt realistische demodata: personen, PVB's, PAB's en de 124 persoonsvolgende "
        "convenanten van 2022. Alleen in een lege databank; een tweede keer verandert niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=cli.integer(0, MAX_SCALE),
            default=1,
            help=(
                "Schaal: 1 geeft ongeveer 250 PVB's en 20 PAB's; 0 alleen de convenanten; "
                f"hoogstens {MAX_SCALE}."
            ),
        )
        parser.add_argument(
            "--seed",
            type=cli.integer(),
            default=2023,
            help="Startwaarde van de toevalsgenerator: dezelfde seed geeft dezelfde data.",
        )
        parser.add_argument(
            "--today",
            type=cli.day(),
            default=None,
            help=(
                "Datum van vandaag (JJJJ-MM-DD) voor de budgetten die nog moeten opstarten; "
                "standaard vandaag."
            ),
        )

    def handle(self, *args, scale: int, seed: int, today: date | None, **options) -> None:
        if not 0 <= scale <= MAX_SCALE:
            raise CommandError(
                gettext("--scale: geef een schaal van 0 tot en met %(max)s.") % {"max": MAX_SCALE}
            )
        today = today or max(timezone.localdate(), REFERENCE_DATE)
        if today < REFERENCE_DATE:
            raise CommandError(
                f"De datum van vandaag kan niet vóór {REFERENCE_DATE:%d/%m/%Y} liggen: de "
                "demodata lopen tot die dag."
            )
        started = time.monotonic()
        with transaction.atomic():
            marker = loader.demo_marker()
            if marker is not None:
                details = marker.details or {}
                self.stdout.write(
                    "De demodata zijn al geladen (schaal {scale}, seed {seed}, op {at}). "
                    "Er werd niets gewijzigd.".format(
                        scale=details.get("scale", "?"),
                        seed=details.get("seed", "?"),
                        at=timezone.localtime(marker.at).strftime("%d/%m/%Y %H:%M"),
                    )
                )
                return
            persons, budgets = Person.objects.count(), Budget.objects.count()
            if persons or budgets:
                raise CommandError(
                    f"De databank bevat al {_count(persons, 'persoon', 'personen')} en "
                    f"{_count(budgets, 'budget', 'budgetten')} die niet door load_demo geladen "
                    "werden. Demodata worden alleen in een lege databank geladen: boekingen in "
                    "het grootboek kunnen niet gewist worden. Gebruik een nieuwe databank "
                    "(bijvoorbeeld: verwijder db.sqlite3 en voer 'make demo' opnieuw uit)."
                )
            plan = generate_plan(scale, seed, today)
            try:
                result = loader.load(plan)
            except loader.DemoPlanRefused as error:
                messages = "; ".join(v.text() for v in error.violations) or "geweigerd"
                raise CommandError(
                    f"De regels weigerden de demodata bij {error.budget.key} ({error.step}): "
                    f"{messages}. Er werd niets opgeslagen."
                ) from error
            except loader.DemoPlanMismatch as error:
                raise CommandError(
                    f"De demodata kloppen niet met het plan ({error}). Er werd niets opgeslagen."
                ) from error
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata geladen in {seconds} s (schaal {scale}, seed {seed}, "
                f"vandaag {today:%d/%m/%Y}): {result.persons} personen, {result.budgets} "
                f"budgetten, {result.contracts} overeenkomsten, {Entry.objects.count()} "
                "boekingen in het grootboek."
            )
        )
        self.write_status_table()
        self.write_contracts()
        self.write_costs()
        self.write_assistance(today)
        self.write_convenant_table()
        due = loader.due_within(today, 30)
        self.stdout.write(
            f"\nNog op te starten, met een uiterste startdatum in de komende 30 dagen: "
            f"{len(due)} budgetten (zie 'manage.py run_deadlines')."
        )

    def write_status_table(self) -> None:
        counts = loader.counts_by_kind_and_status()
        statuses = list(BudgetStatus)
        header = ["Soort", *[str(status.label) for status in statuses], "totaal"]
        rows = []
        for kind in BudgetKind:
            values = [counts.get((kind.value, status.value), 0) for status in statuses]
            rows.append([KIND_LABELS[kind], *values, sum(values)])
        totals = [sum(row[i] for row in rows) for i in range(1, len(header))]
        rows.append(["Totaal", *totals])
        self.stdout.write("\nBudgetten per soort en status")
        for line in _table(header, rows):
            self.stdout.write("  " + line)

    def write_contracts(self) -> None:
        counts = loader.contract_counts()
        statuses = "; ".join(
            f"{counts.get(status.value, 0)} {status.label}" for status in ContractStatus
        )
        self.stdout.write(f"\nOvereenkomsten (alle versies): {statuses}.")
        self.stdout.write(
            f"  {_count(counts['short_term_usages'], 'registratie', 'registraties')} van "
            "kortdurende ondersteuning, "
            f"{_count(counts['mfc_combinations'], 'combinatie', 'combinaties')} met een MFC. "
            "De wachtrij: 'manage.py approval_queue'."
        )

    def write_costs(self) -> None:
        costs = demo_costs.summary()
        outcomes = "; ".join(
            f"{costs.outcomes.get(outcome.value, 0)} {outcome.label}" for outcome in Outcome
        )
        waiting = ", ".join(
            f"{costs.waiting.get(reason.value, 0)} omdat {reason.label}" for reason in WaitReason
        )
        self.stdout.write(
            f"\nKosten {demo_costs.COST_YEAR}: {_count(costs.statements, 'kostenstaat', 'kostenstaten')}"
            f" met {_count(costs.lines, 'kostenlijn', 'kostenlijnen')}: {outcomes}."
        )
        self.stdout.write(
            f"  Wachtend: {waiting}. De beoordelingswachtrij van het agentschap: laattijdige "
            "kosten, oudste eerst."
        )

    def write_assistance(self, today: date) -> None:
        organisations = Organisation.objects.order_by("kind", "name")
        licensed = [
            o.name
            for o in organisations
            if o.kind == OrganisationKind.ASSISTANCE_ORGANISATION and o.is_licensed_on(today)
        ]
        providers = [
            o.name for o in organisations if o.kind != OrganisationKind.ASSISTANCE_ORGANISATION
        ]
        mandates = Mandate.objects.all()
        active = mandates.active_on(today).count()
        revoked = mandates.filter(revoked_at__isnull=False).count()
        self.stdout.write(
            f"\nBijstandsorganisaties (R36, seed 003 §1.4): {', '.join(licensed)}; "
            f"zorgaanbieders: {', '.join(providers)}."
        )
        self.stdout.write(
            f"  {_count(mandates.count(), 'mandaat', 'mandaten')}: {active} van kracht, "
            f"{revoked} ingetrokken, de rest afgelopen. Herinneringen: 'manage.py "
            "remind_mandates'."
        )

    def write_convenant_table(self) -> None:
        counts = loader.convenant_counts(CONVENANT_YEAR)
        provinces = list(CONVENANT_2022_PROVINCES)
        provinces += sorted({p for (_c, p) in counts} - set(provinces))
        categories = list(CONVENANT_2022_TABLE)
        categories += sorted({c for (c, _p) in counts} - set(categories))
        header = ["Budgetcategorie", *[str(Province(p).label) for p in provinces], "Totaal"]
        rows = []
        for category in categories:
            values = [counts.get((category, province), 0) for province in provinces]
            rows.append([CONVENANT_CATEGORY_LABELS.get(category, category), *values, sum(values)])
        totals = [sum(row[i] for row in rows) for i in range(1, len(header))]
        rows.append(["Totaal", *totals])
        self.stdout.write(
            f"\nPersoonsvolgende convenanten ter beschikking gesteld in {CONVENANT_YEAR} "
            "(seed 000, antwoord op vraag nr. 969)"
        )
        for line in _table(header, rows):
            self.stdout.write("  " + line)
        self.stdout.write(
            "  Aanname: in de schaarse rijen ging de kolom van elk getal verloren; ze zijn van "
            "links naar rechts ingevuld. De rijtotalen en het totaal zijn exact "
            "(docs/decisions/0005-convenant-2022-table.md)."
        )
