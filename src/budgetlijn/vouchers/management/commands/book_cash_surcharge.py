"""manage.py book_cash_surcharge --year Y: book the R12 surcharge (11,94 % on cash spent at
non-licensed providers) for every PVB of the year, as the difference with what was booked
before (``vouchers.surcharge``); running it again books nothing. ``--dry-run`` rolls back."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.dossiers.constants import BudgetKind
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules import parameters
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers import surcharge

ACTOR = "book_cash_surcharge"
RATE = "pvb.cash_surcharge.rate"
MAX_ID = 2**63 - 1


class Command(BaseCommand):
    help = (
        "Boekt de toeslag (R12, parameter pvb.cash_surcharge.rate) op het cashgedeelte bij "
        "niet-vergunde zorgaanbieders (PVB) voor een budgetjaar: alleen het verschil met wat "
        "al geboekt is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=cli.integer(2000, 2099),
            required=True,
            help=gettext_lazy("Het budgetjaar."),
        )
        parser.add_argument(
            "--budget",
            type=cli.integer(1, MAX_ID),
            action="append",
            help=gettext_lazy("Alleen dit budget (herhaalbaar)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Toon wat geboekt zou worden.")
        )

    def handle(self, *args, year, budget=None, dry_run=False, **opts):
        try:
            parameters.value(RATE, date(year, 1, 1))
        except parameters.ParameterMissing:
            raise CommandError(
                _(
                    "--year: voor %(year)s is er geen toeslagpercentage (parameter %(name)s). "
                    "Kies een ander jaar of laat een beheerder de waarde toevoegen."
                )
                % {"year": year, "name": RATE}
            ) from None
        if budget:
            known = set(
                Budget.objects.filter(pk__in=budget, kind=BudgetKind.PVB).values_list(
                    "pk", flat=True
                )
            )
            unknown = sorted(set(budget) - known)
            if unknown:
                raise CommandError(
                    _(
                        "--budget: er is geen persoonsvolgend budget met nummer %(ids)s. "
                        "Controleer het budgetnummer."
                    )
                    % {"ids": ", ".join(str(pk) for pk in unknown)}
                )
        report = surcharge.book_cash_surcharges(
            year=year, budget_ids=budget, by=ACTOR, dry_run=dry_run
        )
        for step in report.steps:
            if step.violations:
                self.stdout.write(
                    _("budget %(budget)s: niet geboekt: %(reasons)s")
                    % {
                        "budget": step.budget_id,
                        "reasons": " ".join(v.text() for v in step.violations),
                    }
                )
            elif step.step:
                self.stdout.write(
                    _(
                        "budget %(budget)s: cash %(cash)s, toeslag %(surcharge)s, nu geboekt %(step)s"
                    )
                    % {
                        "budget": step.budget_id,
                        "cash": format_eur(step.cash),
                        "surcharge": format_eur(step.surcharge),
                        "step": format_eur(step.step),
                    }
                )
        line = _(
            "%(year)s: %(count)s budget(ten) nagekeken, %(booked)s toeslag geboekt, %(refused)s geweigerd."
        ) % {
            "year": year,
            "count": len(report.steps),
            "booked": format_eur(report.booked),
            "refused": len(report.refused),
        }
        if dry_run:
            line = _("Proef (niets opgeslagen): %(line)s") % {"line": line}
        self.stdout.write(line)
